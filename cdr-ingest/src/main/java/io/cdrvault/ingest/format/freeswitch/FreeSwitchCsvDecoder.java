package io.cdrvault.ingest.format.freeswitch;

import static io.cdrvault.ingest.format.freeswitch.FreeSwitchValues.emptyToNull;
import static io.cdrvault.ingest.format.freeswitch.FreeSwitchValues.number;

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
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Decoder for {@code freeswitch-csv}: one line of FreeSWITCH {@code mod_cdr_csv} written with the
 * shipped template {@code example} — 15 fields, each in double quotes, separated by commas:
 * caller_id_name, caller_id_number, destination_number, context, start_stamp, answer_stamp,
 * end_stamp, duration, billsec, hangup_cause, uuid, bleg_uuid, accountcode, read_codec, write_codec.
 *
 * <p>The template does no escaping, so a {@code "} inside a value makes the line ambiguous. The
 * line is therefore split by hand and strictly on the {@code ","} separators: every field must
 * open and close with a quote and contain none, and there must be exactly 15 fields; anything else
 * is rejected as {@link RejectReason#MALFORMED} with the column and byte position. A general CSV
 * parser is deliberately not used: it would guess how to repair the broken quoting and could shift
 * values into the wrong columns (a caller name into the number column).
 *
 * <p>Legs ({@code mod_cdr_csv} with {@code legs=ab}, call-centre agent legs): a line whose
 * {@code bleg_uuid} is set names its B leg ({@link DecodeResult#linkedLegs()}), which
 * {@link io.cdrvault.ingest.format.LinkedLegs} then skips; with the per-source options
 * {@value #OPTION_COLUMNS} / {@value #OPTION_LEG_COLUMN} the template carries extra columns and a
 * line whose leg column is non-empty (the carrier appends {@code "${originator}"}) is itself skipped
 * as a B leg. A blank line is not a record ({@link SkipKind#NOT_A_RECORD}).
 *
 * <p>Stamps are local time in the source's zone. See {@code docs/formats/freeswitch-csv.md}.
 * Stateless; thread-safe. Never throws for bad input.
 */
public final class FreeSwitchCsvDecoder implements CdrDecoder {
  public static final String FORMAT = "freeswitch-csv";
  /** Number of columns of the template {@code example}. */
  public static final int COLUMNS = 15;
  /** Option: number of columns the source's template writes: {@code example}'s 15 plus appended ones. */
  public static final String OPTION_COLUMNS = "columns";
  /** Option: 1-based number of an appended column that is non-empty on a B leg ({@code ${originator}}). */
  public static final String OPTION_LEG_COLUMN = "legColumn";
  /** Most columns a template may write. */
  static final int MAX_COLUMNS = 64;

  private static final String[] NAMES = {"caller_id_name", "caller_id_number", "destination_number", "context",
      "start_stamp", "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid",
      "accountcode", "read_codec", "write_codec"};
  /** {@code freeswitch-csv column N 'name'} per column, built once. */
  private static final String[] LABELS = new String[COLUMNS];

  static {
    for (int i = 0; i < COLUMNS; i++) {
      LABELS[i] = FORMAT + " column " + (i + 1) + " '" + NAMES[i] + "'";
    }
  }

  private static final int CALLER_ID_NUMBER = 1;
  private static final int DESTINATION_NUMBER = 2;
  private static final int START_STAMP = 4;
  private static final int ANSWER_STAMP = 5;
  private static final int END_STAMP = 6;
  private static final int DURATION = 7;
  private static final int BILLSEC = 8;
  private static final int HANGUP_CAUSE = 9;
  private static final int UUID = 10;
  private static final int BLEG_UUID = 11;
  private static final int ACCOUNTCODE = 12;
  private static final int READ_CODEC = 13;

  public static FreeSwitchCsvDecoder create() {
    return new FreeSwitchCsvDecoder();
  }

  private FreeSwitchCsvDecoder() {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public DecodeResult decode(byte[] payload, SourceContext source) {
    try {
      return decodeOrThrow(payload, source);
    } catch (DecodeFailure f) {
      return f.toResult();
    } catch (RuntimeException e) {
      return DecodeResult.reject(RejectReason.MALFORMED,
          FORMAT + " line: unexpected " + e.getClass().getSimpleName() + " while decoding");
    }
  }

  private DecodeResult decodeOrThrow(byte[] b, SourceContext source) {
    int end = Lines.contentEnd(b);
    if (Lines.isBlank(b, end)) {
      return DecodeResult.skip(SkipKind.NOT_A_RECORD, 0, FORMAT + " line: blank");
    }
    int legColumn = columnOption(source, OPTION_LEG_COLUMN, 0);
    int columns = columnOption(source, OPTION_COLUMNS, Math.max(COLUMNS, legColumn));
    if (columns < COLUMNS || legColumn != 0 && (legColumn <= COLUMNS || legColumn > columns)) {
      throw new DecodeFailure(RejectReason.UNSUPPORTED_SCHEMA, FORMAT + " options: '" + OPTION_COLUMNS
          + "' must be " + COLUMNS + ".." + MAX_COLUMNS + " and '" + OPTION_LEG_COLUMN + "' a column after "
          + COLUMNS + " within them");
    }
    int[] at = split(b, end, columns);
    if (legColumn != 0 && at[2 * (legColumn - 1) + 1] > at[2 * (legColumn - 1)]) {
      return DecodeResult.skip(SkipKind.DUPLICATE_LEG, 0, FORMAT + " column " + legColumn
          + " (option '" + OPTION_LEG_COLUMN + "') is set: a B leg");
    }

    Instant start = time(b, at, START_STAMP, source, null);
    if (start == null) {
      throw missing(START_STAMP);
    }
    // a call across the autumn change: answer and end may lie in the overlap's second pass
    Instant answer = time(b, at, ANSWER_STAMP, source, start);
    Instant stop = time(b, at, END_STAMP, source, start);
    if (stop == null) {
      throw missing(END_STAMP);
    }
    long duration = seconds(b, at, DURATION);
    long billsec = seconds(b, at, BILLSEC);
    FreeSwitchValues.checkConsistent(FORMAT, start, answer, stop, duration, billsec,
        "column " + (DURATION + 1) + " 'duration'", "column " + (BILLSEC + 1) + " 'billsec'");
    String uuid = text(b, at, UUID);
    if (uuid.isEmpty()) {
      throw missing(UUID);
    }
    String cause = emptyToNull(text(b, at, HANGUP_CAUSE));
    NumberNormalizer norm = NumberNormalizer.forRegion(source.defaultRegion());
    Cdr cdr = Cdr.builder()
        .origin(source.sourceName())
        .originId(uuid)
        .type(ServiceType.VOICE)
        .account(emptyToNull(text(b, at, ACCOUNTCODE)))
        .calling(norm.normalizeSipUser(text(b, at, CALLER_ID_NUMBER))) // SIP users may be names
        .called(norm.normalizeSipUser(text(b, at, DESTINATION_NUMBER)))
        .start(start)
        .answer(answer)
        .end(stop)
        .durationSeconds(duration)
        .billableSeconds(billsec)
        .disposition(FreeSwitchCauses.disposition(answer != null || billsec > 0, cause))
        .cause(cause)
        .codec(emptyToNull(text(b, at, READ_CODEC)))
        .build();
    String bleg = text(b, at, BLEG_UUID);
    return bleg.isEmpty() || bleg.equals(uuid) ? DecodeResult.ok(List.of(cdr), 0)
        : DecodeResult.ok(List.of(cdr), 0, List.of(bleg));
  }

  /** A column-number option: {@code dflt} when unset; an unusable value is an unsupported schema. */
  private static int columnOption(SourceContext source, String name, int dflt) {
    String v = source.options().get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= MAX_COLUMNS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DecodeFailure(RejectReason.UNSUPPORTED_SCHEMA,
        FORMAT + " option '" + name + "' must be a column number from 1 to " + MAX_COLUMNS);
  }

  /**
   * Splits {@code b[0, end)} into exactly {@value #COLUMNS} quoted fields; returns their content
   * bounds as {@code [from0, to0, from1, to1, …]}. Strict: no quote inside a field, nothing between
   * fields but one comma.
   */
  private static int[] split(byte[] b, int end, int columns) {
    int[] at = new int[2 * columns];
    int pos = 0;
    int col = 0;
    while (true) {
      if (col == columns) {
        throw new DecodeFailure(RejectReason.MALFORMED, FORMAT + " line: more than " + columns
            + " columns at byte " + pos + " (" + template(columns) + "; a '\"' inside a field splits it)");
      }
      if (b[pos] != '"') {
        throw new DecodeFailure(RejectReason.MALFORMED,
            label(col) + ": does not start with '\"' (byte " + pos + ")");
      }
      int from = pos + 1;
      int q = from;
      while (q < end && b[q] != '"') {
        q++;
      }
      if (q == end) {
        throw new DecodeFailure(RejectReason.MALFORMED,
            label(col) + ": no closing '\"' before the end of the line (byte " + pos + ")");
      }
      at[2 * col] = from;
      at[2 * col + 1] = q;
      col++;
      if (q + 1 == end) {
        break;
      }
      if (b[q + 1] != ',') {
        throw new DecodeFailure(RejectReason.MALFORMED, label(col - 1) + ": '\"' inside the field at byte " + q
            + " (the template has no escaping)");
      }
      pos = q + 2;
      if (pos == end) {
        throw new DecodeFailure(RejectReason.MALFORMED, FORMAT + " line: ends with ',' at byte " + (pos - 1));
      }
    }
    if (col != columns) {
      throw new DecodeFailure(RejectReason.MALFORMED,
          FORMAT + " line: " + col + " columns, " + template(columns) + " has " + columns);
    }
    return at;
  }

  private static String template(int columns) {
    return columns == COLUMNS ? "template 'example'" : "the configured template";
  }

  private static String label(int col) {
    return col < COLUMNS ? LABELS[col] : FORMAT + " column " + (col + 1);
  }

  private static String text(byte[] b, int[] at, int col) {
    int from = at[2 * col];
    int len = at[2 * col + 1] - from;
    return len == 0 ? "" : new String(b, from, len, StandardCharsets.UTF_8);
  }

  /**
   * A local stamp in the source zone; null when the field is empty. {@code notBefore} non-null: in
   * a DST overlap the pass that is not before it ({@link Timestamps#localNotBefore}).
   */
  private static Instant time(byte[] b, int[] at, int col, SourceContext source, Instant notBefore) {
    String s = text(b, at, col);
    if (s.isEmpty()) {
      return null;
    }
    return notBefore == null ? Timestamps.local(s, source.zone(), LABELS[col])
        : Timestamps.localNotBefore(s, source.zone(), LABELS[col], notBefore);
  }

  private static long seconds(byte[] b, int[] at, int col) {
    String s = text(b, at, col);
    if (s.isEmpty()) {
      throw missing(col);
    }
    return number(s, LABELS[col], 12);
  }

  private static DecodeFailure missing(int col) {
    return new DecodeFailure(RejectReason.MISSING_FIELD, LABELS[col] + ": empty");
  }
}
