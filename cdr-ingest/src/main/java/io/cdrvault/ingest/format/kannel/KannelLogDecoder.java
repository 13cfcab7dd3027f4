package io.cdrvault.ingest.format.kannel;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.Lines;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.format.Timestamps;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Decoder for {@code kannel-log}: one line of a Kannel bearerbox access log per payload, in the
 * default format {@code %t %l [SMSC:%i] [SVC:%n] [ACT:%A] [BINF:%B] [FID:%F] [META:%D] [from:%p]
 * [to:%P] [flags:%m:%c:%M:%C:%d] [msg:%L:%b] [udh:%U:%u]}. See {@code docs/formats/kannel-log.md}.
 *
 * <p>The message text {@code %b} is skipped by its declared byte length {@code %L} (it may contain
 * {@code ]}); it is never decoded, stored or logged and is counted as one dropped content field.
 * Delivery reports, {@code Log begins}/{@code Log ends} and other non-SMS lines are skipped
 * ({@link SkipKind#NOT_A_RECORD}).
 *
 * <p>Stateless and thread-safe.
 */
public final class KannelLogDecoder implements CdrDecoder {
  public static final String FORMAT = "kannel-log";

  /** Option: {@code true|false}; true = {@code %t} is GMT (Kannel {@code access-log-time = gmt}), else local in the source zone. */
  public static final String OPTION_GMT = "gmt";

  /** Events that describe an SMS, with their delivery status. */
  private enum Event {
    SENT("Sent SMS", DeliveryStatus.SUBMITTED),
    RECEIVED("Receive SMS", DeliveryStatus.DELIVERED),
    FAILED("FAILED Send SMS", DeliveryStatus.FAILED),
    REJECTED("REJECTED Send SMS", DeliveryStatus.REJECTED),
    EXPIRED("EXPIRED SMS", DeliveryStatus.EXPIRED),
    DISCARDED("DISCARDED SMS", DeliveryStatus.FAILED);

    final String text;
    final byte[] bytes;
    final DeliveryStatus status;

    Event(String text, DeliveryStatus status) {
      this.text = text;
      this.bytes = text.getBytes(StandardCharsets.US_ASCII);
      this.status = status;
    }
  }

  private static final Event[] EVENTS = Event.values();

  /** The bracketed fields before {@code [msg:}, in order. */
  private static final String[] TAGS = {"SMSC", "SVC", "ACT", "BINF", "FID", "META", "from", "to", "flags", "msg"};
  private static final byte[][] OPEN = new byte[TAGS.length][];
  private static final byte[][] CLOSE_OPEN = new byte[TAGS.length][];
  private static final byte[] UDH = "] [udh:".getBytes(StandardCharsets.US_ASCII);

  static {
    for (int i = 0; i < TAGS.length; i++) {
      OPEN[i] = ("[" + TAGS[i] + ":").getBytes(StandardCharsets.US_ASCII);
      CLOSE_OPEN[i] = ("] [" + TAGS[i] + ":").getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static final int SMSC = 0;
  private static final int ACT = 2;
  private static final int FID = 4;
  private static final int FROM = 6;
  private static final int TO = 7;
  private static final int FLAGS = 8;
  private static final int MSG = 9;

  private static final int TIME_LENGTH = 19;
  private static final int MAX_LENGTH_DIGITS = 9;

  private KannelLogDecoder() {}

  public static KannelLogDecoder create() {
    return new KannelLogDecoder();
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public DecodeResult decode(byte[] payload, SourceContext source) {
    int end = Lines.contentEnd(payload);
    try {
      if (end == 0) {
        return DecodeResult.reject(RejectReason.MALFORMED, "kannel-log: empty line");
      }
      return decodeLine(payload, end, source);
    } catch (DecodeFailure f) {
      return f.toResult();
    } catch (RuntimeException e) {
      return DecodeResult.reject(RejectReason.MALFORMED, "kannel-log: line of " + end
          + " bytes could not be decoded (" + e.getClass().getSimpleName() + ")");
    }
  }

  private DecodeResult decodeLine(byte[] b, int end, SourceContext source) {
    ZoneId zone = zone(source);
    if (end <= TIME_LENGTH + 1 || b[TIME_LENGTH] != ' ') {
      throw malformed("kannel-log: line does not start with '%t %l' (YYYY-MM-DD HH:MM:SS, a space, the event)");
    }
    String time = new String(b, 0, TIME_LENGTH, StandardCharsets.ISO_8859_1);
    Instant at = Timestamps.local(time, zone, "kannel-log %t (bytes 0-18)");

    int eventStart = TIME_LENGTH + 1;
    int eventEnd = indexOf(b, eventStart, end, (byte) ' ', (byte) '[');
    if (eventEnd < 0) {
      eventEnd = end;
    }
    Event event = event(b, eventStart, eventEnd);
    if (event == null) {
      if (eventEnd == eventStart) {
        throw malformed("kannel-log: no event (%l) at byte " + eventStart);
      }
      return DecodeResult.skip(SkipKind.NOT_A_RECORD, 0);
    }

    // [SMSC:..] ... [flags:..] : each value runs to the next "] [TAG:"
    int[] from = new int[TAGS.length];
    int[] to = new int[TAGS.length];
    int pos = eventEnd + 1;
    if (eventEnd == end || !startsWith(b, pos, end, OPEN[0])) {
      throw malformed("kannel-log: expected [" + TAGS[0] + ":] at byte " + pos);
    }
    for (int t = 0; t < MSG; t++) {
      from[t] = pos + OPEN[t].length;
      int close = indexOf(b, from[t], end, CLOSE_OPEN[t + 1]);
      if (close < 0) {
        throw malformed("kannel-log: [" + TAGS[t] + ":] opened at byte " + pos + " is not followed by ["
            + TAGS[t + 1] + ":]");
      }
      to[t] = close;
      pos = close + 2;
    }

    // [msg:%L:%b] : skip %b by its length
    int lengthStart = pos + OPEN[MSG].length;
    int colon = lengthStart;
    while (colon < end && b[colon] >= '0' && b[colon] <= '9') {
      colon++;
    }
    if (colon == lengthStart || colon - lengthStart > MAX_LENGTH_DIGITS || colon >= end || b[colon] != ':') {
      throw malformed("kannel-log: [msg:] at byte " + pos + " does not start with a length and ':'");
    }
    int length = (int) number(b, lengthStart, colon);
    int textStart = colon + 1;
    int textEnd = textStart + length;
    if (textEnd > end) {
      throw malformed("kannel-log: [msg:] at byte " + pos + ": declared length exceeds line");
    }
    if (!startsWith(b, textEnd, end, UDH)) {
      throw malformed("kannel-log: [msg:] at byte " + pos + ": text of the declared length is not followed by"
          + " '] [udh:' (at byte " + textEnd + ")");
    }

    // [udh:%U:%u] ends the line
    int udhLengthStart = textEnd + UDH.length;
    int udhColon = udhLengthStart;
    while (udhColon < end && b[udhColon] >= '0' && b[udhColon] <= '9') {
      udhColon++;
    }
    if (udhColon == udhLengthStart || udhColon - udhLengthStart > MAX_LENGTH_DIGITS || udhColon >= end
        || b[udhColon] != ':') {
      throw malformed("kannel-log: [udh:] at byte " + (textEnd + 2) + " does not start with a length and ':'");
    }
    int udhClose = indexOf(b, udhColon + 1, end, (byte) ']');
    if (udhClose != end - 1) {
      throw malformed("kannel-log: [udh:] at byte " + (textEnd + 2) + " is not closed by the line's final ']'");
    }
    long udhLength = number(b, udhLengthStart, udhColon);

    int coding = coding(b, from[FLAGS], to[FLAGS]);
    int segments = udhLength > 0 ? 1 : segments(coding, length);

    NumberNormalizer numbers = normalizer(source);
    String smsc = text(b, from[SMSC], to[SMSC]);
    String fid = text(b, from[FID], to[FID]);
    String sender = text(b, from[FROM], to[FROM]);
    String recipient = text(b, from[TO], to[TO]);
    String originId = event.text + '|' + time + '|' + smsc + '|' + fid + '|' + sender + '|' + recipient + '|' + length;
    Cdr cdr = Cdr.builder()
        .origin(source.sourceName())
        .originId(originId)
        .type(ServiceType.SMS)
        .account(from[ACT] == to[ACT] ? null : text(b, from[ACT], to[ACT]))
        .calling(numbers.normalize(sender))
        .called(numbers.normalize(recipient))
        .start(at)
        .end(at)
        .smsSegments(segments)
        .deliveryStatus(event.status)
        .build();
    return DecodeResult.ok(List.of(cdr), 1);
  }

  /** The coding {@code %c}, 2nd of the five {@code [flags:%m:%c:%M:%C:%d]} values (each an integer, maybe -1). */
  private static int coding(byte[] b, int from, int to) {
    int coding = 0;
    int i = from;
    for (int field = 0; field < 5; field++) {
      int s = i;
      boolean negative = i < to && b[i] == '-';
      if (negative) {
        i++;
      }
      int digitsStart = i;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      if (i == digitsStart || i - digitsStart > 4) {
        throw malformed("kannel-log: [flags:] value " + (field + 1) + " at byte " + s + " is not an integer");
      }
      if (field == 1) {
        coding = (int) number(b, digitsStart, i) * (negative ? -1 : 1);
      }
      if (field < 4) {
        if (i >= to || b[i] != ':') {
          throw malformed("kannel-log: [flags:] at byte " + (from - 7) + " does not hold 5 values");
        }
        i++;
      }
    }
    if (i != to) {
      throw malformed("kannel-log: [flags:] at byte " + (from - 7) + " holds more than 5 values");
    }
    if (coding < -1 || coding > 2) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD,
          "kannel-log: [flags:] coding (%c, value 2) is not -1, 0, 1 or 2");
    }
    return coding;
  }

  /** Segments of an unsegmented (no UDH) message of {@code length} bytes in {@code coding}. */
  static int segments(int coding, int length) {
    if (coding <= 0) {
      return length <= 160 ? 1 : (length + 152) / 153;
    }
    return length <= 140 ? 1 : (length + 133) / 134;
  }

  private static Event event(byte[] b, int from, int to) {
    int n = to - from;
    for (Event e : EVENTS) {
      if (e.bytes.length == n && startsWith(b, from, to, e.bytes)) {
        return e;
      }
    }
    return null;
  }

  private static ZoneId zone(SourceContext source) {
    String v = source.options().get(OPTION_GMT);
    if (v == null) {
      return source.zone();
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> ZoneOffset.UTC;
      case "false", "no" -> source.zone();
      default -> throw new DecodeFailure(RejectReason.UNSUPPORTED_SCHEMA, "kannel-log option 'gmt' must be true or false");
    };
  }

  private static NumberNormalizer normalizer(SourceContext source) {
    try {
      return NumberNormalizer.forRegion(source.defaultRegion());
    } catch (IllegalArgumentException e) {
      throw new DecodeFailure(RejectReason.UNSUPPORTED_SCHEMA,
          "kannel-log: the source's default region is not known to libphonenumber");
    }
  }


  private static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  private static long number(byte[] b, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
    if (at < 0 || end - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int end, byte c0, byte c1) {
    for (int i = from; i + 1 < end; i++) {
      if (b[i] == c0 && b[i + 1] == c1) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int from, int end, byte c) {
    for (int i = from; i < end; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int from, int end, byte[] needle) {
    byte first = needle[0];
    for (int i = from; i + needle.length <= end; i++) {
      if (b[i] == first && startsWith(b, i, end, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static DecodeFailure malformed(String detail) {
    return new DecodeFailure(RejectReason.MALFORMED, detail);
  }
}
