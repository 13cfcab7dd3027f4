package io.cdrvault.query.console;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.cdrvault.query.http.SignInGate;
import io.cdrvault.query.http.SiteContext;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Sign in with the identity provider" ({@link OidcSignIn}): {@code GET /console/sign-in/oidc}
 * starts a sign-in — a pending record keyed by its random {@code state}, bound to this browser by
 * a short-lived cookie ({@value #LOGIN_COOKIE}, {@code SameSite=Lax} so it comes back on the
 * provider's redirect) — and sends the browser to the provider; the callback takes the pending
 * sign-in once (a replayed or foreign {@code state} is refused), exchanges the code, and gives the
 * access token to the API's {@link SignInGate} like a pasted token: a token the API does not accept
 * is refused, counted and audited as a failed sign-in ({@code console-sign-in}). The session then
 * ends also when the access token expires.
 *
 * <p>Thread-safe. Logs no code, state or token.
 */
final class OidcSignInPages {
  private static final Logger log = LoggerFactory.getLogger(OidcSignInPages.class);
  static final String LOGIN_COOKIE = "cdrvault_console_login";
  /** How long a started sign-in may take at the provider. */
  static final Duration PENDING_FOR = Duration.ofMinutes(10);
  static final int MAX_PENDING = 10_000;

  private final OidcSignIn oidc;
  private final ConsoleSessions sessions;
  private final SiteContext site;
  private final Views views;
  private final Clock clock;
  private final ConcurrentHashMap<String, OidcSignIn.Pending> pending = new ConcurrentHashMap<>();

  OidcSignInPages(OidcSignIn oidc, ConsoleSessions sessions, SiteContext site, Views views,
      Clock clock) {
    this.oidc = oidc;
    this.sessions = sessions;
    this.site = site;
    this.views = views;
    this.clock = clock;
  }

  /** {@code GET /console/sign-in/oidc}: to the provider. */
  void start(Context ctx) {
    // no credential yet: held to the per-address limit of unauthenticated requests, so a flood
    // cannot fill the pending sign-ins
    if (!site.signIn().admit(ctx.req().getRemoteAddr(), "console-sign-in")) {
      ctx.header("Retry-After", "1");
      refuse(ctx, 429, "Too many sign-ins from this address; try again in a moment.");
      return;
    }
    Instant now = clock.instant();
    pending.values().removeIf(p -> expired(p, now));
    if (pending.size() >= MAX_PENDING) {
      refuse(ctx, 503, "Too many sign-ins are under way; try again in a few minutes.");
      return;
    }
    URI redirect = oidc.configuredRedirect() != null ? oidc.configuredRedirect()
        : URI.create(ctx.scheme() + "://" + ctx.host() + ConsolePaths.OIDC_CALLBACK);
    OidcSignIn.Pending p = new OidcSignIn.Pending(new State(), new Nonce(), new CodeVerifier(),
        redirect, new State().getValue(), now);
    URI to;
    try {
      to = oidc.authorizationRequest(p);
    } catch (OidcSignIn.Failed e) {
      refuse(ctx, 502, "The sign-in could not start: " + e.getMessage() + ".");
      return;
    }
    pending.put(p.state().getValue(), p);
    ctx.header("Set-Cookie", LOGIN_COOKIE + "=" + p.browser() + "; Path=" + ConsolePaths.OIDC_START
        + "; Max-Age=" + PENDING_FOR.toSeconds() + "; HttpOnly; Secure; SameSite=Lax");
    ctx.redirect(to.toString(), HttpStatus.SEE_OTHER);
  }

  /** {@code GET /console/sign-in/oidc/callback?code&state} (or {@code ?error}). */
  void callback(Context ctx) {
    String state = ctx.queryParam("state");
    OidcSignIn.Pending p = state == null ? null : pending.get(state);
    // only the browser that started it may use (and so end) a pending sign-in, and only once
    if (p != null && (!sameBrowser(ctx.cookie(LOGIN_COOKIE), p.browser()) || !pending.remove(state, p))) {
      p = null;
    }
    ctx.header("Set-Cookie", LOGIN_COOKIE + "=; Path=" + ConsolePaths.OIDC_START
        + "; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
    if (p == null || expired(p, clock.instant())) {
      refuse(ctx, 400, "This sign-in was not started in this browser, was already used or took "
          + "too long. Start again.");
      return;
    }
    String error = ctx.queryParam("error");
    String code = ctx.queryParam("code");
    if (error != null || code == null || code.isBlank()) {
      refuse(ctx, 401, "The identity provider did not sign you in"
          + (error == null ? "." : " (" + printable(error) + ")."));
      return;
    }
    OidcSignIn.Tokens tokens;
    try {
      tokens = oidc.exchange(code, p);
    } catch (OidcSignIn.Failed e) {
      refuse(ctx, 401, "Sign-in failed: " + e.getMessage() + ".");
      return;
    }
    SignInGate.Outcome o = site.signIn().signIn(ctx.req().getRemoteAddr(), SignInPages.OPERATION,
        tokens.accessToken());
    if (o.principal().isEmpty()) {
      Notice n = new Notice(false, "The node does not accept the identity provider's token for "
          + "you (its issuer, audience, signature or validity).", o.refusedBy(), null);
      views.render(ctx, "unauthenticated".equals(o.refusedBy()) ? 401 : 429, "sign-in",
          Map.of("page", Page.anonymous("Sign in", n), "provider", oidc.providerName()));
      return;
    }
    sessions.end(ctx.cookie(ConsoleGuard.COOKIE));
    Optional<ConsoleSession> s = sessions.create(o.principal().get().name(), tokens.accessToken(),
        tokens.expiresAt());
    if (s.isEmpty()) {
      refuse(ctx, 503, "The console has too many open sessions; try again later.");
      return;
    }
    log.info("console sign-in of {} through the identity provider", s.get().principal());
    ConsoleGuard.setCookie(ctx, s.get());
    // a page, not a redirect: the SameSite=Strict session cookie is not sent on a navigation that
    // began at the provider, so the browser goes on from here (same site) to the start page
    ctx.header("Refresh", "0; url=" + ConsolePaths.HOME);
    views.render(ctx, 200, "signed-in", Map.of("page", Page.anonymous("Signed in", null),
        "principal", s.get().principal()));
  }

  private static boolean expired(OidcSignIn.Pending p, Instant now) {
    return !now.isBefore(p.startedAt().plus(PENDING_FOR));
  }

  private static boolean sameBrowser(String cookie, String expected) {
    return cookie != null && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII),
        expected.getBytes(StandardCharsets.US_ASCII));
  }

  /** A provider's error code, shown only if it is a plain token (RFC 6749 error codes are). */
  private static String printable(String s) {
    return s.matches("[A-Za-z0-9_.-]{1,64}") ? s : "error";
  }

  private void refuse(Context ctx, int status, String text) {
    views.message(ctx, status, Page.anonymous("Sign in", null), text);
  }
}
