package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.auth.Principals;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The compliance officer's breach journey in a real browser (Debian's chromium, headless, through
 * {@link ConsoleBrowser}) against a real node over HTTPS: record a breach determined the Friday
 * before Thanksgiving 2026 and see its law enforcement deadline skip the holiday, record the law
 * enforcement notification and see the customer-notification dates, log a complaint, open the
 * year's certification data and download it as CSV — with the keyboard, every control labelled,
 * screenshots under {@code target/console-screenshots/compliance-breach}. Then a legal user is
 * refused the register with the rule; the ledger holds one entry per action and none of the
 * breach's text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceBreachBrowserIT {
  private static final String COMPLIANCE = "compliance-console-5e4d3c2b1a09f8e7";
  private static final String LEGAL = "legal-console-b1a2c3d4e5f60718";
  private static final String DESCRIPTION =
      "A care agent read the October call detail of one customer to a caller who pretended to be her";

  @TempDir
  static Path base;

  private ConsoleNode fixture;
  private Node node;
  private ConsoleBrowser console;
  private ChromeDriver browser;
  private HttpClient http;
  private String url;

  @BeforeAll
  void nodeAndBrowser() throws Exception {
    fixture = ConsoleNode.start(base, ConsoleNode.simulator(36, 2, "2026-10-01T00:00:00Z"), 0,
        Principals.of(List.of(
            ConsoleNode.principal("compliance", "compliance-officer", COMPLIANCE),
            ConsoleNode.principal("legal-a", "legal", LEGAL))),
        Clock.systemUTC(), a -> a, s -> s);
    node = fixture.node();
    url = fixture.url();
    http = fixture.http();
    console = fixture.browser(base.resolve("chromium-profile"), "compliance-breach", COMPLIANCE,
        LEGAL);
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
  void breachJourney_inTheBrowser_withTheKeyboard() throws Exception {
    console.signIn(COMPLIANCE);
    console.page("home");
    console.press(By.linkText("Breach register"));
    assertThat(console.text("no-breaches")).isEqualTo("No breaches recorded.");
    console.page("register-empty");

    console.press(By.id("record-breach"));
    console.page("breach-form");
    console.type("discoveredAt", "2026-11-19");
    console.type("determinedAt", "2026-11-20");
    console.type("description", DESCRIPTION);
    console.type("circumstances", "Pretexting call to the care desk; the caller knew her address");
    console.type("cpniInvolved", "Numbers called and call times, October 2026");
    console.type("customersAffected", "1");
    console.press(By.id("record"));
    assertThat(browser.getCurrentUrl()).matches(".*/console/compliance/breaches/BR-[0-9a-f]{16}");
    String id = browser.getCurrentUrl().replaceAll(".*/", "");
    assertThat(console.text("notice")).contains("Recorded breach " + id)
        .contains("Notify law enforcement by 2026-12-02");
    // Friday 20 November + 7 business days, Thanksgiving (26 November) skipped: 2 December
    assertThat(console.text("determined-on")).isEqualTo("2026-11-20");
    assertThat(console.text("le-deadline")).startsWith("2026-12-02");
    assertThat(console.text("customers-earliest")).isEqualTo("once law enforcement has been notified");
    assertThat(console.text("customers-latest")).startsWith("2026-12-20");
    assertThat(console.text("description")).isEqualTo(DESCRIPTION);
    console.page("breach-recorded");

    new Select(browser.findElement(By.id("kind"))).selectByValue("LAW_ENFORCEMENT");
    console.type("at", "2026-12-01");
    console.type("reference", "CRF-2026-1120-04");
    console.press(By.id("notify"));
    assertThat(console.text("notice")).contains("Recorded the law enforcement notification of " + id);
    assertThat(console.text("le-notified")).isEqualTo("2026-12-01");
    assertThat(console.text("le-deadline")).isEqualTo("2026-12-02");
    assertThat(console.text("customers-earliest")).isEqualTo("2026-12-01");
    assertThat(console.text("notifications")).contains("LAW_ENFORCEMENT").contains("CRF-2026-1120-04");
    console.page("law-enforcement-notified");

    // an older breach nobody reported: overdue, and the register says so in words, not colour alone
    String late = node.store().complianceRegistry().recordBreach(Instant.parse("2026-10-01T14:00:00Z"),
        Instant.parse("2026-10-02T14:00:00Z"), new io.cdrvault.store.compliance.BreachText(
            "Lost laptop", "Stolen from a car", "Billing names and call totals"), 40, "compliance",
        Instant.now()).id();
    console.press(By.linkText("Breach register"));
    assertThat(console.text("breaches")).contains(id).contains("2026-12-02").contains("2026-12-01");
    assertThat(browser.findElement(By.xpath("//tr[td/a[text()='" + late + "']]")).getAttribute("class"))
        .isEqualTo("overdue");
    assertThat(browser.findElement(By.xpath("//tr[td/a[text()='" + late + "']]/td[@class='status']"))
        .getText()).isEqualTo("OVERDUE");
    assertThat(browser.findElement(By.xpath("//tr[td/a[text()='" + id + "']]")).getAttribute("class"))
        .isEmpty();
    console.page("register");

    console.press(By.linkText("Complaints"));
    console.type("receivedAt", "2026-11-25");
    new Select(browser.findElement(By.id("category"))).selectByValue("EMPLOYEE_ACCESS");
    console.type("note", "The customer of the breach above called to complain");
    console.press(By.id("log-complaint"));
    assertThat(console.text("notice")).matches("Logged complaint CP-[0-9a-f]{16}\\.");
    assertThat(console.text("complaints")).contains("EMPLOYEE_ACCESS");
    console.page("complaint-logged");

    console.press(By.linkText("Certification"));
    console.type("year", "2026");
    console.press(By.xpath("//button[text()='Build']"));
    assertThat(console.text("breach-count")).isEqualTo("2");
    assertThat(console.text("complaint-count")).isEqualTo("1");
    assertThat(console.text("breaches")).contains(id);
    console.page("certification-2026");

    String href = browser.findElement(By.id("download-csv")).getAttribute("href");
    assertThat(href).endsWith("/console/compliance/certification.csv?year=2026");
    HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(href))
        .header("Cookie", console.sessionCookie()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"cpni-certification-2026.csv\"");
    assertThat(csv.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(csv.body().split("\r\n")).contains("section,item,value", "period,year,2026",
        "breaches,count,2", "breach " + id + ",determinedAt,2026-11-20T05:00:00Z",
        "breach " + id + ",lawEnforcementNotifiedAt,2026-12-01T05:00:00Z",
        "complaints-by-category,EMPLOYEE_ACCESS,1", "complaints-by-category,OTHER,0");
    assertThat(csv.body()).doesNotContain("pretended").doesNotContain("called to");

    // one audit entry per action, with the ids and none of the text
    List<AuditEntry> entries = node.store().auditLedger().read(1, 10_000);
    List<String> ops = entries.stream().map(e -> e.event().operation())
        .filter(o -> o.startsWith("breach-") || o.startsWith("complaint-")).toList();
    assertThat(ops).containsSubsequence("breach-list", "breach-record", "breach-read",
        "breach-notify", "breach-read", "breach-list", "complaint-list", "complaint-record");
    assertThat(entries).filteredOn(e -> e.event().operation().equals("breach-notify"))
        .singleElement().satisfies(e -> assertThat(e.event(AuditEvent.Decision.class).caseRef())
            .isEqualTo(id));
    assertThat(entries.toString()).doesNotContain("pretended").doesNotContain("CRF-2026")
        .doesNotContain("called to");

    // someone without the duty is refused, and the page says by which rule
    console.signOut();
    console.signIn(LEGAL);
    console.get("/console/compliance/breaches");
    assertThat(console.text("notice-rule")).isEqualTo("role-lacks-duty");
    console.page("register-refused-for-legal");

    List<String> urls = console.requestedUrls();
    assertThat(urls).anyMatch(u -> u.contains("/console/compliance/breaches/" + id));
    assertThat(urls).noneMatch(u -> u.contains(COMPLIANCE) || u.contains(LEGAL)
        || u.contains("token=") || u.contains("pretend"));
  }
}
