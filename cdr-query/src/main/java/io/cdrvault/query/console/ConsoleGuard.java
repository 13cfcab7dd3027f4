package io.cdrvault.query.console;

import io.cdrvault.query.http.SiteContext;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every console request passes: the security headers, the session cookie, and for a POST the
 * same-origin check, the capped body and the session's CSRF token. A request without a live
 * session is sent to the sign-in page; a POST without the right CSRF token (or from another
 * origin) is refused with 403 before anything is done.
 *
 * <p>Thread-safe. Logs no id, token or form value.
 */
final class ConsoleGuard {
  private static final Logger log = LoggerFactory.getLogger(ConsoleGuard.class);
  static final String COOKIE = "cdrvault_console";
  static final String CSRF_FIELD = "csrf";
  /** Largest form without a file. */
  static final int FORM_LIMIT = 64 * 1024;
  /** Largest served document, and the form it comes in. */
  static final int DOCUMENT_LIMIT = 10 * 1024 * 1024;
  static final int UPLOAD_LIMIT = DOCUMENT_LIMIT + FORM_LIMIT;
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /** A POST that passed: its session and form. */
  record Posted(ConsoleSession session, Forms form) {}

  private final ConsoleSessions sessions;
  private final SiteContext site;
  private final Views views;

  ConsoleGuard(ConsoleSessions sessions, SiteContext site, Views views) {
    this.sessions = sessions;
    this.site = site;
    this.views = views;
  }

  /** Sets the headers every console answer carries. */
  static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
  }

  /** The live session of the request; without one, answers with a redirect to sign-in. */
  Optional<ConsoleSession> session(Context ctx) {
    Optional<ConsoleSession> s = sessions.find(ctx.cookie(COOKIE));
    if (s.isEmpty()) {
      ctx.redirect(ConsolePaths.SIGN_IN, io.javalin.http.HttpStatus.SEE_OTHER);
    }
    return s;
  }

  /** The session's checked POST with a body of at most {@code limit} bytes; else answered. */
  Optional<Posted> post(Context ctx, int limit) {
    if (!sameOrigin(ctx)) {
      refuse(ctx, 403, "The form was not sent from this console.");
      return Optional.empty();
    }
    Optional<ConsoleSession> s = session(ctx);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<Forms> form = form(ctx, limit);
    if (form.isEmpty()) {
      return Optional.empty();
    }
    if (!csrfMatches(s.get(), form.get().field(CSRF_FIELD))) {
      log.info("console POST {} refused: missing or wrong CSRF token", ctx.endpointHandlerPath());
      refuse(ctx, 403, "The form was refused: it does not carry this session's CSRF token. "
          + "Reload the page and try again.");
      return Optional.empty();
    }
    return Optional.of(new Posted(s.get(), form.get()));
  }

  /** The capped, parsed form of a request; a too-large or malformed one is answered. */
  Optional<Forms> form(Context ctx, int limit) {
    Optional<byte[]> body = site.body(ctx, limit);
    if (body.isEmpty()) {
      refuse(ctx, 413, "The form is larger than " + limit / 1024 + " KiB.");
      return Optional.empty();
    }
    try {
      return Optional.of(Forms.parse(ctx.header("Content-Type"), body.get()));
    } catch (Forms.Malformed e) {
      refuse(ctx, 400, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * False when the browser says the request comes from another origin. Under {@code
   * Referrer-Policy: no-referrer} browsers send {@code Origin: null} even for same-origin form
   * POSTs, so "null" (like no header) proves nothing either way: the CSRF token and the
   * SameSite=Strict cookie decide.
   */
  static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || origin.equals("null")) {
      return true;
    }
    String host = ctx.header("Host");
    return host != null && origin.equalsIgnoreCase(ctx.scheme() + "://" + host);
  }

  static boolean csrfMatches(ConsoleSession s, String sent) {
    return sent != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.US_ASCII),
        sent.getBytes(StandardCharsets.US_ASCII));
  }

  /** Sets the session cookie: HttpOnly, Secure, SameSite=Strict, only for the console's paths. */
  static void setCookie(Context ctx, ConsoleSession s) {
    ctx.header("Set-Cookie", COOKIE + "=" + s.id() + "; Path=" + ConsolePaths.ROOT
        + "; HttpOnly; Secure; SameSite=Strict");
  }

  static void clearCookie(Context ctx) {
    ctx.header("Set-Cookie", COOKIE + "=; Path=" + ConsolePaths.ROOT
        + "; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
  }

  private void refuse(Context ctx, int status, String text) {
    views.message(ctx, status, Page.anonymous("Not accepted", null), text);
  }
}
