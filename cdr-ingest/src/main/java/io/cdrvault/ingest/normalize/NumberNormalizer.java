package io.cdrvault.ingest.normalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalises party addresses as switches write them into {@link PhoneNumber}s: E.164 when
 * libphonenumber considers the number valid, otherwise the raw text marked with what it is
 * (extension, short code, alphanumeric sender, anonymous, empty, unknown). The raw text is always
 * kept as given.
 *
 * <p>Understood inputs: {@code +CC…}; national numbers with or without the trunk prefix
 * ({@code 0…}, NANP {@code 1…}); the default region's international prefix ({@code 00…},
 * {@code 011…}; {@code 00} is also tried for NANP sources); bare international digits (SMPP TON=1);
 * SIP/TEL URIs ({@code sip:1002@10.0.0.5}, {@code 1002@10.0.0.5}); caller-id strings
 * ({@code "Alice" <1001>}); visual separators (spaces, dashes, dots, parentheses).
 *
 * <p>Addresses that are not numbers: up to 6 digits that are neither a valid number nor a short
 * code of the region, and PBX feature codes ({@code *97}), are {@link NumberKind#EXTENSION}. A user
 * name with letters is {@link NumberKind#EXTENSION} when it is written as a SIP address
 * ({@code sip:alice@pbx.example.com}, {@code alice@pbx.example.com}, {@code "Alice"
 * <sip:alice@pbx>}) or passed to {@link #normalizeSipUser} (the user part a SIP proxy logs, e.g.
 * Kamailio's {@code $fU}); bare letters ({@code ACMEBANK}, {@code alice}) are
 * {@link NumberKind#ALPHANUMERIC}, as an SMS sender id. See {@code docs/formats/parties-and-times.md}.
 *
 * <p>Thread-safe (libphonenumber's utilities are thread-safe); results are memoised in a bounded
 * per-region cache, which never changes what {@link #normalize} returns.
 */
public final class NumberNormalizer {
  /** Longest address kept as an extension when it is not a valid number or short code. */
  private static final int MAX_EXTENSION_DIGITS = 6;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  /** Every assigned country calling code (libphonenumber's metadata). */
  private static final java.util.Set<Integer> CALLING_CODES = java.util.Set.copyOf(UTIL.getSupportedCallingCodes());
  /** libphonenumber's bounds of a national significant number. */
  private static final int MIN_NSN_DIGITS = 2;
  private static final int MAX_NSN_DIGITS = 17;
  private static final ShortNumberInfo SHORT = ShortNumberInfo.getInstance();

  /** Results kept per normaliser; raw party strings repeat heavily (a customer's own numbers). */
  private static final int CACHE_LIMIT = 100_000;
  private static final Map<String, NumberNormalizer> BY_REGION = new ConcurrentHashMap<>();

  private final String region;
  private final boolean nanp;
  private final Map<String, PhoneNumber> cache = new ConcurrentHashMap<>();

  private NumberNormalizer(String region) {
    this.region = region;
    this.nanp = UTIL.getCountryCodeForRegion(region) == 1;
  }

  /**
   * A normaliser for sources whose national numbers belong to {@code defaultRegion} (ISO 3166
   * alpha-2, e.g. {@code US}, {@code NL}).
   *
   * Instances are shared per region (they hold a bounded cache of results).
   *
   * @throws IllegalArgumentException if libphonenumber does not know the region
   */
  public static NumberNormalizer forRegion(String defaultRegion) {
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    String r = defaultRegion.toUpperCase(Locale.ROOT);
    NumberNormalizer n = BY_REGION.get(r);
    if (n != null) {
      return n;
    }
    if (!UTIL.getSupportedRegions().contains(r)) {
      throw new IllegalArgumentException("unknown default region");
    }
    return BY_REGION.computeIfAbsent(r, NumberNormalizer::new);
  }

  /** The default region this normaliser interprets national numbers in. */
  public String region() {
    return region;
  }

  /** Normalises one raw party address; null is treated as empty. Never throws for bad input. */
  public PhoneNumber normalize(String raw) {
    if (raw == null) {
      return PhoneNumber.EMPTY;
    }
    PhoneNumber hit = cache.get(raw);
    if (hit != null) {
      return hit;
    }
    PhoneNumber p = compute(raw);
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // bounded: start over rather than grow
    }
    cache.put(raw, p);
    return p;
  }

  /**
   * Normalises the user part of a SIP address as a SIP proxy logs it ({@code $fU}, {@code $rU}):
   * like {@link #normalize}, but a user name with letters ({@code alice}) is a private-plan
   * address, {@link NumberKind#EXTENSION}, not an SMS sender id. Null is treated as empty.
   */
  public PhoneNumber normalizeSipUser(String raw) {
    PhoneNumber p = normalize(raw);
    return p.kind() == NumberKind.ALPHANUMERIC ? PhoneNumber.other(p.raw(), NumberKind.EXTENSION) : p;
  }

  private PhoneNumber compute(String raw) {
    int[] span = addressSpan(raw);
    int from = span[0];
    int to = span[1];
    boolean sipAddress = span[2] != 0;
    if (from >= to) {
      return raw.isEmpty() ? PhoneNumber.EMPTY : PhoneNumber.other(raw, NumberKind.EMPTY);
    }
    if (isAnonymous(raw, from, to)) {
      return PhoneNumber.other(raw, NumberKind.ANONYMOUS);
    }
    // one scan: collect digits, note a leading '+', and whether anything but separators is there
    StringBuilder digits = new StringBuilder(to - from);
    boolean plus = false;
    boolean letters = false;
    boolean featureCode = false;
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '+' && digits.length() == 0 && !plus) {
        plus = true;
      } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
        // visual separator
      } else if (c == '*' || c == '#') {
        featureCode = true; // star codes like *97 (voicemail) dial a PBX feature
      } else {
        letters = true;
      }
    }
    if (letters) {
      // a SIP user name (sip:alice@pbx) is a private-plan address; bare letters are a sender id
      return PhoneNumber.other(raw, sipAddress ? NumberKind.EXTENSION : NumberKind.ALPHANUMERIC);
    }
    if (featureCode) {
      return PhoneNumber.other(raw, NumberKind.EXTENSION);
    }
    if (digits.length() == 0) {
      return PhoneNumber.other(raw, NumberKind.UNKNOWN);
    }
    String d = digits.toString();
    if (plus) {
      String e164 = validInternational(d);
      return e164 != null ? PhoneNumber.e164(raw, e164) : PhoneNumber.other(raw, NumberKind.UNKNOWN);
    }
    if (d.length() <= MAX_EXTENSION_DIGITS) {
      if (isShortCode(d)) {
        return PhoneNumber.other(raw, NumberKind.SHORT_CODE);
      }
      String e164 = validNational(d, region);
      return e164 != null ? PhoneNumber.e164(raw, e164) : PhoneNumber.other(raw, NumberKind.EXTENSION);
    }
    // national (with or without trunk prefix) or the region's own international prefix
    String e164 = validNational(d, region);
    if (e164 == null && nanp && d.startsWith("00")) {
      e164 = validInternational(d.substring(2));
    }
    if (e164 == null && !d.startsWith("0")) {
      // bare international digits (SMPP TON=1)
      e164 = validInternational(d);
    }
    if (e164 != null) {
      return PhoneNumber.e164(raw, e164);
    }
    return PhoneNumber.other(raw, isShortCode(d) ? NumberKind.SHORT_CODE : NumberKind.UNKNOWN);
  }

  private boolean isShortCode(String d) {
    try {
      Phonenumber.PhoneNumber p = UTIL.parse(d, region);
      return SHORT.isValidShortNumberForRegion(p, region);
    } catch (NumberParseException e) {
      return false;
    }
  }

  /**
   * The country calling code libphonenumber's {@code parse} finds in an E.164 string ({@code +}
   * and digits); empty when {@code e164} is null, not {@code +} and digits, or not parseable (no
   * assigned code, too short, too long). Used per record by the billing read path, so it does what
   * {@code parse} does for a {@code +} number without parsing: the first 1..3-digit prefix that is
   * an assigned code (codes are prefix-free) with 2..17 digits after it, and more than 2 digits in
   * all ({@code DigitsParserTest} compares it with {@code parse}).
   */
  public static java.util.OptionalInt countryCallingCode(String e164) {
    if (e164 == null || e164.length() < 2 || e164.charAt(0) != '+') {
      return java.util.OptionalInt.empty();
    }
    int digits = e164.length() - 1;
    for (int i = 1; i <= digits; i++) {
      char c = e164.charAt(i);
      if (c < '0' || c > '9') {
        return java.util.OptionalInt.empty();
      }
    }
    if (digits <= MIN_NSN_DIGITS || e164.charAt(1) == '0') {
      return java.util.OptionalInt.empty(); // parse: too short after the '+'; no code starts with 0
    }
    int code = 0;
    for (int i = 1; i <= 3; i++) {
      code = code * 10 + (e164.charAt(i) - '0');
      if (CALLING_CODES.contains(code)) {
        int nsn = digits - i;
        return nsn >= MIN_NSN_DIGITS && nsn <= MAX_NSN_DIGITS ? java.util.OptionalInt.of(code)
            : java.util.OptionalInt.empty();
      }
    }
    return java.util.OptionalInt.empty();
  }

  /** The E.164 form of {@code "+" + digits} when libphonenumber considers it valid, else null. */
  private static String validInternational(String digits) {
    Phonenumber.PhoneNumber p = DigitsParser.international(digits);
    return p == DigitsParser.UNSURE ? valid("+" + digits, "ZZ") : validParsed(p);
  }

  /** The E.164 form of national {@code digits} of {@code region} when valid, else null. */
  private static String validNational(String digits, String region) {
    Phonenumber.PhoneNumber p = DigitsParser.national(digits, region);
    return p == DigitsParser.UNSURE ? valid(digits, region) : validParsed(p);
  }

  private static String validParsed(Phonenumber.PhoneNumber p) {
    if (p == DigitsParser.NOT_A_NUMBER || !UTIL.isValidNumber(p)) {
      return null;
    }
    return UTIL.format(p, PhoneNumberFormat.E164);
  }

  /** libphonenumber's own parse and validation (the reference {@link DigitsParser} falls back to). */
  static String valid(CharSequence number, String region) {
    try {
      Phonenumber.PhoneNumber p = UTIL.parse(number, region);
      if (UTIL.isValidNumber(p)) {
        return UTIL.format(p, PhoneNumberFormat.E164);
      }
      return null;
    } catch (NumberParseException e) {
      return null;
    }
  }

  /**
   * The [from, to) span of the address inside caller-id / URI decorations: the text inside
   * {@code <…>} if present, without a {@code sip:}/{@code sips:}/{@code tel:} scheme, up to the first
   * {@code @} or {@code ;}, trimmed; third element 1 when the address is a SIP address (a
   * {@code sip:}/{@code sips:} scheme or a {@code user@host} form), else 0.
   */
  static int[] addressSpan(String raw) {
    int sip = 0;
    int from = 0;
    int to = raw.length();
    int lt = raw.lastIndexOf('<');
    if (lt >= 0) {
      int gt = raw.indexOf('>', lt + 1);
      if (gt > lt) {
        from = lt + 1;
        to = gt;
      }
    }
    while (from < to && raw.charAt(from) <= ' ') {
      from++;
    }
    if (startsWithIgnoreCase(raw, from, to, "sips:")) {
      from += 5;
      sip = 1;
    } else if (startsWithIgnoreCase(raw, from, to, "sip:")) {
      from += 4;
      sip = 1;
    } else if (startsWithIgnoreCase(raw, from, to, "tel:")) {
      from += 4;
    }
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '@' || c == ';') {
        if (c == '@') {
          sip = 1;
        }
        to = i;
        break;
      }
    }
    while (to > from && raw.charAt(to - 1) <= ' ') {
      to--;
    }
    if (to - from >= 2 && raw.charAt(from) == '"' && raw.charAt(to - 1) == '"') {
      from++;
      to--;
    }
    return new int[] {from, to, sip};
  }

  private static boolean startsWithIgnoreCase(String s, int from, int to, String prefix) {
    return to - from >= prefix.length() && s.regionMatches(true, from, prefix, 0, prefix.length());
  }

  private static boolean isAnonymous(String s, int from, int to) {
    int n = to - from;
    return n == 9 && s.regionMatches(true, from, "anonymous", 0, 9)
        || n == 10 && s.regionMatches(true, from, "restricted", 0, 10)
        || n == 7 && s.regionMatches(true, from, "private", 0, 7)
        || n == 11 && s.regionMatches(true, from, "unavailable", 0, 11)
        || n == 7 && s.regionMatches(true, from, "unknown", 0, 7);
  }
}
