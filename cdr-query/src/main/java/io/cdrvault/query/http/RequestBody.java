package io.cdrvault.query.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a request body with a limit enforced on the stream itself: the declared
 * {@code Content-Length} is checked first, then bytes are counted as they arrive, so a chunked
 * body (no length) is refused as soon as it passes the limit, never buffered whole. Handlers read
 * bodies only through {@link AccessFlow#body}, after the caller was authenticated — never with
 * {@code ctx.body()} (uncapped for chunked requests).
 *
 * <p>Stateless and thread-safe.
 */
final class RequestBody {
  private RequestBody() {}

  /**
   * The body, at most {@code max} bytes.
   *
   * @throws TooLarge if the body is (or declares to be) longer
   * @throws UncheckedIOException if the body cannot be read (the client went away)
   */
  static byte[] read(Context ctx, int max) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw new TooLarge(max);
    }
    try {
      InputStream in = ctx.req().getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream(
          (int) Math.min(Math.max(declared, 256), max));
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > max) {
          throw new TooLarge(max);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("the request body could not be read", e);
    }
  }

  /** Whether the request carries a body (declared length above 0, or chunked). */
  static boolean present(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.req().getHeader("Transfer-Encoding") != null;
  }

  /** The body passed the limit; refused with 413 and rule {@code body-too-large}. */
  public static final class TooLarge extends RuntimeException {
    private final int limit;

    TooLarge(int limit) {
      super("the request body is longer than " + limit + " bytes", null, false, false);
      this.limit = limit;
    }

    /** The limit, in bytes. */
    public int limit() {
      return limit;
    }
  }
}
