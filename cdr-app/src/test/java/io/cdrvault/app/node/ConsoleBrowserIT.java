package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.legal.export.ExportVerifier;
import io.cdrvault.query.legal.export.PackageZip;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (Debian's chromium through chromedriver, headless) against a real
 * node over HTTPS with the demo's CA: the legal team's journey — sign-in, registering served
 * process with an uploaded document, the two-person rule refusing self-approval, a denied export
 * showing its rule, approval by a second user, the export verified and downloaded, a hold created,
 * renewed and released — with the keyboard, every input labelled, screenshots of each page in
 * {@code target/console-screenshots}, and no token or target in any URL the browser requested.
 * Then, over plain HTTP from the test: the security headers and cookie flags, a POST without the
 * CSRF token refused, and the audit entries of console actions equal to those of the same API
 * calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final String LEGAL_A = "legal-a-console-3f2e1d0c9b8a7f6e";
  private static final String LEGAL_B = "legal-b-console-0a1b2c3d4e5f6a7b";
  private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  @TempDir
  static Path base;

  private ConsoleNode fixture;
  private Node node;
  private ConsoleBrowser console;
  private ChromeDriver browser;
  private HttpClient http;
  private String url;
  private String customer;
  private String requestId;

  @BeforeAll
  void nodeAndBrowser() throws Exception {
    TrafficSimulator sim = ConsoleNode.simulator(18, 5, "2026-09-01T00:00:00Z");
    customer = sim.customers().get(0).id().value();
    fixture = ConsoleNode.start(base, sim, 200, Principals.of(List.of(
        ConsoleNode.principal("legal-a", "legal", LEGAL_A),
        ConsoleNode.principal("legal-b", "legal", LEGAL_B))),
        Clock.systemUTC(), a -> a, s -> s.withSigner(ExportSigner.generate()));
    node = fixture.node();
    url = fixture.url();
    http = fixture.http();
    console = fixture.browser(base.resolve("chromium-profile"), "legal", LEGAL_A, LEGAL_B);
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
  }


  @Test
  @Order(1)
  void legalJourney_inTheBrowser_withTheKeyboard() throws Exception {
    browser.get(url + "/console/");
    assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    console.page("sign-in");
    console.signIn(LEGAL_A);
    Cookie cookie = browser.manage().getCookieNamed("cdrvault_console");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.isSecure()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(cookie.getPath()).isEqualTo("/console");
    assertThat(browser.findElement(By.id("principal")).getText()).isEqualTo("legal-a");
    console.page("home");

    console.press(By.linkText("Register served process"));
    console.page("register-form");
    Path document = base.resolve("subpoena.pdf");
    Files.writeString(document, "%PDF-1.4 grand jury subpoena GJ-2026-1138\n");
    new Select(browser.findElement(By.id("instrument"))).selectByValue("SUBPOENA");
    console.type("issuingAuthority", "District Attorney, Kings County");
    console.type("caseNumber", "GJ-2026-1138");
    console.type("targets", "customer:" + customer);
    console.type("from", "2026-09-01");
    console.type("to", "2026-10-01");
    console.type("expiresAt", Instant.now().plus(Duration.ofDays(30)).toString());
    browser.findElement(By.id("gag")).sendKeys(Keys.SPACE);
    browser.findElement(By.id("document")).sendKeys(document.toString());
    console.press(By.id("register"));
    assertThat(browser.getCurrentUrl()).matches(".*/console/legal/requests/LR-[0-9a-f]{16}");
    requestId = browser.getCurrentUrl().replaceAll(".*/", "");
    assertThat(console.text("state")).isEqualTo("REGISTERED (pending approval)");
    assertThat(console.text("notice")).contains("Registered " + requestId);
    assertThat(console.text("request")).contains(MessageDigestHex.sha256(Files.readAllBytes(document)));
    console.page("registered");

    console.press(By.id("export")); // not approved yet: denied
    assertThat(console.text("notice-rule")).isEqualTo("legal-request-unapproved");
    console.page("export-denied");

    console.press(By.id("approve")); // her own request
    assertThat(console.text("notice-rule")).isEqualTo("two-person-rule");
    assertThat(console.text("notice")).contains("someone other than the person who registered it");
    assertThat(console.text("who-may-approve")).contains("legal-a may not");
    assertThat(console.text("state")).startsWith("REGISTERED");
    console.page("self-approval-refused");

    browser.get(url + "/console/legal/requests?state=REGISTERED");
    assertThat(console.text("requests")).contains(requestId).contains("pending approval");
    console.page("requests-pending");
    console.signOut();

    console.signIn(LEGAL_B);
    browser.get(url + "/console/legal/requests/" + requestId);
    console.press(By.id("approve"));
    assertThat(console.text("notice")).contains("Approved " + requestId);
    assertThat(console.text("state")).isEqualTo("APPROVED");
    assertThat(console.text("approved-by")).startsWith("legal-b");
    console.page("approved-by-b");
    console.signOut();

    console.signIn(LEGAL_A);
    browser.get(url + "/console/legal/requests/" + requestId);
    console.press(By.id("export"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/legal/requests/" + requestId + "/export");
    assertThat(console.text("verification")).isEqualTo("verified");
    assertThat(Long.parseLong(console.text("records"))).isPositive();
    console.page("export-verified");
    // the download link serves the signed package, and it verifies here too
    String href = browser.findElement(By.id("download")).getAttribute("href");
    HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create(href))
        .header("Cookie", "cdrvault_console=" + browser.manage().getCookieNamed("cdrvault_console")
            .getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/zip");
    assertThat(ExportVerifier.verify(PackageZip.read(new ByteArrayInputStream(zip.body()),
        1 << 26), Optional.empty()).ok()).isTrue();

    browser.get(url + "/console/legal/holds");
    console.type("hold-targets", "customer:" + customer);
    console.type("hold-from", "2026-09-01");
    console.type("hold-to", "2026-10-01");
    console.type("hold-reference", requestId);
    console.press(By.id("create-hold"));
    assertThat(console.text("notice")).contains("Created hold LH-").contains("preserves until");
    assertThat(console.text("holds")).contains(requestId).contains("ACTIVE");
    console.page("hold-created");
    console.press(By.xpath("//button[text()='Renew 90 days']"));
    assertThat(console.text("notice")).contains("Renewed hold");
    console.press(By.xpath("//button[text()='Release']"));
    assertThat(console.text("notice")).contains("Released hold");
    console.page("hold-released");

    // no token, customer id or number in any URL the browser requested
    List<String> urls = console.requestedUrls();
    assertThat(urls).isNotEmpty().anyMatch(u -> u.contains("/console/legal/holds"));
    assertThat(urls).noneMatch(u -> u.contains(LEGAL_A) || u.contains(LEGAL_B)
        || u.contains(customer) || u.contains("token="));
  }

  @Test
  @Order(2)
  void everyAnswer_carriesTheSecurityHeaders_andTheCookieItsFlags() throws Exception {
    for (String path : List.of("/console/sign-in", "/console/console.css", "/console/nowhere",
        "/console/legal/requests")) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(CSP);
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
    }
    HttpResponse<String> signIn = post("/console/sign-in", null, "token=" + LEGAL_B);
    assertThat(signIn.statusCode()).isEqualTo(303);
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).matches("cdrvault_console=[A-Za-z0-9_-]{43}; .*")
        .contains("; Path=/console").contains("; HttpOnly").contains("; Secure")
        .contains("; SameSite=Strict");
    HttpResponse<String> refused = post("/console/sign-in", null, "token=not-a-token");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("unauthenticated").doesNotContain("not-a-token");
  }

  @Test
  @Order(3)
  void aPostWithoutTheCsrfToken_isRefused_andDoesNothing() throws Exception {
    String cookie = sessionOf(LEGAL_B);
    long before = node.store().auditLedger().lastSequence();
    HttpResponse<String> r = post("/console/legal/requests/" + requestId + "/revocation", cookie, "");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
    HttpResponse<String> wrong = post("/console/legal/requests/" + requestId + "/revocation", cookie,
        "csrf=forged");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(decisionsSince(before)).noneMatch(d -> d.operation().equals("legal-revoke"));
  }

  @Test
  @Order(4)
  void consoleActions_areAuditedExactlyAsTheSameApiCalls() throws Exception {
    // the console's entries (from the journey) ...
    List<AuditEvent.Decision> all = decisionsSince(0);
    AuditEvent.Decision consoleRegister = first(all, "legal-register", "legal-a", requestId);
    AuditEvent.Decision consoleSelfApproval = first(all, "legal-approve", "legal-a", requestId);
    AuditEvent.Decision consoleApproval = first(all, "legal-approve", "legal-b", requestId);
    AuditEvent.Decision consoleDeniedExport = first(all, "legal-export", "legal-a", requestId);
    // ... and the same calls made directly on the API
    long before = node.store().auditLedger().lastSequence();
    String body = "{\"instrument\":\"SUBPOENA\",\"issuingAuthority\":\"DA\",\"caseNumber\":\"X-1\","
        + "\"targets\":[{\"kind\":\"CUSTOMER\",\"value\":\"" + customer + "\"}],"
        + "\"from\":\"2026-09-01T00:00:00Z\",\"to\":\"2026-10-01T00:00:00Z\",\"expiresAt\":\""
        + Instant.now().plus(Duration.ofDays(30)) + "\",\"servedDocumentSha256\":\"" + "ab".repeat(32)
        + "\",\"gag\":true}";
    HttpResponse<String> reg = api("POST", "/v1/legal/requests", LEGAL_A, body, null);
    assertThat(reg.statusCode()).isEqualTo(201);
    String id = reg.body().replaceAll(".*\"id\":\"(LR-[0-9a-f]{16})\".*", "$1");
    assertThat(api("POST", "/v1/legal/requests/" + id + "/export", LEGAL_A, null, id).statusCode())
        .isEqualTo(403);
    assertThat(api("POST", "/v1/legal/requests/" + id + "/approval", LEGAL_A, null, null).statusCode())
        .isEqualTo(409);
    assertThat(api("POST", "/v1/legal/requests/" + id + "/approval", LEGAL_B, null, null).statusCode())
        .isEqualTo(200);
    List<AuditEvent.Decision> direct = decisionsSince(before);
    assertSameAudit(consoleRegister, first(direct, "legal-register", "legal-a", id));
    assertSameAudit(consoleDeniedExport, first(direct, "legal-export", "legal-a", id));
    assertSameAudit(consoleSelfApproval, first(direct, "legal-approve", "legal-a", id));
    assertSameAudit(consoleApproval, first(direct, "legal-approve", "legal-b", id));
    assertThat(consoleSelfApproval.rule()).isEqualTo("two-person-rule");
    assertThat(consoleDeniedExport.rule()).isEqualTo("legal-request-unapproved");
  }

  private static void assertSameAudit(AuditEvent.Decision console, AuditEvent.Decision api) {
    assertThat(java.util.Arrays.asList(console.principal(), console.purpose(), console.operation(),
        console.rule(), console.outcome(), console.scope().kind(), console.fields()))
        .as("audit entry of the console's %s and of the same API call", console.operation())
        .isEqualTo(java.util.Arrays.asList(api.principal(), api.purpose(), api.operation(),
            api.rule(), api.outcome(), api.scope().kind(), api.fields()));
    assertThat(console.purpose()).isEqualTo("LEGAL_PROCESS");
  }

  private static AuditEvent.Decision first(List<AuditEvent.Decision> ds, String operation,
      String principal, String caseRef) {
    return ds.stream().filter(d -> d.operation().equals(operation) && d.principal().equals(principal)
        && caseRef.equals(d.caseRef())).findFirst().orElseThrow(() -> new AssertionError(
            "no " + operation + " entry of " + principal + " for " + caseRef));
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

  private String sessionOf(String token) throws Exception {
    HttpResponse<String> r = post("/console/sign-in", null, "token=" + token);
    assertThat(r.statusCode()).isEqualTo(303);
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> api(String method, String path, String token, String json,
      String caseRef) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token).header("X-CPNI-Purpose", "LEGAL_PROCESS")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (caseRef != null) {
      b.header("X-CPNI-Case", caseRef);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Lowercase hex SHA-256. */
  private static final class MessageDigestHex {
    static String sha256(byte[] b) throws Exception {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
  }
}
