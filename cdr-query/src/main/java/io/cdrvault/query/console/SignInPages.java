package io.cdrvault.query.console;

import io.cdrvault.query.http.SignInGate;
import io.cdrvault.query.http.SiteContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with a bearer token (the API's own tokens, {@code principals.yaml}), checked by the
 * API's {@link SignInGate}; a refusal is counted and audited like the API's 401s under operation
 * {@value #OPERATION}. A sign-in starts a new session (an earlier one of the browser ends); sign-out
 * ends it. The token is read from the POST body only and is never written to a page, URL or log.
 *
 * <p>Thread-safe.
 */
final class SignInPages {
  private static final Logger log = LoggerFactory.getLogger(SignInPages.class);
  /** Audited operation name of a refused console sign-in. */
  static final String OPERATION = "console-sign-in";
  private static final int SIGN_IN_LIMIT = 8 * 1024;

  private final ConsoleSessions sessions;
  private final ConsoleGuard guard;
  private final SiteContext site;
  private final Views views;
  /** The identity provider's name on the sign-in page; "" when there is no OIDC sign-in. */
  private final String provider;

  SignInPages(ConsoleSessions sessions, ConsoleGuard guard, SiteContext site, Views views,
      String provider) {
    this.provider = provider;
    this.sessions = sessions;
    this.guard = guard;
    this.site = site;
    this.views = views;
  }

  /** {@code GET /console/sign-in}. */
  void form(Context ctx) {
    if (sessions.find(ctx.cookie(ConsoleGuard.COOKIE)).isPresent()) {
      ctx.redirect(ConsolePaths.HOME, HttpStatus.SEE_OTHER);
      return;
    }
    views.render(ctx, 200, "sign-in", Map.of("page", Page.anonymous("Sign in", null),
        "provider", provider));
  }

  /** {@code POST /console/sign-in}. */
  void signIn(Context ctx) {
    if (!ConsoleGuard.sameOrigin(ctx)) {
      views.message(ctx, 403, Page.anonymous("Not accepted", null),
          "The form was not sent from this console.");
      return;
    }
    Optional<Forms> form = guard.form(ctx, SIGN_IN_LIMIT);
    if (form.isEmpty()) {
      return;
    }
    SignInGate.Outcome o = site.signIn().signIn(ctx.req().getRemoteAddr(), OPERATION,
        form.get().field("token"));
    if (o.principal().isEmpty()) {
      boolean limited = !"unauthenticated".equals(o.refusedBy());
      Notice n = new Notice(false, limited
          ? "Too many failed sign-ins from this address; wait a moment and try again."
          : "Sign-in refused: the token is not recognised.", o.refusedBy(), null);
      views.render(ctx, limited ? 429 : 401, "sign-in", Map.of("page", Page.anonymous("Sign in", n),
          "provider", provider));
      return;
    }
    sessions.end(ctx.cookie(ConsoleGuard.COOKIE));
    Optional<ConsoleSession> s = sessions.create(o.principal().get().name(), form.get().field("token").strip());
    if (s.isEmpty()) {
      views.message(ctx, 503, Page.anonymous("Sign in", null),
          "The console has too many open sessions; try again later.");
      return;
    }
    log.info("console sign-in of {}", s.get().principal());
    ConsoleGuard.setCookie(ctx, s.get());
    ctx.redirect(ConsolePaths.HOME, HttpStatus.SEE_OTHER);
  }

  /** {@code POST /console/sign-out}. */
  void signOut(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      sessions.end(p.session().id());
      log.info("console sign-out of {}", p.session().principal());
      ConsoleGuard.clearCookie(ctx);
      ctx.redirect(ConsolePaths.SIGN_IN, HttpStatus.SEE_OTHER);
    });
  }

  /** {@code GET /console/}: the start page of a signed-in user. */
  void home(Context ctx) {
    guard.session(ctx).ifPresent(s ->
        views.render(ctx, 200, "home", Map.of("page", Page.of("Start", s))));
  }
}
