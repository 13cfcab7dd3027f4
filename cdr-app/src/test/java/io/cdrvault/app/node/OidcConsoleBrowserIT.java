package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdrvault.query.auth.OidcSettings;
import io.cdrvault.query.auth.OidcSignInSettings;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's sign-in through an identity provider, in a real browser against a real node and a
 * real OpenID Connect provider running in the test (mock-oauth2-server: discovery, authorization
 * code flow with PKCE, RS256-signed ID and access tokens): "Sign in with Staff SSO" takes the
 * browser to the provider and back, signed in as {@code oidc:<sub>}; the console's API calls carry
 * the provider's access token (the audit names that principal); the callback cannot be replayed; a
 * provider token the API does not accept (another audience) is refused and audited as a failed
 * sign-in; and the session ends when the access token expires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcConsoleBrowserIT {
  private static final String ISSUER_ID = "staff";
  private static final String CLIENT_SECRET = "console-client-secret-5e4d3c2b1a09";

  @TempDir
  static Path base;

  private final ConsoleNode.MovableClock clock = new ConsoleNode.MovableClock();
  private MockOAuth2Server provider;
  private ConsoleNode fixture;
  private Node node;
  private ConsoleBrowser console;
  private Path caPem;
  private ChromeDriver browser;
  private String url;

  @BeforeAll
  void nodeProviderAndBrowser() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    String issuer = provider.issuerUrl(ISSUER_ID).toString();
    URI jwks = provider.jwksUrl(ISSUER_ID).uri();
    OidcSettings api = new OidcSettings(issuer, "cdrvault", jwks, "sub", "roles", Map.of(),
        Set.of("RS256"), Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofSeconds(30));
    OidcSignInSettings signIn = new OidcSignInSettings(issuer, "cdrvault-console", CLIENT_SECRET,
        jwks, Optional.empty(), Optional.empty(), Optional.empty(), List.of("openid"), "Staff SSO");
    fixture = ConsoleNode.start(base, ConsoleNode.simulator(5, 3, "2026-09-01T00:00:00Z"), 20,
        Principals.of(List.of()), clock,
        a -> new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_WINDOW_DAYS,
            ApiSettings.DEFAULT_MAX_BODY_BYTES, ApiSettings.DEFAULT_RATE_LIMIT_PER_SECOND,
            ApiSettings.DEFAULT_RATE_LIMIT_BURST, Duration.ofSeconds(1),
            ApiSettings.DEFAULT_FRAUD_READS_HIDDEN_FOR).withRateLimit(1, 10),
        s -> s.withIdentityProvider(Optional.of(api)).withConsoleSignIn(Optional.of(signIn)));
    node = fixture.node();
    url = fixture.url();
    caPem = fixture.tls().caCertificate();
    console = fixture.browser(base.resolve("chromium-profile"), "oidc", CLIENT_SECRET);
    browser = console.driver();
  }

  @AfterAll
  void stop() {
    if (console != null) {
      console.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
  }


  @Test
  @Order(1)
  void signInWithTheProvider_thenTheConsoleCallsTheApiWithItsAccessToken() throws Exception {
    long before = node.store().auditLedger().lastSequence();
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "alice", "JWT",
        List.of("cdrvault"), Map.of("roles", List.of("legal")), 3600));
    browser.get(url + "/console/");
    assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    assertThat(console.text("sign-in-oidc")).isEqualTo("Sign in with Staff SSO");
    console.page("sign-in");
    signInWithProvider();
    assertThat(console.text("principal")).isEqualTo("oidc:alice");
    console.page("signed-in");
    assertThat(browser.manage().getCookieNamed("cdrvault_console_login")).isNull();

    console.press(By.linkText("Legal requests"));
    assertThat(browser.findElements(By.id("no-requests"))).hasSize(1);
    console.page("legal-requests");
    // the API authenticated the provider's token: the audit names the provider's user
    assertThat(decisionsSince(before)).anySatisfy(d -> {
      assertThat(d.principal()).isEqualTo("oidc:alice");
      assertThat(d.operation()).isEqualTo("legal-list");
      assertThat(d.outcome().name()).isEqualTo("ALLOWED");
    });

    // the flow went through the provider with PKCE, state and nonce; no token in any URL
    List<String> urls = console.requestedUrls();
    String authorize = urls.stream().filter(u -> u.contains("/" + ISSUER_ID + "/authorize"))
        .findFirst().orElseThrow();
    assertThat(authorize).contains("code_challenge_method=S256").contains("code_challenge=")
        .contains("state=").contains("nonce=").contains("client_id=cdrvault-console")
        .doesNotContain("code_verifier");
    assertThat(urls).noneMatch(u -> u.contains("access_token") || u.contains("id_token")
        || u.contains(CLIENT_SECRET));

    // the callback, replayed (code and state used once), signs no one in
    String callback = urls.stream().filter(u -> u.contains("/console/sign-in/oidc/callback?"))
        .findFirst().orElseThrow();
    console.signOut();
    browser.get(callback);
    assertThat(browser.getPageSource()).contains("was already used");
    browser.get(url + "/console/");
    assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    console.page("callback-replayed");
  }

  @Test
  @Order(2)
  void aProviderTokenTheApiDoesNotAccept_isRefused_andAudited() throws Exception {
    long before = node.store().auditLedger().lastSequence();
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "mallory", "JWT",
        List.of("another-service"), Map.of("roles", List.of("legal")), 3600));
    browser.get(url + "/console/sign-in");
    console.press(By.id("sign-in-oidc"));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> d.getCurrentUrl().contains("/console/sign-in/oidc/callback"));
    assertThat(console.text("notice-rule")).isEqualTo("unauthenticated");
    assertThat(browser.manage().getCookieNamed("cdrvault_console")).isNull();
    console.page("token-refused");
    // refusals of unauthenticated callers are counted and written once per interval (1 s here)
    await("the counted refusal audited").atMost(Duration.ofSeconds(30)).until(() -> {
      for (AuditEntry e : node.store().auditLedger().read(before + 1, 1000)) {
        if (e.event() instanceof AuditEvent.AnonymousRefusals r
            && r.operation().equals("console-sign-in") && r.rule().equals("unauthenticated")) {
          return true;
        }
      }
      return false;
    });
  }

  @Test
  @Order(3)
  void startingSignIns_isHeldToThePerAddressLimit_andTheRefusalsAudited() throws Exception {
    long before = node.store().auditLedger().lastSequence();
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .sslContext(ConsoleBrowser.trusting(caPem))
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
    List<Integer> statuses = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) { // burst 10, 1 per second
      java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
          URI.create(url + "/console/sign-in/oidc")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      statuses.add(r.statusCode());
      if (r.statusCode() == 429) {
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      }
    }
    assertThat(statuses).contains(303, 429).containsOnly(303, 429);
    await("the counted refusal audited").atMost(Duration.ofSeconds(30)).until(() -> {
      for (AuditEntry e : node.store().auditLedger().read(before + 1, 1000)) {
        if (e.event() instanceof AuditEvent.AnonymousRefusals r
            && r.operation().equals("console-sign-in") && r.rule().equals("rate-limited")) {
          return true;
        }
      }
      return false;
    });
  }

  @Test
  @Order(0)
  void theSessionEnds_whenTheProvidersAccessTokenExpires() throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "bob", "JWT",
        List.of("cdrvault"), Map.of("roles", List.of("customer-care")), 300));
    browser.get(url + "/console/sign-in");
    signInWithProvider();
    assertThat(console.text("principal")).isEqualTo("oidc:bob");
    clock.advance(Duration.ofMinutes(4));
    browser.get(url + "/console/care");
    assertThat(browser.getCurrentUrl()).as("the token is still valid").endsWith("/console/care");
    clock.advance(Duration.ofMinutes(2));
    browser.get(url + "/console/care");
    assertThat(browser.getCurrentUrl()).as("5 minutes after sign-in").endsWith("/console/sign-in");
    console.page("token-expired");
  }

  /** Presses "Sign in with Staff SSO" and waits for the console's start page. */
  private void signInWithProvider() {
    browser.findElement(By.id("sign-in-oidc")).sendKeys(org.openqa.selenium.Keys.ENTER);
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> d.getCurrentUrl().endsWith("/console/")
            && !d.findElements(By.id("principal")).isEmpty());
  }

  private List<AuditEvent.Decision> decisionsSince(long after) {
    List<AuditEvent.Decision> out = new ArrayList<>();
    for (AuditEntry e : node.store().auditLedger().read(after + 1, 100_000)) {
      if (e.event() instanceof AuditEvent.Decision d) {
        out.add(d);
      }
    }
    return out;
  }
}
