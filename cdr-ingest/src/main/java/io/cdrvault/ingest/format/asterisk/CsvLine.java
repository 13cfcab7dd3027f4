package io.cdrvault.ingest.format.asterisk;

import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.RejectReason;
import java.nio.charset.StandardCharsets;

/**
 * The field boundaries of one RFC 4180 record held in a byte array, found by a strict scanner:
 * a field is either unquoted (no {@code "}, no CR/LF) or wholly quoted with {@code "} doubled
 * inside; after a closing quote comes a comma or the end of the record. An empty unquoted field is
 * empty, like an empty quoted one. Any violation throws {@link DecodeFailure} ({@code malformed})
 * naming the column and byte position, never a value.
 *
 * <p>Works on bytes (the separators are ASCII, so UTF-8 text cannot hide them) and only builds
 * strings for the fields a caller asks for. Not thread-safe; one instance per decoded line.
 */
final class CsvLine {
  private final byte[] b;
  private final int[] from;
  private final int[] to;
  /** 0 unquoted, 1 quoted, 2 quoted with doubled quotes inside. */
  private final byte[] kind;
  private final int count;

  private CsvLine(byte[] b, int[] from, int[] to, byte[] kind, int count) {
    this.b = b;
    this.from = from;
    this.to = to;
    this.kind = kind;
    this.count = count;
  }

  /**
   * Scans {@code b[0..end)} (the line without its terminator).
   *
   * @param maxFields more fields than this is malformed (bounds the work on hostile input)
   */
  static CsvLine scan(byte[] b, int end, int maxFields, String format) {
    int bound = 1;
    for (int i = 0; i < end; i++) {
      if (b[i] == ',') {
        bound++;
      }
    }
    int cap = Math.min(bound, maxFields + 1);
    int[] from = new int[cap];
    int[] to = new int[cap];
    byte[] kind = new byte[cap];
    int n = 0;
    int i = 0;
    while (true) {
      if (n == cap) {
        throw malformed(format + ": more than " + maxFields + " columns");
      }
      int col = n + 1;
      if (i < end && b[i] == '"') {
        int open = i;
        int s = ++i;
        boolean doubled = false;
        while (true) {
          if (i >= end) {
            throw malformed(format + " column " + col + ": quoted field opened at byte " + open + " is not closed");
          }
          if (b[i] == '"') {
            if (i + 1 < end && b[i + 1] == '"') {
              doubled = true;
              i += 2;
              continue;
            }
            break;
          }
          i++;
        }
        from[n] = s;
        to[n] = i;
        kind[n] = (byte) (doubled ? 2 : 1);
        n++;
        i++; // past the closing quote
        if (i == end) {
          break;
        }
        if (b[i] != ',') {
          throw malformed(format + " column " + col + ": text after the closing quote at byte " + i);
        }
        i++;
      } else {
        int s = i;
        while (i < end && b[i] != ',') {
          byte c = b[i];
          if (c == '"') {
            throw malformed(format + " column " + col + ": quote inside an unquoted field at byte " + i);
          }
          if (c == '\r' || c == '\n') {
            throw malformed(format + " column " + col + ": line break outside quotes at byte " + i);
          }
          i++;
        }
        from[n] = s;
        to[n] = i;
        kind[n] = 0;
        n++;
        if (i == end) {
          break;
        }
        i++; // past the comma; a comma at the very end opens one more (empty) field
      }
    }
    return new CsvLine(b, from, to, kind, n);
  }

  int count() {
    return count;
  }

  boolean isEmpty(int col) {
    return from[col] == to[col];
  }

  /** The field's text (UTF-8, doubled quotes undone). */
  String text(int col) {
    int s = from[col];
    int e = to[col];
    if (kind[col] != 2) {
      return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[e - s];
    int n = 0;
    for (int i = s; i < e; i++) {
      out[n++] = b[i];
      if (b[i] == '"') {
        i++; // skip the second quote of the pair
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** The field's bytes as Latin-1 characters: for ASCII-only fields such as timestamps. */
  String ascii(int col) {
    return new String(b, from[col], to[col] - from[col], StandardCharsets.ISO_8859_1);
  }

  /** Whether the field is exactly the ASCII text {@code s} (no doubled quotes). */
  boolean is(int col, String s) {
    int len = to[col] - from[col];
    if (len != s.length() || kind[col] == 2) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b[from[col] + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The field as a non-negative decimal integer of at most {@code maxDigits} digits, or -1. */
  long digits(int col, int maxDigits) {
    int s = from[col];
    int e = to[col];
    if (s == e || e - s > maxDigits) {
      return -1;
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static DecodeFailure malformed(String detail) {
    return new DecodeFailure(RejectReason.MALFORMED, detail);
  }
}
