package io.cdrvault.ingest.normalize;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * libphonenumber's {@code PhoneNumberUtil.parse} for a candidate that is digits only (the
 * {@link NumberNormalizer} has already removed separators and decorations), without the parts of
 * {@code parse} that clean up free text: for digits, its viability and extension regular expressions
 * cannot match anything, yet they were a third of the decode CPU (BENCHMARKS.md §7, ADR 0022).
 *
 * <p>It takes the same steps as {@code parse} for such input — country code extraction, the
 * region's international and national prefixes, the length limits, the Italian leading zero —
 * and answers {@link #UNSURE} whenever one of the region's prefix patterns applies (stripping a
 * national or international prefix), so that the caller falls back to {@code parse}. What it
 * returns equals {@code parse}'s result for every input; {@code DigitsParserTest} compares the two
 * over every region's example numbers and mutations of them.
 *
 * <p>Thread-safe. Patterns are compiled once per region.
 */
final class DigitsParser {
  /** {@code parse} would fail: not a possible number. */
  static final Phonenumber.PhoneNumber NOT_A_NUMBER = new Phonenumber.PhoneNumber();
  /** Only {@code parse} itself can tell. */
  static final Phonenumber.PhoneNumber UNSURE = new Phonenumber.PhoneNumber();

  private static final int MIN_LENGTH_FOR_NSN = 2;
  private static final int MAX_LENGTH_FOR_NSN = 17;
  private static final int MAX_LENGTH_COUNTRY_CODE = 3;
  /** Longer candidates are left to {@code parse} (it has its own input limit). */
  private static final int MAX_DIGITS = 40;
  private static final Pattern NEVER = Pattern.compile("(?!)");

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final Set<Integer> CALLING_CODES = UTIL.getSupportedCallingCodes();
  private static final MetadataSource METADATA =
      DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
  private static final Map<String, Prefixes> BY_REGION = new ConcurrentHashMap<>();
  private static final Map<Integer, Prefixes> BY_CALLING_CODE = new ConcurrentHashMap<>();

  /** A region's metadata and its prefix patterns, compiled once. */
  private record Prefixes(PhoneMetadata metadata, Pattern international, Pattern national) {
    static Prefixes of(PhoneMetadata m) {
      return new Prefixes(m, compile(m.getInternationalPrefix()), compile(m.getNationalPrefixForParsing()));
    }

    private static Pattern compile(String regex) {
      return regex == null || regex.isEmpty() ? NEVER : Pattern.compile(regex);
    }
  }

  private DigitsParser() {}

  /** As {@code parse("+" + digits, "ZZ")}; {@code digits} holds only ASCII digits. */
  static Phonenumber.PhoneNumber international(String digits) {
    int n = digits.length();
    if (n > MAX_DIGITS) {
      return UNSURE;
    }
    if (n <= MIN_LENGTH_FOR_NSN || digits.charAt(0) == '0') {
      return NOT_A_NUMBER; // too short after the '+', or no country code starts with 0
    }
    int cc = 0;
    int ccLength = 0;
    for (int i = 1; i <= MAX_LENGTH_COUNTRY_CODE && i <= n; i++) {
      int candidate = Integer.parseInt(digits, 0, i, 10);
      if (CALLING_CODES.contains(candidate)) {
        cc = candidate;
        ccLength = i;
        break;
      }
    }
    if (cc == 0) {
      return NOT_A_NUMBER;
    }
    Prefixes p = forCallingCode(cc);
    return nationalPart(cc, digits.substring(ccLength), p);
  }

  /**
   * As {@code parse(digits, region)} for a supported {@code region}; {@code digits} holds only
   * ASCII digits.
   */
  static Phonenumber.PhoneNumber national(String digits, String region) {
    if (digits.length() > MAX_DIGITS) {
      return UNSURE;
    }
    if (digits.length() < MIN_LENGTH_FOR_NSN) {
      return NOT_A_NUMBER;
    }
    Prefixes p = BY_REGION.computeIfAbsent(region, r -> Prefixes.of(METADATA.getMetadataForRegion(r)));
    int cc = p.metadata().getCountryCode();
    if (p.international().matcher(digits).lookingAt() || digits.startsWith(Integer.toString(cc))) {
      return UNSURE; // an international prefix, or maybe the region's own country code
    }
    return nationalPart(cc, digits, p);
  }

  private static Phonenumber.PhoneNumber nationalPart(int cc, String national, Prefixes p) {
    if (national.length() < MIN_LENGTH_FOR_NSN) {
      return NOT_A_NUMBER;
    }
    if (p != null && !national.isEmpty() && p.national().matcher(national).lookingAt()) {
      return UNSURE; // parse may strip a national prefix (and carrier code) here
    }
    if (national.length() > MAX_LENGTH_FOR_NSN) {
      return NOT_A_NUMBER;
    }
    Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber().setCountryCode(cc);
    if (national.length() > 1 && national.charAt(0) == '0') {
      number.setItalianLeadingZero(true);
      int zeros = 1;
      while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
        zeros++;
      }
      if (zeros != 1) {
        number.setNumberOfLeadingZeros(zeros);
      }
    }
    return number.setNationalNumber(Long.parseLong(national));
  }

  private static Prefixes forCallingCode(int cc) {
    Prefixes p = BY_CALLING_CODE.get(cc);
    if (p != null) {
      return p;
    }
    String region = UTIL.getRegionCodeForCountryCode(cc);
    PhoneMetadata m = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
        ? METADATA.getMetadataForNonGeographicalRegion(cc)
        : METADATA.getMetadataForRegion(region);
    if (m == null) {
      return null; // parse uses no metadata then
    }
    return BY_CALLING_CODE.computeIfAbsent(cc, c -> Prefixes.of(m));
  }
}
