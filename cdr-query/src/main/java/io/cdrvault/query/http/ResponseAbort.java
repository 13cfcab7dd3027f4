package io.cdrvault.query.http;

import io.javalin.http.Context;
import java.util.Objects;

/**
 * Ends a response whose status and first bytes were already sent by aborting the connection, so
 * the client sees a broken transfer (an incomplete chunked body) rather than a normal end. Without
 * it, Javalin's handler for an uncaught exception appends its error text to the committed body and
 * ends it cleanly, which a client could take for a complete (if odd) response.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResponseAbort {
  private ResponseAbort() {}

  /** Aborts {@code ctx}'s connection because of {@code cause} (Jetty); a no-op elsewhere. */
  public static void abort(Context ctx, Throwable cause) {
    Objects.requireNonNull(ctx, "ctx");
    org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
    if (base != null && base.getHttpChannel() != null) {
      base.getHttpChannel().abort(cause);
    }
  }
}
