package io.cdrvault.query.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A read's answer that is written to the response while it is read (NDJSON lines, a zip), never
 * collected in memory. {@link AuditedRead} sets status 200 and the headers, calls
 * {@link #writeTo}, then {@link #close()} (which releases what the read opened: a cursor, a spool)
 * and only then records the completion.
 *
 * <p>Used by the one thread that serves the request.
 */
public interface StreamedAnswer extends AutoCloseable {
  /** The media type of the answer. */
  String contentType();

  /**
   * Writes the answer. A failure after the first bytes can only end the transfer: clients treat a
   * stream that does not end cleanly as incomplete. Call {@link ReadTally#whole()} once the last
   * part is handed over.
   */
  void writeTo(OutputStream out) throws IOException;

  /** Releases what the read opened; idempotent. */
  @Override
  void close();

  /** What writes the body of a {@link StreamedAnswer}. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** An answer of {@code contentType} written by {@code body}; {@code release} runs on close. */
  static StreamedAnswer of(String contentType, Body body, Runnable release) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(release, "release");
    return new StreamedAnswer() {
      private boolean closed;

      @Override
      public String contentType() {
        return contentType;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        body.writeTo(out);
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          release.run();
        }
      }
    };
  }

  /** An answer of {@code contentType} written by {@code body}, holding nothing to release. */
  static StreamedAnswer of(String contentType, Body body) {
    return of(contentType, body, () -> { });
  }
}
