package io.cdrvault.ingest.format.asterisk;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.Lines;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.format.Timestamps;
import io.cdrvault.ingest.format.asterisk.ColumnLayout.Field;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.ServiceType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoder for {@code asterisk-csv}: one line of Asterisk's {@code cdr_csv} {@code Master.csv}
 * (no header) per payload. See {@code docs/formats/asterisk-csv.md} for the accepted input, the
 * options ({@code columns}, {@code usegmtime}), the field mapping and every reject.
 *
 * <p>Layout by column count: 16 (base), 18 (+uniqueid, userfield), 21 (+peeraccount, linkedid,
 * sequence); option {@code columns} overrides it. Quoting is RFC 4180 (doubled quotes, strict),
 * scanned over the payload bytes without building strings for unused columns.
 *
 * <p>The disposition decides whether a call was answered: for any other than {@code ANSWERED} the
 * record has no answer time and 0 billable seconds even if the line fills them; an {@code ANSWERED}
 * line with an empty answer column is rejected ({@code missing-field}).
 *
 * <p>Record ids: {@code uniqueid/sequence} when the layout has a sequence column, else
 * {@code uniqueid/sha256:…} of the line (several CDRs of one channel share a uniqueid; a resent
 * line keeps its id), else the line hash alone. A blank line is skipped as not-a-record.
 *
 * <p>Thread-safe: holds only a small cache of parsed {@code columns} options.
 */
public final class AsteriskCsvDecoder implements CdrDecoder {
  public static final String FORMAT = "asterisk-csv";

  /** Option: comma-separated column names overriding the layout. */
  public static final String OPTION_COLUMNS = "columns";
  /** Option: {@code true|false} (also {@code yes|no}); true = timestamps are UTC, else local in the source zone. */
  public static final String OPTION_USEGMTIME = "usegmtime";

  private static final int MAX_COLUMNS = 128;
  private static final int MAX_SECONDS_DIGITS = 10;
  private static final int LAYOUT_CACHE_LIMIT = 64;

  /** Option value → ColumnLayout, or the String detail saying why it cannot be used. */
  private final Map<String, Object> layouts = new ConcurrentHashMap<>();

  private AsteriskCsvDecoder() {}

  public static AsteriskCsvDecoder create() {
    return new AsteriskCsvDecoder();
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public DecodeResult decode(byte[] payload, SourceContext source) {
    int end = Lines.contentEnd(payload);
    try {
      if (Lines.isBlank(payload, end)) {
        return DecodeResult.skip(SkipKind.NOT_A_RECORD, 0, "asterisk-csv: blank line");
      }
      return DecodeResult.ok(List.of(decodeLine(payload, end, source)), 0);
    } catch (DecodeFailure f) {
      return f.toResult();
    } catch (RuntimeException e) {
      return DecodeResult.reject(RejectReason.MALFORMED, "asterisk-csv: line of " + end
          + " bytes could not be decoded (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Cdr decodeLine(byte[] b, int end, SourceContext source) {
    ZoneId zone = zone(source);
    NumberNormalizer numbers = normalizer(source);
    String columnsOption = source.options().get(OPTION_COLUMNS);
    CsvLine line = CsvLine.scan(b, end, MAX_COLUMNS, FORMAT);
    ColumnLayout layout;
    if (columnsOption != null) {
      layout = configured(columnsOption);
      if (line.count() != layout.columns()) {
        throw new DecodeFailure(RejectReason.MALFORMED, "asterisk-csv: line has " + line.count()
            + " columns, option 'columns' names " + layout.columns());
      }
    } else {
      layout = ColumnLayout.forCount(line.count());
      if (layout == null) {
        throw new DecodeFailure(RejectReason.MALFORMED, "asterisk-csv: line has " + line.count()
            + " columns; cdr_csv writes 16, 18 or 21 (set option 'columns' for another layout)");
      }
    }

    int startCol = layout.column(Field.START);
    int endCol = layout.column(Field.END);
    Instant start = requiredTime(line, layout, startCol, zone, null);
    // a call across the autumn change: answer and end may lie in the overlap's second pass
    Instant stop = requiredTime(line, layout, endCol, zone, start);
    int answerCol = layout.column(Field.ANSWER);
    Instant answer = answerCol < 0 || line.isEmpty(answerCol) ? null
        : Timestamps.localNotBefore(line.ascii(answerCol), zone, layout.label(answerCol), start);
    if (stop.isBefore(start)) {
      throw invalid(layout.label(endCol) + " is before " + layout.label(startCol));
    }
    if (answer != null && answer.isBefore(start)) {
      throw invalid(layout.label(answerCol) + " is before " + layout.label(startCol));
    }
    if (answer != null && stop.isBefore(answer)) {
      throw invalid(layout.label(endCol) + " is before " + layout.label(answerCol));
    }
    int durationCol = layout.column(Field.DURATION);
    int billsecCol = layout.column(Field.BILLSEC);
    long duration = seconds(line, layout, durationCol);
    long billsec = seconds(line, layout, billsecCol);
    if (billsec > duration) {
      throw invalid(layout.label(billsecCol) + " exceeds " + layout.label(durationCol));
    }
    int dispositionCol = layout.column(Field.DISPOSITION);
    Disposition disposition = disposition(line, layout, dispositionCol);
    if (disposition != Disposition.ANSWERED) {
      // cdr_csv fills 'answer' (and may count billsec) for unanswered calls in some versions:
      // the disposition decides, an unanswered call has no answer time and nothing billable.
      answer = null;
      billsec = 0;
    } else if (answer == null && answerCol >= 0) {
      throw new DecodeFailure(RejectReason.MISSING_FIELD, layout.label(answerCol)
          + " is empty for disposition ANSWERED");
    }

    String originId;
    String origin = source.sourceName();
    int uniqueCol = layout.column(Field.UNIQUEID);
    if (uniqueCol >= 0 && !line.isEmpty(uniqueCol)) {
      String uniqueId = line.text(uniqueCol);
      String system = systemName(uniqueId);
      if (system != null) {
        origin = system;
      }
      int sequenceCol = layout.column(Field.SEQUENCE);
      if (sequenceCol >= 0) {
        if (line.isEmpty(sequenceCol)) {
          throw new DecodeFailure(RejectReason.MISSING_FIELD, layout.label(sequenceCol) + " is empty");
        }
        originId = uniqueId + "/" + line.text(sequenceCol);
      } else {
        // one channel can write several CDRs (forks, repeated dial attempts) with one uniqueid and
        // no sequence: the line tells them apart, and a resend of the same line keeps its id
        originId = uniqueId + "/" + lineHash(b, end);
      }
    } else {
      originId = lineHash(b, end);
    }

    int accountCol = layout.column(Field.ACCOUNTCODE);
    int srcCol = layout.column(Field.SRC);
    int dstCol = layout.column(Field.DST);
    int dstChannelCol = layout.column(Field.DSTCHANNEL);
    return Cdr.builder()
        .origin(origin)
        .originId(originId)
        .type(ServiceType.VOICE)
        .account(accountCol < 0 || line.isEmpty(accountCol) ? null : line.text(accountCol))
        .calling(numbers.normalizeSipUser(line.text(srcCol))) // PJSIP endpoints may be user names
        .called(numbers.normalizeSipUser(line.text(dstCol)))
        .start(start)
        .answer(answer)
        .end(stop)
        .durationSeconds(duration)
        .billableSeconds(billsec)
        .disposition(disposition)
        .cause(line.text(dispositionCol))
        .trunk(dstChannelCol < 0 ? null : trunk(line, dstChannelCol))
        .build();
  }


  private static ZoneId zone(SourceContext source) {
    String v = source.options().get(OPTION_USEGMTIME);
    if (v == null) {
      return source.zone();
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes" -> ZoneOffset.UTC;
      case "false", "no" -> source.zone();
      default -> throw new DecodeFailure(RejectReason.UNSUPPORTED_SCHEMA,
          "asterisk-csv option 'usegmtime' must be true or false");
    };
  }

  private static NumberNormalizer normalizer(SourceContext source) {
    try {
      return NumberNormalizer.forRegion(source.defaultRegion());
    } catch (IllegalArgumentException e) {
      throw new DecodeFailure(RejectReason.UNSUPPORTED_SCHEMA,
          "asterisk-csv: the source's default region is not known to libphonenumber");
    }
  }

  private ColumnLayout configured(String option) {
    Object cached = layouts.get(option);
    if (cached == null) {
      List<String> problems = new ArrayList<>();
      ColumnLayout parsed = ColumnLayout.parse(option, problems);
      cached = parsed != null ? parsed : String.join("; ", problems);
      if (layouts.size() >= LAYOUT_CACHE_LIMIT) {
        layouts.clear(); // options come from configuration: a handful of values
      }
      layouts.put(option, cached);
    }
    if (cached instanceof ColumnLayout layout) {
      return layout;
    }
    throw new DecodeFailure(RejectReason.UNSUPPORTED_SCHEMA, (String) cached);
  }

  /** A required local time; {@code notBefore} non-null: in a DST overlap, not before it if possible. */
  private static Instant requiredTime(CsvLine line, ColumnLayout layout, int col, ZoneId zone, Instant notBefore) {
    if (line.isEmpty(col)) {
      throw new DecodeFailure(RejectReason.MISSING_FIELD, layout.label(col) + " is empty");
    }
    return notBefore == null ? Timestamps.local(line.ascii(col), zone, layout.label(col))
        : Timestamps.localNotBefore(line.ascii(col), zone, layout.label(col), notBefore);
  }

  private static long seconds(CsvLine line, ColumnLayout layout, int col) {
    if (line.isEmpty(col)) {
      throw new DecodeFailure(RejectReason.MISSING_FIELD, layout.label(col) + " is empty");
    }
    long v = line.digits(col, MAX_SECONDS_DIGITS);
    if (v < 0) {
      throw invalid(layout.label(col) + ": not a whole number of seconds");
    }
    return v;
  }

  private static Disposition disposition(CsvLine line, ColumnLayout layout, int col) {
    if (line.isEmpty(col)) {
      throw new DecodeFailure(RejectReason.MISSING_FIELD, layout.label(col) + " is empty");
    }
    if (line.is(col, "ANSWERED")) {
      return Disposition.ANSWERED;
    } else if (line.is(col, "NO ANSWER")) {
      return Disposition.NO_ANSWER;
    } else if (line.is(col, "BUSY")) {
      return Disposition.BUSY;
    } else if (line.is(col, "FAILED")) {
      return Disposition.FAILED;
    } else if (line.is(col, "CONGESTION")) {
      return Disposition.CONGESTION;
    } else if (line.is(col, "CANCEL")) {
      return Disposition.CANCELLED;
    }
    throw invalid(layout.label(col)
        + ": not a disposition (ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION, CANCEL)");
  }

  /**
   * The system name of a uniqueid {@code [systemname-]epoch.counter}: the text before the last
   * {@code -} when what follows it is {@code digits.digits}; null when there is none.
   */
  static String systemName(String uniqueId) {
    int dash = uniqueId.lastIndexOf('-');
    if (dash <= 0) {
      return null;
    }
    int dots = 0;
    int n = uniqueId.length();
    if (dash + 1 >= n) {
      return null;
    }
    for (int i = dash + 1; i < n; i++) {
      char c = uniqueId.charAt(i);
      if (c == '.') {
        if (++dots > 1 || i == dash + 1 || i == n - 1) {
          return null;
        }
      } else if (c < '0' || c > '9') {
        return null;
      }
    }
    return dots == 1 ? uniqueId.substring(0, dash) : null;
  }

  /**
   * The peer of a channel name {@code Tech/peer-sequence}: text between the first {@code /} and the
   * last {@code -}; null when the peer is an endpoint named by its number ({@code PJSIP/2025550143-…}),
   * which is a subscriber's phone, not a trunk (and would put a number into the trunk field).
   */
  private static String trunk(CsvLine line, int col) {
    if (line.isEmpty(col)) {
      return null;
    }
    String channel = line.text(col);
    int slash = channel.indexOf('/');
    if (slash < 0) {
      return null;
    }
    int dash = channel.lastIndexOf('-');
    String peer = dash > slash ? channel.substring(slash + 1, dash) : channel.substring(slash + 1);
    return peer.isEmpty() || isNumberLike(peer) ? null : peer;
  }

  private static boolean isNumberLike(String peer) {
    for (int i = 0; i < peer.length(); i++) {
      char c = peer.charAt(i);
      if ((c < '0' || c > '9') && c != '+') {
        return false;
      }
    }
    return true;
  }

  /** {@code sha256:} and the hex of the first 16 bytes of SHA-256 over the line (without terminator). */
  static String lineHash(byte[] b, int end) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(b, 0, end);
      byte[] d = sha.digest();
      return "sha256:" + HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static DecodeFailure invalid(String detail) {
    return new DecodeFailure(RejectReason.INVALID_FIELD, detail);
  }
}
