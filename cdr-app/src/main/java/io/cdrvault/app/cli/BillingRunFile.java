package io.cdrvault.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The output file of {@code cdrvault billing run} and its recovery: NDJSON customer lines as the
 * server sent them, then the run's own end line {@code {"end":true,"customers","records","from","to"}}.
 * {@link #recover} brings a file left by an interrupted run back to its last complete line and
 * says where to resume.
 *
 * <p>Not thread-safe. Messages name line numbers, never a line's content.
 */
final class BillingRunFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a file holds after recovery. */
  record State(long customers, long records, String lastCursor, boolean complete, long truncatedBytes) {}

  /** The file is not a billing run file for this period (a usage error, not resumable). */
  static final class NotARunFileException extends Exception {
    NotARunFileException(String message) {
      super(message);
    }
  }

  private BillingRunFile() {}

  /**
   * Reads {@code file} (missing: an empty run), drops a partial last line (a line without its
   * newline, left by a crash mid-write), and returns the customers and records of the complete
   * lines, the last cursor and whether the end line is there. Every line must be a customer line
   * for the window {@code from}/{@code to} (ISO instants), in increasing cursor order, with at most
   * an end line last.
   */
  static State recover(Path file, String from, String to) throws IOException, NotARunFileException {
    if (!Files.exists(file)) {
      return new State(0, 0, null, false, 0);
    }
    long truncated = truncateToLastNewline(file);
    long customers = 0;
    long records = 0;
    String last = null;
    boolean complete = false;
    long lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (complete) {
          throw new NotARunFileException(file + ": line " + lineNo + " follows the end line");
        }
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          throw new NotARunFileException(file + ": line " + lineNo + " is not JSON");
        }
        if (n == null || !n.isObject()) {
          throw new NotARunFileException(file + ": line " + lineNo + " is not a JSON object");
        }
        if (n.path("end").asBoolean(false)) {
          if (!from.equals(n.path("from").asText()) || !to.equals(n.path("to").asText())) {
            throw new NotARunFileException(file + " holds a billing run for another period");
          }
          complete = true;
          continue;
        }
        String cursor = n.path("cursor").asText(null);
        JsonNode usage = n.path("usage");
        if (cursor == null || !usage.isObject() || !usage.path("records").canConvertToLong()) {
          throw new NotARunFileException(file + ": line " + lineNo + " is not a billing run line");
        }
        if (!from.equals(usage.path("from").asText()) || !to.equals(usage.path("to").asText())) {
          throw new NotARunFileException(file + " holds a billing run for another period (line "
              + lineNo + ")");
        }
        if (last != null && cursor.compareTo(last) <= 0) {
          throw new NotARunFileException(file + ": line " + lineNo + " is out of cursor order");
        }
        last = cursor;
        customers++;
        records += usage.path("records").asLong();
      }
    }
    return new State(customers, records, last, complete, truncated);
  }

  /** Truncates after the last newline (to 0 if there is none); returns the bytes dropped. */
  private static long truncateToLastNewline(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long keep = 0;
      ByteBuffer buf = ByteBuffer.allocate(8192);
      long pos = size;
      search:
      while (pos > 0) {
        int len = (int) Math.min(buf.capacity(), pos);
        pos -= len;
        buf.clear().limit(len);
        while (buf.hasRemaining()) {
          if (ch.read(buf, pos + buf.position()) < 0) {
            throw new IOException("unexpected end of file while reading backwards");
          }
        }
        for (int i = len - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            keep = pos + i + 1;
            break search;
          }
        }
      }
      if (keep < size) {
        ch.truncate(keep);
        ch.force(true);
      }
      return size - keep;
    }
  }

  /** The end line this client writes: the run's own totals over all its requests. */
  static String endLine(long customers, long records, String from, String to) {
    return JSON.createObjectNode().put("end", true).put("customers", customers)
        .put("records", records).put("from", from).put("to", to).toString();
  }
}
