package io.cdrvault.ingest.simulate;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.PhoneNumber;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * The simulator's random source plus what every encoder needs from it: ids, raw party forms and
 * local time text. Not thread-safe.
 */
final class SimRandom {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String[] NAMES = {"Alice", "Bob", "Carol", "Dan", "Eve"};
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  static final DateTimeFormatter LOCAL_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  Random rnd;
  final String home;
  final NumberNormalizer normalizer;
  private final long runOffset;
  private long seq;

  SimRandom(Random rnd, String home, String runId) {
    this.rnd = rnd;
    this.home = home;
    this.normalizer = NumberNormalizer.forRegion(home);
    this.runOffset = runId == null ? 0 : (runId.hashCode() & 0x7fffL) * 1_000_000L;
  }

  /** A fresh sequence number (unique in this run, offset per run id). */
  long nextSeq() {
    return runOffset + seq++;
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  boolean nextBoolean() {
    return rnd.nextBoolean();
  }

  double nextDouble() {
    return rnd.nextDouble();
  }

  <T> T pick(java.util.List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  String name() {
    return NAMES[rnd.nextInt(NAMES.length)];
  }

  /** Lowercase hex of {@code bytes} random bytes. */
  String hex(int bytes) {
    StringBuilder b = new StringBuilder(bytes * 2);
    for (int i = 0; i < bytes; i++) {
      b.append(Character.forDigit(rnd.nextInt(16), 16)).append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return b.toString();
  }

  /** A random (version 4 shaped) UUID string from this random source. */
  String uuid() {
    return hex(4) + "-" + hex(2) + "-4" + hex(2).substring(1) + "-a" + hex(2).substring(1) + "-" + hex(6);
  }

  /** A random IPv4 address of the documentation ranges. */
  String ip() {
    String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
    return nets[rnd.nextInt(nets.length)] + (1 + rnd.nextInt(250));
  }

  /** The normalised form of a raw party, exactly as a decoder computes it (the shared normaliser). */
  PhoneNumber normalize(String raw) {
    return normalizer.normalize(raw);
  }

  static String local(Instant t, ZoneId zone) {
    return LOCAL.format(LocalDateTime.ofInstant(t, zone));
  }

  static String localMillis(Instant t, ZoneId zone) {
    return LOCAL_MILLIS.format(LocalDateTime.ofInstant(t, zone));
  }

  /**
   * A raw form of {@code party} (E.164 or an alphanumeric sender) that normalises back to it:
   * {@code rich} adds the forms with spaces, quotes and SIP URIs; otherwise only digit forms
   * ({@code +CC…}, national digits, international prefix, bare international digits).
   */
  String raw(String party, boolean rich) {
    if (!party.startsWith("+")) {
      return party; // alphanumeric sender
    }
    String raw = rawForm(party, rich);
    if (!party.equals(normalizer.normalize(raw).e164())) {
      return party; // a form this region cannot express unambiguously: fall back to +CC…
    }
    return raw;
  }

  private String rawForm(String e164, boolean rich) {
    Phonenumber.PhoneNumber p;
    try {
      p = UTIL.parse(e164, "ZZ");
    } catch (NumberParseException e) {
      return e164;
    }
    boolean domestic = home.equals(UTIL.getRegionCodeForNumber(p));
    String national = UTIL.format(p, PhoneNumberFormat.NATIONAL);
    int form = rnd.nextInt(5);
    if (domestic) {
      return switch (form) {
        case 0 -> e164;
        case 1, 2 -> rich && form == 2 ? national : digits(national);
        case 3 -> rich ? "sip:" + digits(national) + "@10.0.0." + (1 + rnd.nextInt(250)) : digits(national);
        default -> rich ? "\"" + name() + "\" <" + digits(national) + ">" : e164;
      };
    }
    String idd = UTIL.getCountryCodeForRegion(home) == 1 ? "011" : "00";
    return switch (form) {
      case 0, 1 -> e164;
      case 2 -> idd + e164.substring(1);
      case 3 -> e164.substring(1); // bare international digits (SMPP TON=1)
      default -> rich ? UTIL.format(p, PhoneNumberFormat.INTERNATIONAL) : e164;
    };
  }

  static String digits(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }
}
