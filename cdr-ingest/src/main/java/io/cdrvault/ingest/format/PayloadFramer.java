package io.cdrvault.ingest.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a file into payloads (one payload = one Kafka record value) per {@link Framing}, keeping
 * where each payload starts so tools can report {@code line N} / {@code value N}.
 *
 * <ul>
 *   <li>{@link Framing#LINES}: one payload per non-blank line; a trailing {@code \r} is removed.
 *   <li>{@link Framing#JSON_VALUES}: one payload per top-level JSON value, pretty-printed over many
 *       lines or one per line (NDJSON); a top-level line that does not start a JSON value (for
 *       example a {@code cdr=<url-encoded JSON>} body) is one payload. A value that is not
 *       well-formed JSON becomes one payload reaching up to the next line that starts (in column
 *       one) with {@code {} or {@code [}, so the decoder rejects it with its position and the rest
 *       of the file is still read.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class PayloadFramer {
  private static final JsonFactory JSON = new JsonFactory();

  private PayloadFramer() {}

  /**
   * One payload of a file: its bytes, the 1-based line it starts on, and its 1-based index among
   * the file's payloads.
   */
  public record Framed(byte[] payload, int line, int index) {
    public Framed {
      Objects.requireNonNull(payload, "payload");
    }

    /** {@code line N} for line framing, {@code value N (line M)} for JSON values. */
    public String position(Framing framing) {
      return framing == Framing.LINES ? "line " + line : "value " + index + " (line " + line + ")";
    }

    @Override
    public String toString() {
      return "Framed[line " + line + ", " + payload.length + " bytes]";
    }
  }

  /** The payloads of {@code file} in order. */
  public static List<Framed> frame(byte[] file, Framing framing) {
    Objects.requireNonNull(file, "file");
    return framing == Framing.LINES ? lines(file) : jsonValues(file);
  }

  private static List<Framed> lines(byte[] file) {
    List<Framed> out = new ArrayList<>();
    int line = 1;
    int start = 0;
    for (int i = 0; i <= file.length; i++) {
      if (i == file.length || file[i] == '\n') {
        int end = i;
        if (end > start && file[end - 1] == '\r') {
          end--;
        }
        if (!blank(file, start, end)) {
          out.add(new Framed(Arrays.copyOfRange(file, start, end), line, out.size() + 1));
        }
        line++;
        start = i + 1;
      }
    }
    return out;
  }

  private static List<Framed> jsonValues(byte[] file) {
    List<Framed> out = new ArrayList<>();
    int pos = 0;
    int counted = 0;
    int line = 1;
    while (true) {
      pos = skipWhitespace(file, pos);
      if (pos >= file.length) {
        return out;
      }
      line += newlines(file, counted, pos);
      counted = pos;
      int end;
      byte b = file[pos];
      if (b == '{' || b == '[') {
        end = valueEnd(file, pos);
        if (end < 0) {
          end = nextValueLine(file, pos);
        }
      } else {
        end = lineEnd(file, pos);
      }
      int trimmed = end;
      while (trimmed > pos && isWhitespace(file[trimmed - 1])) {
        trimmed--;
      }
      out.add(new Framed(Arrays.copyOfRange(file, pos, trimmed), line, out.size() + 1));
      pos = end;
    }
  }

  /** The end offset of the JSON value starting at {@code start}, or -1 if it is not well-formed. */
  private static int valueEnd(byte[] file, int start) {
    try (JsonParser p = JSON.createParser(file, start, file.length - start)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return -1;
      }
      p.skipChildren();
      return start + (int) p.currentLocation().getByteOffset();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The start of the next line (after the one holding {@code from}) that begins with { or [, or the end. */
  private static int nextValueLine(byte[] file, int from) {
    for (int i = from; i < file.length; i++) {
      if (file[i] == '\n' && i + 1 < file.length && (file[i + 1] == '{' || file[i + 1] == '[')) {
        return i + 1;
      }
    }
    return file.length;
  }

  private static int lineEnd(byte[] file, int from) {
    for (int i = from; i < file.length; i++) {
      if (file[i] == '\n') {
        return i;
      }
    }
    return file.length;
  }

  private static int newlines(byte[] file, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (file[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  private static int skipWhitespace(byte[] file, int pos) {
    while (pos < file.length && isWhitespace(file[pos])) {
      pos++;
    }
    return pos;
  }

  private static boolean blank(byte[] file, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!isWhitespace(file[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
