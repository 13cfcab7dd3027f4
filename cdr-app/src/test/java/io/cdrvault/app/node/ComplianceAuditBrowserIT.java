package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.config.QueryConfig;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The compliance officer's journey in a real browser (Debian's chromium, headless, through the
 * shared {@link ConsoleBrowser}) against a real node over HTTPS: a BILLING read of a customer and
 * a refused request are made on the API first; then the officer browses the audit trail filtered
 * by outcome DENIED, finds the customer's entries by customer id (POSTed, kept as the tag), sees
 * the ledger verify with its last signed checkpoint, the customer's disclosure report listing the
 * BILLING read, and denial trends listing the refusal — with the keyboard, every field labelled,
 * a screenshot of each page under {@code target/console-screenshots/compliance-audit}. A member
 * of the legal team sees the refusal {@code role-lacks-duty}. No customer id or token is in any
 * URL the browser requested, and the console's audit entries equal those of the same API calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComplianceAuditBrowserIT {
  private static final String COMPLIANCE = "compliance-console-5e4d3c2b1a0f9e8d";
  private static final String LEGAL = "legal-console-audit-7a6b5c4d3e2f1a0b";
  private static final String BILLING = "billing-console-audit-1f2e3d4c5b6a7980";

  @TempDir
  static Path base;

  private ConsoleNode fixture;
  private Node node;
  private ConsoleBrowser console;
  private ChromeDriver browser;
  private HttpClient http;
  private String url;
  private String customer;
  private String tag;

  @BeforeAll
  void nodeAndBrowser() throws Exception {
    TrafficSimulator sim = ConsoleNode.simulator(1864, 5, "2026-09-01T00:00:00Z");
    customer = sim.customers().get(0).id().value();
    fixture = ConsoleNode.start(base, sim, 200, Principals.of(List.of(
        ConsoleNode.principal("compliance", "compliance-officer", COMPLIANCE),
        ConsoleNode.principal("legal", "legal", LEGAL),
        ConsoleNode.principal("billing-job", "billing-job", BILLING))),
        Clock.systemUTC(), a -> a, s -> s.withSigner(ExportSigner.generate())
            // a signed checkpoint every second the ledger moved
            .withAudit(new QueryConfig.AuditSettings(Duration.ofSeconds(1),
                QueryConfig.AuditSettings.DEFAULT.checkpointEveryEntries(),
                QueryConfig.AuditSettings.DEFAULT.retention())));
    node = fixture.node();
    url = fixture.url();
    http = fixture.http();
    tag = node.store().customerTagger().tagHex(io.cdrvault.store.model.CustomerId.of(customer));
    console = fixture.browser(base.resolve("chromium-profile"), "compliance-audit", COMPLIANCE,
        LEGAL, BILLING, customer);
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
  void complianceJourney_inTheBrowser_withTheKeyboard() throws Exception {
    // what the officer will look for: a BILLING read of the customer and a refused request
    String usage = "/v1/customers/" + customer + "/usage?from=2026-09-01&to=2026-10-01";
    assertThat(api("GET", usage, BILLING, "BILLING", null).statusCode()).isEqualTo(200);
    assertThat(api("GET", usage, BILLING, "FRAUD", null).statusCode()).isEqualTo(403);

    console.signIn(COMPLIANCE);
    console.page("home");
    console.press(By.linkText("Audit trail"));
    console.page("trail");
    new Select(browser.findElement(By.id("filter-outcome"))).selectByValue("DENIED");
    console.press(By.id("search"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/audit/trail");
    assertThat(columns(6)).isNotEmpty().allMatch("DENIED"::equals);
    assertThat(console.text("entries")).contains("role-lacks-purpose").contains("billing-job");
    console.page("trail-denied");

    new Select(browser.findElement(By.id("filter-outcome"))).selectByValue("");
    console.type("filter-customer", customer);
    console.press(By.id("search"));
    assertThat(console.text("customer-filter")).contains(tag);
    assertThat(console.text("notice")).contains(tag).doesNotContain(customer);
    assertThat(browser.findElement(By.id("filter-customer")).getAttribute("value")).isEmpty();
    List<String> rows = new ArrayList<>();
    for (WebElement tr : browser.findElements(By.cssSelector("#entries tbody tr"))) {
      rows.add(tr.getText());
    }
    assertThat(rows).anyMatch(r -> r.contains("billing-job") && r.contains("usage")
        && r.contains("ALLOWED") && r.contains("purpose-allowed"));
    assertThat(rows).anyMatch(r -> r.contains("usage") && r.contains("COMPLETED"));
    assertThat(rows).anyMatch(r -> r.contains("audit-customer-tag") && r.contains("compliance"));
    assertThat(rows).allMatch(r -> r.contains(tag));
    console.page("trail-by-customer");
    console.press(By.id("clear-customer"));
    assertThat(browser.findElements(By.id("customer-filter"))).isEmpty();

    await("a signed checkpoint").atMost(Duration.ofSeconds(30))
        .until(() -> node.store().auditLedger().latestCheckpoint().isPresent());
    console.press(By.linkText("Verification"));
    assertThat(console.text("ledger-status")).isEqualTo("OK");
    assertThat(Long.parseLong(console.text("checkpoint-seq"))).isPositive();
    assertThat(console.text("checkpoint-signer")).matches("sha256:[0-9a-f]{64}");
    assertThat(Long.parseLong(console.text("entries-verified"))).isPositive();
    console.page("verification");

    console.press(By.linkText("Disclosure report"));
    console.page("disclosure-form");
    console.type("disclosure-customer", customer);
    console.press(By.id("report"));
    assertThat(console.text("report-subject")).contains(tag);
    assertThat(browser.findElements(By.cssSelector("#disclosures tbody tr")))
        .anySatisfy(tr -> assertThat(tr.getText()).contains("billing-job").contains("BILLING")
            .contains("usage"));
    console.page("disclosure-report");

    console.press(By.linkText("Denial trends"));
    assertThat(console.text("denials-by-day")).contains("role-lacks-purpose");
    assertThat(console.text("denials-by-principal")).contains("billing-job");
    assertThat(browser.findElements(By.cssSelector("#denials-by-day meter"))).isNotEmpty();
    console.page("denial-trends");
    console.signOut();

    console.signIn(LEGAL);
    console.press(By.linkText("Audit trail"));
    assertThat(console.text("notice-rule")).isEqualTo("role-lacks-duty");
    console.page("legal-refused");
    browser.get(url + "/console/audit/disclosures");
    console.type("disclosure-customer", customer);
    console.press(By.id("report"));
    assertThat(console.text("notice-rule")).isEqualTo("role-lacks-duty");
    assertThat(browser.findElements(By.id("disclosures"))).isEmpty();
    console.page("legal-refused-report");
    console.signOut();

    List<String> urls = console.requestedUrls();
    assertThat(urls).isNotEmpty().anyMatch(u -> u.contains("/console/audit/trail"));
    assertThat(urls).noneMatch(u -> u.contains(customer) || u.contains(COMPLIANCE)
        || u.contains(LEGAL) || u.contains("token="));
  }

  @Test
  @Order(2)
  void consoleActions_areAuditedExactlyAsTheSameApiCalls() throws Exception {
    List<AuditEvent.Decision> journey = decisionsSince(0);
    AuditEvent.Decision consoleTag = first(journey, "audit-customer-tag", "compliance");
    AuditEvent.Decision consoleReport = first(journey, "audit-disclosures", "compliance");
    AuditEvent.Decision consoleSearch = first(journey, "audit-search", "compliance");
    AuditEvent.Decision consoleStatus = first(journey, "audit-status", "compliance");
    AuditEvent.Decision consoleRefused = first(journey, "audit-search", "legal");
    AuditEvent.Decision consoleRefusedReport = first(journey, "audit-disclosures", "legal");

    long before = node.store().auditLedger().lastSequence();
    String body = "{\"customerId\":\"" + customer + "\"}";
    assertThat(api("POST", "/v1/audit/customer-tag", COMPLIANCE, null, body).statusCode()).isEqualTo(200);
    assertThat(api("POST", "/v1/audit/disclosures", COMPLIANCE, null, body).statusCode()).isEqualTo(200);
    assertThat(api("GET", "/v1/audit/entries?outcome=DENIED", COMPLIANCE, null, null).statusCode())
        .isEqualTo(200);
    assertThat(api("GET", "/v1/audit/status", COMPLIANCE, null, null).statusCode()).isEqualTo(200);
    assertThat(api("GET", "/v1/audit/entries", LEGAL, null, null).statusCode()).isEqualTo(403);
    assertThat(api("POST", "/v1/audit/disclosures", LEGAL, null, body).statusCode()).isEqualTo(403);
    List<AuditEvent.Decision> direct = decisionsSince(before);
    assertSameAudit(consoleTag, first(direct, "audit-customer-tag", "compliance"));
    assertSameAudit(consoleReport, first(direct, "audit-disclosures", "compliance"));
    assertSameAudit(consoleSearch, first(direct, "audit-search", "compliance"));
    assertSameAudit(consoleStatus, first(direct, "audit-status", "compliance"));
    assertSameAudit(consoleRefused, first(direct, "audit-search", "legal"));
    assertSameAudit(consoleRefusedReport, first(direct, "audit-disclosures", "legal"));
    assertThat(consoleTag.scope().subject()).isEqualTo(tag);
    assertThat(consoleRefused.rule()).isEqualTo("role-lacks-duty");
    // and no entry of the whole ledger holds the customer id
    for (AuditEntry e : node.store().auditLedger().read(1, 1_000_000)) {
      assertThat(new String(e.canonicalJson(), StandardCharsets.UTF_8)).doesNotContain(customer);
    }
  }

  private static void assertSameAudit(AuditEvent.Decision console, AuditEvent.Decision api) {
    assertThat(Arrays.asList(console.principal(), console.purpose(), console.operation(),
        console.rule(), console.outcome(), console.scope().kind(), console.scope().subject(),
        console.fields(), console.caseRef()))
        .as("audit entry of the console's %s and of the same API call", console.operation())
        .isEqualTo(Arrays.asList(api.principal(), api.purpose(), api.operation(), api.rule(),
            api.outcome(), api.scope().kind(), api.scope().subject(), api.fields(), api.caseRef()));
    assertThat(console.purpose()).isNull(); // a duty takes no purpose
  }

  /** The texts of the entries table's column {@code n} (1-based). */
  private List<String> columns(int n) {
    List<String> out = new ArrayList<>();
    for (WebElement td : browser.findElements(By.cssSelector("#entries tbody tr td:nth-child(" + n + ")"))) {
      out.add(td.getText().strip());
    }
    return out;
  }

  private static AuditEvent.Decision first(List<AuditEvent.Decision> ds, String operation,
      String principal) {
    return ds.stream().filter(d -> d.operation().equals(operation) && d.principal().equals(principal))
        .findFirst().orElseThrow(() -> new AssertionError("no " + operation + " entry of " + principal));
  }

  private List<AuditEvent.Decision> decisionsSince(long after) {
    List<AuditEvent.Decision> out = new ArrayList<>();
    for (AuditEntry e : node.store().auditLedger().read(after + 1, 1_000_000)) {
      if (e.event() instanceof AuditEvent.Decision d) {
        out.add(d);
      }
    }
    return out;
  }

  private HttpResponse<String> api(String method, String path, String token, String purpose,
      String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (purpose != null) {
      b.header("X-CPNI-Purpose", purpose);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
