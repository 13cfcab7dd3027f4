package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.http.ApiServer;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.testing.ObservedStore;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cdrvault billing run} against a real node (real RocksDB store, real HTTP API on a free
 * port, the shipped policy): every customer exactly once with the usage endpoint's totals, resume
 * after a failure mid-line without double counting, refusal of a non-BILLING principal, and the
 * audit entries a run adds.
 */
class BillingRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BILLING_TOKEN = "billing-run-7d3c9a1e5f2b";
  private static final String FRAUD_TOKEN = "fraud-run-4e8b2c6a0d1f";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-15T12:00:00Z"), ZoneOffset.UTC);
  private static final String FROM = "2026-10-01";
  private static final String TO = "2026-12-01";
  private static final Instant FROM_I = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant TO_I = Instant.parse("2026-12-01T00:00:00Z");
  private static final int CUSTOMERS = 30;

  private static final PhoneNumber UK = PhoneNumber.e164("+44 20 7946 0999", "+442079460999");
  private static final PhoneNumber SAT = PhoneNumber.e164("+881 6 1234 5678", "+881612345678");
  private static final PhoneNumber SHORT = PhoneNumber.other("611", NumberKind.SHORT_CODE);

  @TempDir Path dir;
  private PrometheusMeterRegistry registry;
  private ObservedStore store;
  private ApiServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<CustomerCdr> inWindow = new ArrayList<>();
  private int seq;

  @BeforeEach
  void start() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    store = ObservedStore.open(dir.resolve("node"), registry, CLOCK);
    PolicyEngine engine = PolicyEngine.create(PolicyFile.load(Path.of("..", "config", "policy.yaml")),
        store, CLOCK);
    Principals principals = Principals.of(List.of(
        new Principals.Entry(new Principal("billing-job", Set.of("billing-job"), Optional.empty()),
            Principals.sha256(BILLING_TOKEN)),
        new Principals.Entry(new Principal("fraud-analyst", Set.of("fraud-analyst"), Optional.empty()),
            Principals.sha256(FRAUD_TOKEN))));
    server = QueryApi.start(ApiSettings.of("127.0.0.1", 0), store, engine,
        TokenAuthenticator.create(principals), registry);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
    registry.close();
  }

  private static CustomerId customer(int i) {
    return CustomerId.of(String.format("C-%03d", i));
  }

  private static PhoneNumber own(int i) {
    return PhoneNumber.e164("555" + i, String.format("+1202555%04d", i));
  }

  private CustomerCdr voice(int i, Direction d, PhoneNumber other, Instant start, long billable) {
    boolean answered = billable > 0;
    Cdr cdr = Cdr.builder().origin("pbx1").originId("v" + ++seq).type(ServiceType.VOICE)
        .calling(d == Direction.ORIGINATING ? own(i) : other)
        .called(d == Direction.ORIGINATING ? other : own(i))
        .start(start).answer(answered ? start.plusSeconds(4) : null)
        .end(start.plusSeconds(4 + billable)).durationSeconds(4 + billable).billableSeconds(billable)
        .disposition(answered ? Disposition.ANSWERED : Disposition.NO_ANSWER).build();
    return new CustomerCdr(customer(i), d, cdr);
  }

  private CustomerCdr sms(int i, Direction d, PhoneNumber other, Instant start, int segments) {
    Cdr cdr = Cdr.builder().origin("smsc1").originId("s" + ++seq).type(ServiceType.SMS)
        .calling(d == Direction.ORIGINATING ? own(i) : other)
        .called(d == Direction.ORIGINATING ? other : own(i))
        .start(start).end(start).smsSegments(segments).deliveryStatus(DeliveryStatus.DELIVERED).build();
    return new CustomerCdr(customer(i), d, cdr);
  }

  /** ~30 customers with records in October and November, plus records outside the window. */
  private void writeRecords() {
    List<CustomerCdr> all = new ArrayList<>();
    for (int i = 1; i <= CUSTOMERS; i++) {
      Instant oct = Instant.parse("2026-10-03T08:00:00Z").plusSeconds(3600L * i);
      Instant nov = Instant.parse("2026-11-20T08:00:00Z").plusSeconds(60L * i);
      for (int k = 0; k < i % 4 + 1; k++) {
        inWindow.add(voice(i, Direction.ORIGINATING, own(i + 100), oct.plusSeconds(k * 300L), k == 0 ? 0 : 30L * i + k));
      }
      for (int k = 0; k < i % 3; k++) {
        inWindow.add(sms(i, Direction.ORIGINATING, UK, nov.plusSeconds(k), k + 1));
      }
      if (i % 5 == 0) {
        inWindow.add(voice(i, Direction.ORIGINATING, SAT, nov.plusSeconds(30), 90));
      }
      inWindow.add(sms(i, Direction.ORIGINATING, SHORT, oct.plusSeconds(7), 1));
      inWindow.add(voice(i, Direction.TERMINATING, UK, nov.plusSeconds(40), 10L + i));
      // outside [from, to): never counted
      all.add(voice(i, Direction.ORIGINATING, UK, Instant.parse("2026-12-01T00:00:00Z"), 999));
      all.add(voice(i, Direction.ORIGINATING, UK, Instant.parse("2026-09-30T23:59:59Z"), 999));
    }
    all.addAll(inWindow);
    store.put(all);
  }

  private Result billingRun(Path out, String token, long failAfterBytes, String... extra) {
    BillingRunCommand command = new BillingRunCommand(name ->
        name.equals(BillingRunCommand.TOKEN_ENV) ? token : null);
    command.failWritesAfterBytes = failAfterBytes;
    CommandLine cl = new CommandLine(command);
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    List<String> args = new ArrayList<>(List.of("--url", server.baseUrl(), "--from", FROM, "--to", TO,
        "--out", out.toString(), "--sync-every", "5"));
    args.addAll(List.of(extra));
    int code = cl.execute(args.toArray(String[]::new));
    return new Result(code, err.toString());
  }

  private record Result(int code, String err) {}

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private JsonNode usageEndpoint(String customerId) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/customers/"
            + customerId + "/usage?from=" + FROM + "&to=" + TO))
        .header("Authorization", "Bearer " + BILLING_TOKEN).header("X-CPNI-Purpose", "BILLING")
        .timeout(Duration.ofSeconds(20)).GET().build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    ObjectNode n = (ObjectNode) JSON.readTree(r.body());
    n.remove("auditSequence");
    return n;
  }

  private List<AuditEntry> auditAfter(long sequence) {
    return store.auditLedger().read(sequence + 1, 1000);
  }

  /** Completion entries of billing runs so far (written when the server finished its response). */
  private long runCompletions() {
    return store.auditLedger().read(1, 100_000).stream()
        .filter(e -> e.event().outcome().equals(Outcome.COMPLETED))
        .filter(e -> e.event().operation().equals("billing-run")).count();
  }

  @Test
  void run_toCompletion_writesEveryCustomerOnceWithTheUsageEndpointsTotals() throws Exception {
    writeRecords();
    Path out = dir.resolve("run.ndjson");
    long before = store.auditLedger().lastSequence();

    Result r = billingRun(out, BILLING_TOKEN, -1);

    assertThat(r.code()).as(r.err()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> runCompletions() == 1);
    List<AuditEntry> audit = auditAfter(before);
    List<JsonNode> lines = lines(out);
    JsonNode end = lines.get(lines.size() - 1);
    List<JsonNode> customers = lines.subList(0, lines.size() - 1);
    assertThat(end.get("end").asBoolean()).isTrue();
    assertThat(end.get("customers").asLong()).isEqualTo(CUSTOMERS);
    assertThat(end.get("records").asLong()).isEqualTo(inWindow.size());
    assertThat(end.get("from").asText()).isEqualTo("2026-10-01T00:00:00Z");

    Set<String> ids = new HashSet<>();
    long records = 0;
    long billable = 0;
    String previous = "";
    for (JsonNode line : customers) {
      assertThat(ids.add(line.get("customerId").asText())).as("each customer once").isTrue();
      assertThat(line.get("cursor").asText()).isEqualTo(
          store.customerTagger().tagHex(CustomerId.of(line.get("customerId").asText())));
      assertThat(line.get("cursor").asText()).isGreaterThan(previous);
      previous = line.get("cursor").asText();
      records += line.at("/usage/records").asLong();
      billable += line.at("/usage/voice/ORIGINATING/billableSeconds").asLong()
          + line.at("/usage/voice/TERMINATING/billableSeconds").asLong();
    }
    assertThat(ids).hasSize(CUSTOMERS);
    assertThat(records).isEqualTo(inWindow.size());
    assertThat(billable).isEqualTo(inWindow.stream().mapToLong(c -> c.cdr().billableSeconds()).sum());

    // the run added exactly one decision and one completion entry with the record count
    assertThat(audit).hasSize(2);
    Decision decision = audit.get(0).event(Decision.class);
    assertThat(decision.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(decision.operation()).isEqualTo("billing-run");
    assertThat(decision.scope().kind()).isEqualTo("all");
    assertThat(decision.purpose()).isEqualTo("BILLING");
    AuditEvent.Completion completion = audit.get(1).event(AuditEvent.Completion.class);
    assertThat(completion.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(completion.rule()).isEqualTo("complete");
    assertThat(completion.resultCount()).isEqualTo(inWindow.size());
    assertThat(completion.decisionSequence()).isEqualTo(audit.get(0).sequence());
    assertThat(completion.subjects()).hasSize(CUSTOMERS);

    // each line's usage is what the usage endpoint answers for that customer
    for (JsonNode line : customers) {
      assertThat(line.get("usage")).as("usage of a customer line")
          .isEqualTo(usageEndpoint(line.get("customerId").asText()));
    }
    // one customer in full: C-005 (i=5): 2 originating domestic calls (1 answered, 151 s),
    // 2 SMS to +44 (1 + 2 segments), 1 call to +881 (90 s), 1 SMS to a short code, 1 terminating call
    JsonNode c5 = customers.stream().filter(l -> l.get("customerId").asText().equals("C-005"))
        .findFirst().orElseThrow().get("usage");
    assertThat(c5.at("/destinations/domestic")).isEqualTo(totals(2, 1, 151, 0, 0));
    assertThat(c5.at("/destinations/international")).isEqualTo(JSON.createObjectNode()
        .<ObjectNode>set("44", totals(0, 0, 0, 2, 3)).set("881", totals(1, 1, 90, 0, 0)));
    assertThat(c5.at("/destinations/other")).isEqualTo(totals(0, 0, 0, 1, 1));
    assertThat(c5.at("/voice/TERMINATING/billableSeconds").asLong()).isEqualTo(15);
    assertThat(c5.get("records").asLong()).isEqualTo(7);
  }

  /** Expected totals, as parsed JSON (so number node types match what a client reads). */
  private static JsonNode totals(long calls, long answered, long billable, long messages, long segments) {
    try {
      return JSON.readTree(JSON.createObjectNode().put("calls", calls).put("answeredCalls", answered)
          .put("billableSeconds", billable).put("messages", messages).put("segments", segments)
          .toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void run_afterAWriteFailureMidLine_resumesWithoutCountingAnyCustomerTwice() throws Exception {
    writeRecords();
    Path reference = dir.resolve("reference.ndjson");
    assertThat(billingRun(reference, BILLING_TOKEN, -1).code()).isZero();
    byte[] expected = Files.readAllBytes(reference);
    List<String> refLines = Files.readAllLines(reference, StandardCharsets.UTF_8);
    long line12Start = 0;
    for (int k = 0; k < 11; k++) {
      line12Start += refLines.get(k).getBytes(StandardCharsets.UTF_8).length + 1;
    }
    long cut = line12Start + refLines.get(11).length() / 2;
    Path out = dir.resolve("run.ndjson");

    Result failed = billingRun(out, BILLING_TOKEN, cut);

    assertThat(failed.code()).as(failed.err()).isEqualTo(1);
    assertThat(failed.err()).contains("run the same command again to resume");
    byte[] partial = Files.readAllBytes(out);
    assertThat(partial).hasSize((int) cut);
    assertThat(partial[partial.length - 1]).as("a partial last line is left").isNotEqualTo((byte) '\n');
    await().atMost(Duration.ofSeconds(10)).until(() -> runCompletions() == 2);
    long beforeResume = store.auditLedger().lastSequence();

    Result resumed = billingRun(out, BILLING_TOKEN, -1);

    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resuming after 11 customers").contains("partial last line");
    assertThat(Files.readAllBytes(out)).as("same file as an uninterrupted run").isEqualTo(expected);
    List<JsonNode> lines = lines(out);
    Set<String> ids = new HashSet<>();
    lines.subList(0, lines.size() - 1).forEach(l -> assertThat(ids.add(l.get("customerId").asText())).isTrue());
    assertThat(ids).hasSize(CUSTOMERS);
    JsonNode end = lines.get(lines.size() - 1);
    assertThat(end.get("customers").asLong()).isEqualTo(CUSTOMERS);
    assertThat(end.get("records").asLong()).isEqualTo(inWindow.size());
    // the resumed request was served only the remaining customers' records
    long remaining = lines.subList(11, lines.size() - 1).stream()
        .mapToLong(l -> l.at("/usage/records").asLong()).sum();
    await().atMost(Duration.ofSeconds(10)).until(() -> runCompletions() == 3);
    List<AuditEntry> resumeAudit = auditAfter(beforeResume);
    assertThat(resumeAudit).hasSize(2);
    assertThat(resumeAudit.get(1).event(AuditEvent.Completion.class).resultCount())
        .isEqualTo(remaining);
    assertThat(resumeAudit.get(1).event(AuditEvent.Completion.class).subjects())
        .hasSize(CUSTOMERS - 11);

    // and running it once more does nothing: the run is complete
    long beforeAgain = store.auditLedger().lastSequence();
    Result again = billingRun(out, BILLING_TOKEN, -1);
    assertThat(again.code()).isZero();
    assertThat(again.err()).contains("already complete: " + CUSTOMERS + " customers");
    assertThat(store.auditLedger().lastSequence()).isEqualTo(beforeAgain);
    assertThat(Files.readAllBytes(out)).isEqualTo(expected);
  }

  @Test
  void run_withANonBillingPrincipal_isRefusedAndWritesNoLine() throws Exception {
    writeRecords();
    Path out = dir.resolve("run.ndjson");
    long before = store.auditLedger().lastSequence();

    Result r = billingRun(out, FRAUD_TOKEN, -1);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("HTTP 403").contains("role-lacks-purpose");
    assertThat(Files.exists(out) ? Files.size(out) : 0).isZero();
    List<AuditEntry> audit = auditAfter(before);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).event().outcome()).isEqualTo(Outcome.DENIED);
    assertThat(audit.get(0).event().rule()).isEqualTo("role-lacks-purpose");
  }

  @Test
  void endpoint_withABadCursor_is400AndWithoutRecords_endsWithZeroTotals() throws Exception {
    HttpRequest bad = HttpRequest.newBuilder(URI.create(server.baseUrl()
            + "/v1/billing/usage?from=" + FROM + "&to=" + TO + "&after=C-001"))
        .header("Authorization", "Bearer " + BILLING_TOKEN).header("X-CPNI-Purpose", "BILLING").GET().build();
    HttpResponse<String> r = http.send(bad, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("'after'").doesNotContain("C-001");

    HttpRequest empty = HttpRequest.newBuilder(URI.create(server.baseUrl()
            + "/v1/billing/usage?from=" + FROM + "&to=" + TO))
        .header("Authorization", "Bearer " + BILLING_TOKEN).header("X-CPNI-Purpose", "BILLING").GET().build();
    HttpResponse<String> e = http.send(empty, HttpResponse.BodyHandlers.ofString());
    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(e.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
    JsonNode end = JSON.readTree(e.body().strip());
    assertThat(end.get("end").asBoolean()).isTrue();
    assertThat(end.get("customers").asLong()).isZero();
    assertThat(end.get("records").asLong()).isZero();
    assertThat(end.get("auditSequence").asLong())
        .isEqualTo(Long.parseLong(e.headers().firstValue("X-CPNI-Audit-Sequence").orElseThrow()));
  }

  @Test
  void usageErrors_exit2BeforeAnyRequest() throws Exception {
    Path out = dir.resolve("run.ndjson");
    long before = store.auditLedger().lastSequence();

    assertThat(billingRun(out, null, -1).code()).as("no token").isEqualTo(2);
    BillingRunCommand command = new BillingRunCommand(n -> BILLING_TOKEN);
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setErr(new PrintWriter(err, true)).execute("--url",
        server.baseUrl(), "--from", TO, "--to", FROM, "--out", out.toString());
    assertThat(code).as("from after to").isEqualTo(2);
    assertThat(err.toString()).contains("--from must be before --to");
    Files.writeString(out, "{\"cursor\":\"x\",\"usage\":{\"records\":1,\"from\":\"2020-01-01T00:00:00Z\","
        + "\"to\":\"2020-02-01T00:00:00Z\"}}\n");
    assertThat(billingRun(out, BILLING_TOKEN, -1).code()).as("file of another period").isEqualTo(2);
    assertThat(store.auditLedger().lastSequence()).isEqualTo(before);
  }
}
