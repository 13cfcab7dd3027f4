package io.cdrvault.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DigitsParser} against libphonenumber's own {@code parse}: for every answer it is sure of,
 * the same number ({@code exactlySameAs}) or the same failure. Inputs: every region's and every
 * non-geographic entity's example numbers of every type, in international and national form, with
 * mutations (a digit more or less, another first digit, an international, national or
 * country-code prefix), and random digit strings.
 */
class DigitsParserTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final List<String> REGIONS = List.of("US", "CA", "NL", "GB", "DE", "FR", "IT", "IN",
      "AR", "BR", "MX", "AU", "JP", "CN", "RU", "ZA", "NG", "SG", "CH", "AT", "HU", "KR");

  private record Tally(int sure, int total) {}

  @Test
  void internationalDigits_areParsedExactlyAsLibphonenumberDoes() {
    Set<String> inputs = new LinkedHashSet<>();
    for (Phonenumber.PhoneNumber example : examples()) {
      String e164 = UTIL.format(example, PhoneNumberFormat.E164).substring(1);
      inputs.addAll(mutations(e164));
      String cc = Integer.toString(example.getCountryCode());
      inputs.add(cc + "0" + e164.substring(cc.length())); // a national prefix after the country code
    }
    Random rnd = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      inputs.add(randomDigits(rnd, 1 + rnd.nextInt(20)));
    }
    Tally t = compare(inputs, null);
    assertThat(t.total()).isGreaterThan(25_000);
    // the point of the parser: most numbers written with a '+' need no regular expression
    assertThat(t.sure()).isGreaterThan(t.total() * 3 / 4);
  }

  @Test
  void countryCallingCode_isTheOneParseFinds() {
    Set<String> inputs = new LinkedHashSet<>();
    for (Phonenumber.PhoneNumber example : examples()) {
      inputs.addAll(mutations(UTIL.format(example, PhoneNumberFormat.E164).substring(1)));
    }
    Random rnd = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      inputs.add(randomDigits(rnd, 1 + rnd.nextInt(16)));
    }
    int found = 0;
    for (String digits : inputs) {
      java.util.OptionalInt reference;
      try {
        reference = java.util.OptionalInt.of(UTIL.parse("+" + digits, "ZZ").getCountryCode());
      } catch (NumberParseException e) {
        reference = java.util.OptionalInt.empty();
      }
      assertThat(NumberNormalizer.countryCallingCode("+" + digits)).as("+" + digits).isEqualTo(reference);
      found += reference.isPresent() ? 1 : 0;
    }
    assertThat(found).isGreaterThan(inputs.size() / 2);
    assertThat(NumberNormalizer.countryCallingCode("4420")).isEmpty();
    assertThat(NumberNormalizer.countryCallingCode("+44 20")).isEmpty();
    assertThat(NumberNormalizer.countryCallingCode(null)).isEmpty();
  }

  @Test
  void nationalDigits_areParsedExactlyAsLibphonenumberDoes() {
    Set<String> inputs = new LinkedHashSet<>();
    for (Phonenumber.PhoneNumber example : examples()) {
      String national = UTIL.format(example, PhoneNumberFormat.NATIONAL).replaceAll("[^0-9]", "");
      String nsn = UTIL.getNationalSignificantNumber(example);
      String e164 = UTIL.format(example, PhoneNumberFormat.E164).substring(1);
      for (String s : List.of(national, nsn, e164, "00" + e164, "011" + e164, "0" + nsn)) {
        inputs.addAll(mutations(s));
      }
    }
    Random rnd = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      inputs.add(randomDigits(rnd, 1 + rnd.nextInt(18)));
    }
    int sure = 0;
    int total = 0;
    for (String region : REGIONS) {
      Tally t = compare(inputs, region);
      sure += t.sure();
      total += t.total();
    }
    assertThat(total).isGreaterThan(1_000_000);
    assertThat(sure).isGreaterThan(total / 4);
  }

  private static Tally compare(Set<String> inputs, String region) {
    int sure = 0;
    for (String digits : inputs) {
      Phonenumber.PhoneNumber fast = region == null
          ? DigitsParser.international(digits) : DigitsParser.national(digits, region);
      if (fast == DigitsParser.UNSURE) {
        continue;
      }
      sure++;
      Phonenumber.PhoneNumber reference;
      try {
        reference = region == null ? UTIL.parse("+" + digits, "ZZ") : UTIL.parse(digits, region);
      } catch (NumberParseException e) {
        reference = DigitsParser.NOT_A_NUMBER;
      }
      String what = (region == null ? "+" : region + " ") + digits;
      if (reference == DigitsParser.NOT_A_NUMBER || fast == DigitsParser.NOT_A_NUMBER) {
        assertThat(fast).as(what).isSameAs(reference);
      } else {
        assertThat(fast.exactlySameAs(reference)).as(what + ": " + fast + " vs " + reference).isTrue();
      }
    }
    return new Tally(sure, inputs.size());
  }

  private static List<Phonenumber.PhoneNumber> examples() {
    List<Phonenumber.PhoneNumber> out = new ArrayList<>();
    for (String region : UTIL.getSupportedRegions()) {
      for (PhoneNumberType type : PhoneNumberType.values()) {
        Phonenumber.PhoneNumber n = UTIL.getExampleNumberForType(region, type);
        if (n != null) {
          out.add(n);
        }
      }
    }
    for (int cc : UTIL.getSupportedGlobalNetworkCallingCodes()) {
      Phonenumber.PhoneNumber n = UTIL.getExampleNumberForNonGeoEntity(cc);
      if (n != null) {
        out.add(n);
      }
    }
    assertThat(out.size()).isGreaterThan(1_000);
    return out;
  }

  /** The digits, one digit fewer and more, and each other first digit. */
  private static List<String> mutations(String digits) {
    List<String> out = new ArrayList<>();
    out.add(digits);
    out.add(digits.substring(0, digits.length() - 1));
    out.add(digits + "7");
    for (char c = '0'; c <= '9'; c++) {
      out.add(c + digits.substring(1));
    }
    return out;
  }

  private static String randomDigits(Random rnd, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) ('0' + rnd.nextInt(10)));
    }
    return b.toString();
  }
}
