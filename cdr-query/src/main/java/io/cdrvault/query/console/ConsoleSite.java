package io.cdrvault.query.console;

import io.cdrvault.query.auth.OidcSignInSettings;
import io.cdrvault.query.http.SiteContext;
import io.cdrvault.query.http.SiteContributor;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The console for people who do not use the CLI (issue 18; docs/console.md, docs/adr/0034):
 * server-rendered pages under {@code /console/} on the API's own server. It signs users in with
 * their API token, keeps a server-side session, and does every action as one call of the API with
 * that token — so authentication, the policy engine and the audit ledger see exactly what they see
 * for the CLI. It serves the legal team (legal requests, exports and holds), the compliance
 * officer (the audit trail, its verification, disclosure reports and denial trends) and customer
 * care.
 *
 * <p>Immutable and thread-safe; each server gets its own sessions.
 */
public final class ConsoleSite implements SiteContributor {
  private static final String CSS_RESOURCE = "/console/console.css";

  private final Optional<OidcSignInSettings> oidc;

  /** The console with sign-in by bearer token only. */
  public ConsoleSite() {
    this(Optional.empty());
  }

  /** The console, also offering sign-in through the identity provider when {@code oidc} is set. */
  public ConsoleSite(Optional<OidcSignInSettings> oidc) {
    this.oidc = java.util.Objects.requireNonNull(oidc, "oidc");
  }

  @Override
  public void register(Javalin app, SiteContext site) {
    byte[] css = css();
    Views views = new Views();
    ConsoleSessions sessions = new ConsoleSessions(site.clock());
    ConsoleGuard guard = new ConsoleGuard(sessions, site, views);
    ConsoleApi api = new ConsoleApi(site.api(), site.json());
    Optional<OidcSignIn> provider = oidc.map(OidcSignIn::new);
    SignInPages signIn = new SignInPages(sessions, guard, site, views,
        provider.map(OidcSignIn::providerName).orElse(""));
    LegalRequestPages requests = new LegalRequestPages(guard, api, views);
    ExportPages exports = new ExportPages(guard, api, views, site.clock());
    HoldPages holds = new HoldPages(guard, api, views);
    CarePages care = new CarePages(guard, new CareApi(api), views, site.clock());
    AuditPages audit = new AuditPages(guard, api, views);
    // the compliance officer's breach register, complaints and certification data
    BreachPages breaches = new BreachPages(guard, api, views);
    CertificationPages certification = new CertificationPages(guard, api, views, site.clock());

    app.before(ctx -> {
      if (ctx.path().equals(ConsolePaths.ROOT) || ctx.path().startsWith(ConsolePaths.HOME)) {
        ConsoleGuard.headers(ctx); // every console answer, errors and unknown paths included
      }
    });
    app.get(ConsolePaths.HOME, signIn::home);
    app.get(ConsolePaths.CSS, ctx -> ctx.contentType("text/css; charset=utf-8").result(css));
    app.get(ConsolePaths.SIGN_IN, signIn::form);
    app.post(ConsolePaths.SIGN_IN, signIn::signIn);
    app.post(ConsolePaths.SIGN_OUT, signIn::signOut);
    provider.ifPresent(p -> {
      OidcSignInPages pages = new OidcSignInPages(p, sessions, site, views, site.clock());
      app.get(ConsolePaths.OIDC_START, pages::start);
      app.get(ConsolePaths.OIDC_CALLBACK, pages::callback);
    });
    app.get(ConsolePaths.REQUESTS, requests::list);
    app.post(ConsolePaths.REQUESTS, requests::register);
    app.get(ConsolePaths.NEW_REQUEST, requests::newForm);
    app.get(ConsolePaths.REQUEST, requests::show);
    app.post(ConsolePaths.APPROVE, requests::approve);
    app.post(ConsolePaths.REVOKE, requests::revoke);
    app.post(ConsolePaths.EXPORT, exports::run);
    app.get(ConsolePaths.EXPORT, exports::result);
    app.get(ConsolePaths.EXPORT_ZIP, exports::download);
    app.get(ConsolePaths.HOLDS, holds::list);
    app.post(ConsolePaths.HOLDS, holds::create);
    app.post(ConsolePaths.HOLD_RENEW, holds::renew);
    app.post(ConsolePaths.HOLD_RELEASE, holds::release);
    app.get(ConsolePaths.CARE, care::start);
    app.post(ConsolePaths.CARE_CUSTOMER, care::find);
    app.post(ConsolePaths.CARE_DONE, care::done);
    app.get(ConsolePaths.CARE_USAGE, care::usage);
    app.get(ConsolePaths.CARE_RECORDS, care::records);
    app.get(ConsolePaths.CARE_ACCESS_LOG, care::accessLog);
    app.get(ConsolePaths.CARE_CONSENT, care::consent);
    app.post(ConsolePaths.CARE_CONSENT, care::recordConsent);
    app.get(ConsolePaths.CARE_ERASURE, care::erasureForm);
    app.post(ConsolePaths.CARE_ERASURE, care::erase);
    // the compliance officer's pages (duty OVERSIGHT)
    app.get(ConsolePaths.AUDIT_TRAIL, audit::trail);
    app.post(ConsolePaths.AUDIT_TRAIL, audit::filter);
    app.post(ConsolePaths.AUDIT_CLEAR_CUSTOMER, audit::clearCustomer);
    app.get(ConsolePaths.AUDIT_VERIFICATION, audit::verification);
    app.get(ConsolePaths.AUDIT_DISCLOSURES, audit::disclosureForm);
    app.post(ConsolePaths.AUDIT_DISCLOSURES, audit::disclosures);
    app.get(ConsolePaths.AUDIT_DENIALS, audit::denials);
    breaches.register(app);
    certification.register(app);
  }

  private static byte[] css() {
    try (InputStream in = ConsoleSite.class.getResourceAsStream(CSS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + CSS_RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CSS_RESOURCE, e);
    }
  }
}
