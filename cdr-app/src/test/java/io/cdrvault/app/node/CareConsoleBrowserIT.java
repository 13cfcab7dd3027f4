package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.model.CustomerId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Customer care in a real browser ({@link ConsoleBrowser}) against a real node over HTTPS: a care
 * agent signs in; a customer assertion from another key and an expired one are refused with rule
 * {@code invalid-customer-assertion}; with a valid one the customer is found and their usage,
 * itemised records (columns exactly the CUSTOMER_ACCESS fields the API returns), "who accessed my
 * data", consent (state, history, a recorded choice) and an erasure request deferred by the
 * statutory minimum retention (until when and why) are shown; "Done" forgets the customer. No customer id, assertion or
 * token is in any URL the browser requested, and the console's audit entries equal those of the
 * same API calls. Last, with the node's clock moved on: the customer is dropped when the
 * assertion expires, and the session ends after 15 idle minutes (the browser is sent to sign-in).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CareConsoleBrowserIT {
  private static final String CARE = "care-console-7d6c5b4a39281706";
  private static final CustomerAssertions ASSERTIONS = CustomerAssertions.withKey(
      "care-console-it-assertion-key-0123456789".getBytes(StandardCharsets.US_ASCII));
  private static final CustomerAssertions OTHER_KEY = CustomerAssertions.withKey(
      "another-portal-s-key-not-the-node-s-0123".getBytes(StandardCharsets.US_ASCII));
  private static final String MONTH = "2026-09";

  @TempDir
  static Path base;

  private final ConsoleNode.MovableClock clock = new ConsoleNode.MovableClock();
  private final ObjectMapper json = new ObjectMapper();
  private ConsoleNode fixture;
  private Node node;
  private ConsoleBrowser console;
  private ChromeDriver browser;
  private HttpClient http;
  private String url;
  private String customer;
  private final List<String> assertionsUsed = new ArrayList<>();
  private long journeyStart;

  @BeforeAll
  void nodeAndBrowser() throws Exception {
    TrafficSimulator sim = ConsoleNode.simulator(1818, 5, MONTH + "-01T00:00:00Z");
    customer = sim.customers().get(0).id().value();
    fixture = ConsoleNode.start(base, sim, 300, Principals.of(List.of(
        ConsoleNode.principal("care-agent", "customer-care", CARE))),
        clock, a -> a, s -> s.withAssertions(ASSERTIONS));
    node = fixture.node();
    url = fixture.url();
    http = fixture.http();
    console = fixture.browser(base.resolve("chromium-profile"), "care", CARE);
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
  void careJourney_inTheBrowser_withTheKeyboard() throws Exception {
    journeyStart = node.store().auditLedger().lastSequence();
    console.signIn(CARE);
    console.press(By.linkText("Customer care"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/care");
    console.page("find-customer");

    // an assertion the node's key did not sign: refused with its rule; the customer is not kept
    find(OTHER_KEY.issue(CustomerId.of(customer), "care-agent", clock.instant(), Duration.ofMinutes(10)));
    assertThat(console.text("notice-rule")).isEqualTo("invalid-customer-assertion");
    assertThat(console.text("notice")).contains("signature does not verify").contains("audit entry #");
    assertThat(browser.findElements(By.id("care-customer"))).isEmpty();
    console.page("wrong-assertion-refused");
    // an expired one: refused with the same rule
    find(ASSERTIONS.issue(CustomerId.of(customer), "care-agent",
        clock.instant().minus(Duration.ofMinutes(20)), Duration.ofMinutes(5)));
    assertThat(console.text("notice-rule")).isEqualTo("invalid-customer-assertion");
    assertThat(console.text("notice")).contains("expired");
    console.page("expired-assertion-refused");

    find(ASSERTIONS.issue(CustomerId.of(customer), "care-agent", clock.instant(),
        Duration.ofMinutes(10)));
    assertThat(console.text("notice")).contains("authenticated by their assertion until");
    assertThat(console.text("care-customer")).isEqualTo(customer);
    console.page("customer-found");

    console.press(By.id("care-usage"));
    console.type("month", MONTH);
    console.press(By.id("show-month"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/care/usage?month=" + MONTH);
    long usageRecords = Long.parseLong(console.text("usage-records"));
    assertThat(usageRecords).isPositive();
    assertThat(console.text("usage-voice")).contains("ORIGINATING").contains("TERMINATING");
    console.page("usage");

    console.press(By.id("records-of-month"));
    assertThat(Long.parseLong(console.text("records-total"))).isEqualTo(usageRecords);
    List<String> columns = browser.findElements(By.cssSelector("#records thead th")).stream()
        .map(WebElement::getText).map(String::strip).toList();
    assertThat(browser.findElements(By.cssSelector("#records tbody tr"))).hasSize((int) usageRecords);
    console.page("records");
    // the columns are exactly the fields of the API's own answer to the same call ...
    HttpResponse<String> direct = api("GET", "/v1/customers/" + customer + "/records?from=" + MONTH
        + "-01&to=2026-10-01", CARE, "CUSTOMER_ACCESS", freshAssertion(), null);
    assertThat(direct.statusCode()).isEqualTo(200);
    Set<String> apiFields = new LinkedHashSet<>();
    for (String line : direct.body().split("\n")) {
      if (!line.isBlank()) {
        json.readTree(line).fieldNames().forEachRemaining(apiFields::add);
      }
    }
    assertThat(columns).containsExactlyInAnyOrderElementsOf(apiFields);
    // ... which are CUSTOMER_ACCESS's: the fields its decision granted, no location or device data
    AuditEvent.Decision recordsDecision = decisions(journeyStart).stream()
        .filter(d -> d.operation().equals("records")).findFirst().orElseThrow();
    assertThat(recordsDecision.fields()).containsAll(columns);
    assertThat(columns).doesNotContain("cellId", "imsi", "imei", "callingIp", "userAgent", "customerId");

    console.press(By.id("care-access-log"));
    assertThat(console.text("accesses")).contains("care-agent").contains("CUSTOMER_ACCESS")
        .contains("records");
    console.page("access-log");

    console.press(By.id("care-consent"));
    assertThat(console.text("consent-status")).isNotBlank();
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("kind"))).selectByValue("OPT_IN");
    console.type("note", "asked on the phone");
    console.press(By.id("record-consent"));
    assertThat(console.text("notice")).contains("Recorded OPT_IN as version 1");
    assertThat(console.text("consent-history")).contains("OPT_IN").contains("care-agent")
        .contains("asked on the phone");
    console.page("consent");

    console.press(By.id("care-erasure"));
    console.page("erasure-form");
    browser.findElement(By.id("confirm")).sendKeys(Keys.SPACE);
    console.press(By.id("request-erasure"));
    // the simulated calls are months old: the statutory minimum retention defers the erasure
    assertThat(console.text("erasure-result")).isEqualTo("DEFERRED");
    String until = console.text("erasure-until");
    String reason = console.text("erasure-reason");
    console.page("erasure-deferred");
    // the API gives the same answer to the same request
    HttpResponse<String> again = api("POST", "/v1/customers/" + customer + "/erasure", CARE,
        "CUSTOMER_ACCESS", freshAssertion(), null);
    assertThat(again.statusCode()).isEqualTo(202);
    JsonNode answer = json.readTree(again.body());
    assertThat(answer.path("outcome").asText()).isEqualTo("DEFERRED");
    assertThat(answer.path("until").asText()).isEqualTo(until);
    assertThat(reason).isEqualTo(answer.path("reason").asText() + " ("
        + answer.path("reasonCode").asText() + ")");
    assertThat(answer.path("reasonCode").asText()).isEqualTo("statutory-minimum");

    console.press(By.id("care-done"));
    assertThat(console.text("notice")).contains("forgotten");
    assertThat(browser.findElements(By.id("care-customer"))).isEmpty();
    assertThat(browser.findElements(By.id("customerId"))).hasSize(1);
    console.page("done");

    List<String> urls = console.requestedUrls();
    assertThat(urls).isNotEmpty().anyMatch(u -> u.contains("/console/care/records"));
    assertThat(urls).noneMatch(u -> u.contains(customer) || u.contains(CARE) || u.contains("token=")
        || assertionsUsed.stream().anyMatch(a -> u.contains(a.substring(a.lastIndexOf('.') + 1))));
  }

  @Test
  @Order(2)
  void consoleActions_areAuditedExactlyAsTheSameApiCalls() throws Exception {
    // the journey's entries (the console's come before the two direct calls made in between)
    List<AuditEvent.Decision> journey = decisions(journeyStart).stream()
        .filter(d -> d.principal().equals("care-agent")).toList();
    long before = node.store().auditLedger().lastSequence();
    String wrong = OTHER_KEY.issue(CustomerId.of(customer), "care-agent", clock.instant(),
        Duration.ofMinutes(10));
    String a = freshAssertion();
    String c = "/v1/customers/" + customer;
    api("GET", c + "/consent", CARE, "CUSTOMER_ACCESS", wrong, null);
    api("GET", c + "/consent", CARE, "CUSTOMER_ACCESS", a, null);
    api("GET", c + "/usage?from=" + MONTH + "-01T00:00:00Z&to=2026-10-01T00:00:00Z", CARE,
        "CUSTOMER_ACCESS", a, null);
    api("GET", c + "/records?from=" + MONTH + "-01T00:00:00Z&to=2026-10-01T00:00:00Z", CARE,
        "CUSTOMER_ACCESS", a, null);
    api("POST", c + "/consent", CARE, "CUSTOMER_ACCESS", a, "{\"kind\":\"OPT_IN\"}");
    api("POST", c + "/erasure", CARE, "CUSTOMER_ACCESS", a, null);
    List<AuditEvent.Decision> direct = decisions(before);
    for (String op : List.of("consent", "usage", "records", "erasure")) {
      assertSameAudit(first(journey, op, "ALLOWED"), first(direct, op, "ALLOWED"));
    }
    assertSameAudit(first(journey, "consent", "DENIED"), first(direct, "consent", "DENIED"));
    assertThat(first(journey, "consent", "DENIED").rule()).isEqualTo("invalid-customer-assertion");
    // the journey's decisions are all the care agent's, of the one customer, for CUSTOMER_ACCESS
    assertThat(journey).allSatisfy(d -> {
      assertThat(d.purpose()).isEqualTo("CUSTOMER_ACCESS");
      assertThat(d.scope().subject()).isEqualTo(first(direct, "usage", "ALLOWED").scope().subject());
    });
    assertThat(journey.stream().map(AuditEvent.Decision::operation).distinct())
        .containsExactlyInAnyOrder("consent", "usage", "records", "access-log", "erasure");
  }

  @Test
  @Order(3)
  void theCustomerIsDropped_whenTheAssertionExpires_andTheSessionAfter15IdleMinutes()
      throws Exception {
    find(ASSERTIONS.issue(CustomerId.of(customer), "care-agent", clock.instant(),
        Duration.ofMinutes(5)));
    assertThat(console.text("care-customer")).isEqualTo(customer);
    clock.advance(Duration.ofMinutes(6));
    console.press(By.id("care-usage"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/care");
    assertThat(console.text("notice")).contains("assertion expired");
    assertThat(browser.findElements(By.id("care-customer"))).isEmpty();
    console.page("assertion-expired");
    clock.advance(Duration.ofMinutes(15));
    browser.get(url + "/console/care");
    assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    console.page("session-expired");
  }

  /** Enters the customer id and {@code assertion} in the form on /console/care. */
  private void find(String assertion) throws Exception {
    assertionsUsed.add(assertion);
    if (!browser.getCurrentUrl().endsWith("/console/care")) {
      browser.get(url + "/console/care");
    }
    if (!browser.findElements(By.id("care-done")).isEmpty()) {
      console.press(By.id("care-done"));
    }
    console.type("customerId", customer);
    console.type("assertion", assertion);
    console.press(By.id("find-customer"));
    assertThat(browser.getCurrentUrl()).endsWith("/console/care");
  }

  private String freshAssertion() {
    return ASSERTIONS.issue(CustomerId.of(customer), "care-agent", clock.instant(),
        Duration.ofMinutes(10));
  }

  private static void assertSameAudit(AuditEvent.Decision console, AuditEvent.Decision api) {
    assertThat(Arrays.asList(console.principal(), console.purpose(), console.operation(),
        console.rule(), console.outcome(), console.scope().kind(), console.scope().subject(),
        console.fields()))
        .as("audit entry of the console's %s and of the same API call", console.operation())
        .isEqualTo(Arrays.asList(api.principal(), api.purpose(), api.operation(), api.rule(),
            api.outcome(), api.scope().kind(), api.scope().subject(), api.fields()));
  }

  private static AuditEvent.Decision first(List<AuditEvent.Decision> ds, String operation,
      String outcome) {
    return ds.stream().filter(d -> d.operation().equals(operation)
        && d.outcome().name().equals(outcome)).findFirst().orElseThrow(() -> new AssertionError(
            "no " + outcome + " " + operation + " entry"));
  }

  private List<AuditEvent.Decision> decisions(long after) {
    List<AuditEvent.Decision> out = new ArrayList<>();
    for (AuditEntry e : node.store().auditLedger().read(after + 1, 100_000)) {
      if (e.event() instanceof AuditEvent.Decision d) {
        out.add(d);
      }
    }
    return out;
  }

  private HttpResponse<String> api(String method, String path, String token, String purpose,
      String assertion, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token).header("X-CPNI-Purpose", purpose)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (assertion != null) {
      b.header("X-CPNI-Customer-Assertion", assertion);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
