package io.cdrvault.ingest.simulate;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Valid random numbers per libphonenumber: the customers' own (unique) and external ones that
 * belong to no customer, plus premium international ranges for fraud scenarios. Not thread-safe.
 */
final class NumberPool {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  static final List<String> FOREIGN = List.of("GB", "DE", "FR", "NL", "IN", "MX", "BR", "JP", "NG");
  /** High-cost country ranges often seen in IRSF (with satellite / international networks below). */
  static final List<String> HIGH_COST = List.of("CU", "SO", "LV", "GN", "SL", "TN");
  /** Countries Wangiri waves are commonly seen from. */
  static final List<String> WANGIRI = List.of("SL", "TN", "MR", "CI", "KM", "LV");

  private final Set<String> used = new HashSet<>();

  /** A fresh number of the region, never handed out before. */
  String unique(Random rnd, String region) {
    for (int i = 0; i < 1000; i++) {
      String n = random(rnd, region);
      if (used.add(n)) {
        return n;
      }
    }
    throw new IllegalStateException("cannot find a fresh number");
  }

  /** A valid number of the region that belongs to no customer. */
  String external(Random rnd, String region) {
    for (int i = 0; i < 1000; i++) {
      String n = random(rnd, region);
      if (!used.contains(n)) {
        return n;
      }
    }
    throw new IllegalStateException("cannot find a number outside the customer base");
  }

  /** A premium destination: +881 / +882 (satellite, international networks) or a high-cost country. */
  String premium(Random rnd) {
    int k = rnd.nextInt(3);
    if (k < 2) {
      int cc = k == 0 ? 881 : 882;
      Phonenumber.PhoneNumber example = UTIL.getExampleNumberForNonGeoEntity(cc);
      if (example != null) {
        return randomize(rnd, example, null);
      }
    }
    return external(rnd, HIGH_COST.get(rnd.nextInt(HIGH_COST.size())));
  }

  /** A random number libphonenumber considers valid for the region, in E.164. */
  static String random(Random rnd, String region) {
    PhoneNumberType type = rnd.nextBoolean() ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE;
    Phonenumber.PhoneNumber example = UTIL.getExampleNumberForType(region, type);
    if (example == null) {
      example = UTIL.getExampleNumber(region);
    }
    return randomize(rnd, example, region);
  }

  private static String randomize(Random rnd, Phonenumber.PhoneNumber example, String region) {
    String nsn = UTIL.getNationalSignificantNumber(example);
    int keep = Math.max(3, nsn.length() - 6);
    for (int attempt = 0; attempt < 200; attempt++) {
      StringBuilder b = new StringBuilder(nsn.substring(0, keep));
      for (int i = keep; i < nsn.length(); i++) {
        b.append((char) ('0' + rnd.nextInt(10)));
      }
      Phonenumber.PhoneNumber candidate = new Phonenumber.PhoneNumber()
          .setCountryCode(example.getCountryCode()).setNationalNumber(Long.parseLong(b.toString()));
      boolean valid = region == null ? UTIL.isValidNumber(candidate) : UTIL.isValidNumberForRegion(candidate, region);
      if (valid) {
        return UTIL.format(candidate, PhoneNumberFormat.E164);
      }
    }
    return UTIL.format(example, PhoneNumberFormat.E164);
  }
}
