package io.cdrvault.ingest.format.sip;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.format.Timestamps;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decoder for {@code kamailio-acc}: Kamailio {@code acc} records written to syslog, one line per
 * payload: {@code [syslog prefix] ACC: <kind>: key=value;key=value…}. Values are not escaped, so a
 * value containing {@code =}, a pair without {@code =} (a value that contained {@code ;}) and a
 * duplicated key are rejected as {@link RejectReason#MALFORMED} with the pair's number and column.
 *
 * <p>Two modes (docs/formats/kamailio-acc.md). <b>Transaction</b> ({@code transaction answered},
 * {@code call missed}, …): INVITE → a voice record at {@code timestamp} (epoch seconds) with zero
 * duration; MESSAGE → an SMS of one segment, SUBMITTED on 2xx else FAILED; any other SIP method →
 * {@link SkipKind#NOT_A_RECORD}; originId = {@code call_id;from_tag;to_tag;method}. <b>CDR</b>
 * (kind {@code CDR}, or a line carrying {@code start_time}/{@code end_time}/{@code duration}): a
 * voice record from {@code start_time} to {@code end_time} (local {@code YYYY-MM-DD HH:MM:SS[.mmm]}
 * in the source zone, or epoch seconds), duration = ceil({@code duration}), answered unless a
 * non-2xx {@code code} says otherwise; originId = {@code call_id;from_tag;to_tag}. Both: origin =
 * source name, calling = {@code src_user}, called = {@code dst_user}, sourceIp = {@code src_ip},
 * cause and disposition from {@code code}/{@code reason} ({@link SipOutcomes}).
 *
 * <p>A dialog CDR as {@code acc_cdr.c} logs it ({@code cdr_log_enable}) carries no tag: its message
 * starts with {@code start_time=} and separates pairs with {@code "; "} ({@code start_time=1772356502.588000;
 * end_time=…; duration=183.412000; call_id=…}); it is decoded in CDR mode. Any other line without the
 * {@code ACC:} tag is another log line of the same syslog feed ({@code INFO: <core> …}) and is skipped
 * as {@link SkipKind#NOT_A_RECORD}; a line with the tag is an acc record and is decoded or rejected.
 * An empty line is rejected. In calls the parties are SIP user parts ({@link
 * NumberNormalizer#normalizeSipUser}: {@code alice} is an extension); in a MESSAGE a name with letters
 * stays an alphanumeric sender id.
 *
 * <p>A hand-written scanner, no regular expressions. Stateless; thread-safe.
 */
public final class KamailioAccDecoder implements CdrDecoder {
  public static final String FORMAT = "kamailio-acc";

  /** What Kamailio's acc module writes before every record ({@code ACC: <kind>: pairs}). */
  private static final String TAG = "ACC:";
  private static final String CDR_KIND = "CDR";
  /** How the acc module's dialog CDRs ({@code cdr_log_enable}) start: no tag, the start time first. */
  private static final String CDR_START = "start_time=";

  private static final int K_TIMESTAMP = 0;
  private static final int K_METHOD = 1;
  private static final int K_FROM_TAG = 2;
  private static final int K_TO_TAG = 3;
  private static final int K_CALL_ID = 4;
  private static final int K_CODE = 5;
  private static final int K_REASON = 6;
  private static final int K_SRC_USER = 7;
  private static final int K_DST_USER = 8;
  private static final int K_SRC_IP = 9;
  private static final int K_START_TIME = 10;
  private static final int K_END_TIME = 11;
  private static final int K_DURATION = 12;
  private static final String[] KEYS = {"timestamp", "method", "from_tag", "to_tag", "call_id", "code",
      "reason", "src_user", "dst_user", "src_ip", "start_time", "end_time", "duration"};
  private static final String[] CONTENT_KEYS = {"msg", "content", "short_message", "body"};

  public static KamailioAccDecoder create() {
    return new KamailioAccDecoder();
  }

  private KamailioAccDecoder() {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public DecodeResult decode(byte[] payload, SourceContext source) {
    if (payload == null || payload.length == 0) {
      return DecodeResult.reject(RejectReason.MALFORMED, FORMAT + ": empty line");
    }
    Line line = new Line();
    try {
      String s = new String(payload, StandardCharsets.UTF_8);
      int n = s.length();
      while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
        n--;
      }
      if (n == 0) {
        return DecodeResult.reject(RejectReason.MALFORMED, FORMAT + ": empty line");
      }
      int tag = s.indexOf(TAG);
      if (tag < 0 || tag >= n) {
        int cdr = dialogCdrStart(s, n);
        if (cdr < 0) {
          // another log line of the same syslog feed (INFO: <core> …, NOTICE: …): no acc record
          return DecodeResult.skip(SkipKind.NOT_A_RECORD, 0);
        }
        line.kind = CDR_KIND;
        parsePairs(s, n, cdr, line);
      } else {
        parse(s, n, tag, line);
      }
      return map(line, source);
    } catch (DecodeFailure f) {
      return f.toResult();
    } catch (RuntimeException e) {
      return DecodeResult.reject(RejectReason.MALFORMED, FORMAT + ": cannot decode ("
          + e.getClass().getSimpleName() + ") after pair " + line.pairs);
    }
  }

  /** The pairs of one line this decoder reads, with their positions. */
  private static final class Line {
    String kind = "";
    final String[] values = new String[KEYS.length];
    final int[] pairNo = new int[KEYS.length];
    final int[] column = new int[KEYS.length];
    int pairs;
    int droppedContent;
  }

  /**
   * Where a dialog CDR written by {@code acc_cdr.c} ({@code cdr_log_enable=1}) begins: its message
   * has no {@code ACC:} tag and starts with {@code start_time=} (the default {@code cdr_start_str}),
   * right after the syslog prefix, which ends in {@code ": "} ({@code …kamailio[2412]: NOTICE: acc
   * [acc_cdr.c:371]: }). -1 when the line is not one.
   */
  private static int dialogCdrStart(String s, int n) {
    int i = s.indexOf(CDR_START);
    while (i >= 0 && i < n) {
      if (i == 0 || i >= 2 && s.charAt(i - 1) == ' ' && s.charAt(i - 2) == ':') {
        return i;
      }
      i = s.indexOf(CDR_START, i + 1);
    }
    return -1;
  }

  /** Parses the acc record whose {@code ACC:} tag is at {@code tag}. */
  private static void parse(String s, int n, int tag, Line line) {
    int from = tag + TAG.length();
    if (from >= n || s.charAt(from) != ' ') {
      throw new DecodeFailure(RejectReason.MALFORMED, FORMAT + ": 'ACC:' at column " + (tag + 1)
          + " is not followed by a space");
    }
    from++;
    int colon = s.indexOf(": ", from);
    if (colon >= 0 && colon < n) {
      int eq = s.indexOf('=', from);
      if (eq < 0 || eq > colon) {
        line.kind = s.substring(from, colon);
        from = colon + 2;
      }
    }
    if (from >= n) {
      throw new DecodeFailure(RejectReason.MALFORMED, FORMAT + ": no key=value pairs after 'ACC: ' (column "
          + (from + 1) + ")");
    }
    parsePairs(s, n, from, line);
  }

  /**
   * Parses {@code key=value} pairs from {@code from} to {@code n}, separated by {@code ;} (transaction
   * records) or {@code "; "} (dialog CDRs): one space after a {@code ;} is part of the separator.
   */
  private static void parsePairs(String s, int n, int from, Line line) {
    Set<String> seen = new HashSet<>();
    int i = from;
    while (i < n) {
      int semi = s.indexOf(';', i);
      if (semi < 0 || semi > n) {
        semi = n;
      }
      int pairNo = ++line.pairs;
      int col = i + 1;
      int eq = s.indexOf('=', i);
      if (eq < 0 || eq >= semi) {
        throw malformed(pairNo, col, "no '=' (a value may have contained ';')");
      }
      if (eq == i) {
        throw malformed(pairNo, col, "empty key");
      }
      int eq2 = s.indexOf('=', eq + 1);
      if (eq2 >= 0 && eq2 < semi) {
        throw malformed(pairNo, col, "value contains '='");
      }
      String key = s.substring(i, eq);
      int k = keyIndex(key);
      if (!seen.add(key)) {
        throw malformed(pairNo, col, "duplicate key" + (k >= 0 || isContent(key) ? " '" + key + "'" : ""));
      }
      if (k >= 0) {
        int max = k == K_SRC_USER || k == K_DST_USER ? SipOutcomes.MAX_PARTY_LENGTH : SipOutcomes.MAX_VALUE_LENGTH;
        if (semi - eq - 1 > max) {
          throw new DecodeFailure(RejectReason.INVALID_FIELD, FORMAT + " pair " + pairNo + " '" + key
              + "' (column " + col + "): longer than " + max + " characters");
        }
        line.values[k] = s.substring(eq + 1, semi);
        line.pairNo[k] = pairNo;
        line.column[k] = col;
      } else if (isContent(key)) {
        line.droppedContent++;
      }
      i = semi + 1;
      if (i < n && s.charAt(i) == ' ') {
        i++; // acc_cdr.c separates pairs with "; "
      }
    }
  }

  private static DecodeFailure malformed(int pairNo, int col, String what) {
    return new DecodeFailure(RejectReason.MALFORMED, FORMAT + " pair " + pairNo + " (column " + col + "): " + what);
  }

  private static int keyIndex(String key) {
    for (int i = 0; i < KEYS.length; i++) {
      if (KEYS[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isContent(String key) {
    for (String c : CONTENT_KEYS) {
      if (c.equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static DecodeResult map(Line line, SourceContext source) {
    boolean cdrMode = CDR_KIND.equals(line.kind) || line.values[K_START_TIME] != null
        || line.values[K_END_TIME] != null || line.values[K_DURATION] != null;
    return cdrMode ? mapCdr(line, source) : mapTransaction(line, source);
  }

  private static DecodeResult mapTransaction(Line line, SourceContext source) {
    String method = required(line, K_METHOD);
    boolean invite = method.equals("INVITE");
    if (!invite && !method.equals("MESSAGE")) {
      return DecodeResult.skip(SkipKind.NOT_A_RECORD, line.droppedContent);
    }
    Cdr.Builder b = common(line, source, ';' + method, invite);
    Instant at = Timestamps.epochSeconds(required(line, K_TIMESTAMP), label(line, K_TIMESTAMP));
    int code = SipOutcomes.parseCode(required(line, K_CODE), label(line, K_CODE));
    b.start(at).end(at).durationSeconds(0).billableSeconds(0)
        .causeCode(code).cause(SipOutcomes.cause(code, line.values[K_REASON]));
    if (invite) {
      b.type(ServiceType.VOICE).disposition(SipOutcomes.disposition(code))
          .answer(SipOutcomes.isSuccess(code) ? at : null);
    } else {
      b.type(ServiceType.SMS).smsSegments(1).deliveryStatus(SipOutcomes.deliveryStatus(code));
    }
    return DecodeResult.ok(List.of(b.build()), line.droppedContent);
  }

  private static DecodeResult mapCdr(Line line, SourceContext source) {
    Cdr.Builder b = common(line, source, "", true);
    Instant start = time(line, K_START_TIME, source, null);
    Instant end = time(line, K_END_TIME, source, start);
    if (end.isBefore(start)) {
      throw SipOutcomes.invalid(label(line, K_END_TIME), "before 'start_time'");
    }
    String durationText = line.values[K_DURATION];
    long duration = durationText == null ? SipOutcomes.ceilSeconds(start, end)
        : SipOutcomes.ceilSeconds(durationText, label(line, K_DURATION));
    String codeText = line.values[K_CODE];
    boolean answered = true;
    if (codeText != null) {
      int code = SipOutcomes.parseCode(codeText, label(line, K_CODE));
      answered = SipOutcomes.isSuccess(code);
      b.causeCode(code).cause(SipOutcomes.cause(code, line.values[K_REASON])).disposition(SipOutcomes.disposition(code));
    } else {
      b.disposition(Disposition.ANSWERED);
    }
    b.type(ServiceType.VOICE).start(start).end(end).durationSeconds(duration)
        .answer(answered ? start : null).billableSeconds(answered ? duration : 0);
    return DecodeResult.ok(List.of(b.build()), line.droppedContent);
  }

  /**
   * Origin, originId ({@code call_id;from_tag;to_tag} + suffix), parties and source IP. In a call
   * ({@code voice}) a party with letters is a SIP user name (an extension); in a MESSAGE it may be
   * an SMS gateway's alphanumeric sender id and stays {@code ALPHANUMERIC}.
   */
  private static Cdr.Builder common(Line line, SourceContext source, String idSuffix, boolean voice) {
    String callId = required(line, K_CALL_ID);
    if (callId.isEmpty()) {
      throw SipOutcomes.invalid(label(line, K_CALL_ID), "empty");
    }
    String fromTag = required(line, K_FROM_TAG);
    String toTag = line.values[K_TO_TAG];
    NumberNormalizer norm;
    try {
      norm = NumberNormalizer.forRegion(source.defaultRegion());
    } catch (IllegalArgumentException ex) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, FORMAT + ": the source's default region is unknown");
    }
    String srcIp = line.values[K_SRC_IP];
    return Cdr.builder()
        .origin(source.sourceName())
        .originId(callId + ';' + fromTag + ';' + (toTag == null ? "" : toTag) + idSuffix)
        .calling(voice ? norm.normalizeSipUser(line.values[K_SRC_USER]) : norm.normalize(line.values[K_SRC_USER]))
        .called(voice ? norm.normalizeSipUser(line.values[K_DST_USER]) : norm.normalize(line.values[K_DST_USER]))
        .sourceIp(srcIp == null || srcIp.isEmpty() ? null : srcIp);
  }

  /**
   * A CDR-mode time: epoch seconds with a fraction (what {@code acc_cdr.c} writes, {@code
   * 1772356502.588000}), or local {@code YYYY-MM-DD HH:MM:SS[.mmm]} in the source zone; a local time
   * in a DST overlap is resolved not before {@code notBefore} when given ({@link Timestamps#localNotBefore}).
   */
  private static Instant time(Line line, int k, SourceContext source, Instant notBefore) {
    String v = required(line, k);
    if (v.indexOf('-') >= 0) {
      return notBefore == null ? Timestamps.local(v, source.zone(), label(line, k))
          : Timestamps.localNotBefore(v, source.zone(), label(line, k), notBefore);
    }
    return Timestamps.epochSeconds(v, label(line, k));
  }

  private static String required(Line line, int k) {
    String v = line.values[k];
    if (v == null) {
      throw SipOutcomes.missing(FORMAT + " key '" + KEYS[k] + "'");
    }
    return v;
  }

  private static String label(Line line, int k) {
    return FORMAT + " pair " + line.pairNo[k] + " '" + KEYS[k] + "' (column " + line.column[k] + ")";
  }
}
