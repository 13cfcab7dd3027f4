package io.cdrvault.query.legal;

import static io.cdrvault.query.legal.LegalFixture.BILLING;
import static io.cdrvault.query.legal.LegalFixture.LEGAL_A;
import static io.cdrvault.query.legal.LegalFixture.LEGAL_B;
import static io.cdrvault.query.legal.LegalFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.legal.export.ExportVerifier;
import io.cdrvault.query.legal.export.PackageZip;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legal process end to end over a real store, HTTP server, policy engine, audit ledger and
 * Ed25519 signer: register, two-person approval, export, verify, tamper, refusals. The same
 * workflow over the {@code cdrvault legal} commands is cdr-app's {@code LegalCliIT}.
 */
class LegalProcessIT {
  static final String TARGET_NUMBER = "+15551230001";
  static final CustomerId TARGET_CUSTOMER = CustomerId.of("C-1");
  static final CustomerId OTHER_CUSTOMER = CustomerId.of("C-2");
  static final PhoneNumber TARGET = PhoneNumber.e164("5551230001", TARGET_NUMBER);
  static final PhoneNumber C1_LINE = PhoneNumber.e164("5553330003", "+15553330003");
  static final PhoneNumber C2_LINE = PhoneNumber.e164("5552220002", "+15552220002");
  static final PhoneNumber ABROAD = PhoneNumber.e164("+44 20 7946 0999", "+442079460999");
  static final Set<String> NOT_FOR_SUBPOENA = Set.of("cellId", "sourceIp", "destinationIp",
      "userAgent", "trunk", "codec");

  @TempDir Path dir;
  LegalFixture api;
  /** Records that a SUBPOENA on TARGET_NUMBER + TARGET_CUSTOMER for October 2026 must return. */
  List<CustomerCdr> expected = new ArrayList<>();

  @BeforeEach
  void start() {
    api = new LegalFixture(dir);
    expected.addAll(seed(api));
  }

  /**
   * Stores the records of the workflow tests in {@code api}'s store; returns those a SUBPOENA on
   * TARGET_NUMBER + TARGET_CUSTOMER for October 2026 must return.
   */
  static List<CustomerCdr> seed(LegalFixture api) {
    CustomerCdr toTargetNumber = call("r1", OTHER_CUSTOMER, C2_LINE, TARGET, "2026-10-05T10:00:00Z");
    CustomerCdr ofTargetCustomer = call("r2", TARGET_CUSTOMER, C1_LINE, ABROAD, "2026-10-10T08:00:00Z");
    CustomerCdr smsOfTargetCustomer = sms("r3", TARGET_CUSTOMER, C1_LINE, ABROAD, "2026-10-20T21:00:00Z");
    CustomerCdr matchesBothTargets = call("r6", TARGET_CUSTOMER, C1_LINE, TARGET, "2026-10-12T12:00:00Z");
    api.store.put(List.of(toTargetNumber, ofTargetCustomer, smsOfTargetCustomer, matchesBothTargets,
        call("r4-after-window", TARGET_CUSTOMER, C1_LINE, ABROAD, "2026-11-05T08:00:00Z"),
        call("r5-unrelated", OTHER_CUSTOMER, C2_LINE, ABROAD, "2026-10-07T08:00:00Z"),
        call("r7-before-window", OTHER_CUSTOMER, C2_LINE, TARGET, "2026-09-30T23:59:59Z")));
    return List.of(toTargetNumber, ofTargetCustomer, smsOfTargetCustomer, matchesBothTargets);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static CustomerCdr call(String id, CustomerId customer, PhoneNumber from, PhoneNumber to,
      String start) {
    Instant s = Instant.parse(start);
    return new CustomerCdr(customer, Direction.ORIGINATING, Cdr.builder()
        .origin("msc1").originId(id).type(ServiceType.VOICE).calling(from).called(to)
        .start(s).answer(s.plusSeconds(4)).end(s.plusSeconds(124)).durationSeconds(124)
        .billableSeconds(120).disposition(Disposition.ANSWERED).cause("NORMAL_CLEARING")
        .imsi("310150123456789").imei("490154203237518").cellId("310-150-4411-90211")
        .sourceIp("198.51.100.7").destinationIp("203.0.113.9").userAgent("UE-test/1.0")
        .trunk("trunk-a").codec("AMR-WB")
        .build());
  }

  static CustomerCdr sms(String id, CustomerId customer, PhoneNumber from, PhoneNumber to,
      String start) {
    Instant s = Instant.parse(start);
    return new CustomerCdr(customer, Direction.ORIGINATING, Cdr.builder()
        .origin("smsc1").originId(id).type(ServiceType.SMS).calling(from).called(to)
        .start(s).end(s).smsSegments(1).deliveryStatus(DeliveryStatus.DELIVERED)
        .cellId("310-150-4411-90212").imsi("310150123456789")
        .build());
  }

  // ---- helpers -------------------------------------------------------------------------------

  static String body(String instrument, String expiresAt) {
    ObjectNode b = LegalFixture.JSON.createObjectNode();
    b.put("instrument", instrument);
    b.put("issuingAuthority", "District Attorney, Kings County");
    b.put("caseNumber", "GJ-2026-1138");
    b.putArray("targets").add(LegalFixture.JSON.createObjectNode().put("kind", "NUMBER")
        .put("value", TARGET_NUMBER)).add(LegalFixture.JSON.createObjectNode()
        .put("kind", "CUSTOMER").put("value", TARGET_CUSTOMER.value()));
    b.put("from", "2026-10-01");
    b.put("to", "2026-11-01");
    b.put("expiresAt", expiresAt);
    b.put("servedDocumentSha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    b.put("gag", true);
    return b.toString();
  }

  String register(String instrument) {
    HttpResponse<String> r = api.post("/v1/legal/requests", LEGAL_A, null,
        body(instrument, "2026-12-31T00:00:00Z"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r.body()).get("id").asText();
  }

  String approved(String instrument) {
    String id = register(instrument);
    HttpResponse<String> r = api.post("/v1/legal/requests/" + id + "/approval", LEGAL_B, id, "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return id;
  }

  Path exportUnpacked(String id, String name) throws IOException {
    HttpResponse<byte[]> r = api.export(id, LEGAL_B);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/zip"));
    Path out = dir.resolve(name);
    PackageZip.unpack(new ByteArrayInputStream(r.body()), out, 1 << 26);
    return out;
  }

  static List<JsonNode> ndjson(Path pkg) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(pkg.resolve("records.ndjson"))) {
      rows.add(json(line));
    }
    return rows;
  }

  static Set<String> memberNames(List<JsonNode> rows) {
    Set<String> names = new TreeSet<>();
    rows.forEach(n -> n.fieldNames().forEachRemaining(names::add));
    return names;
  }

  static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  // ---- the workflow ---------------------------------------------------------------------------

  @Test
  void exportingTwice_givesIdenticalRecordFiles_andOnlyTheTargetsRecords() throws Exception {
    String id = approved("SUBPOENA");

    Path first = exportUnpacked(id, "first");
    api.clock.set(api.clock.instant().plusSeconds(3600));
    Path second = exportUnpacked(id, "second");

    assertThat(ExportVerifier.verify(first, Optional.of(api.signer.publicKeyDer())).ok()).isTrue();
    assertThat(ExportVerifier.verify(second, Optional.of(api.signer.publicKeyDer())).ok()).isTrue();
    for (String f : List.of("records.ndjson", "records.csv")) {
      assertThat(sha256(second.resolve(f))).as(f).isEqualTo(sha256(first.resolve(f)));
    }
    assertThat(Files.readString(first.resolve("manifest.json")))
        .isNotEqualTo(Files.readString(second.resolve("manifest.json"))); // generation time differs
    assertThat(ndjson(first)).hasSize(4); // the record matching both targets appears once
    // no plaintext package stays behind in the temp directory
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(tmp.filter(p -> p.getFileName().toString().startsWith("cdrvault-export-")))
          .isEmpty();
    }
  }

  @Test
  void warrant_exportsCellId_courtOrder_doesNot() throws Exception {
    Path warrant = exportUnpacked(approved("WARRANT"), "warrant");
    Path order = exportUnpacked(approved("COURT_ORDER"), "order");

    assertThat(memberNames(ndjson(warrant))).contains("cellId", "sourceIp", "imei");
    assertThat(memberNames(ndjson(order))).doesNotContain("cellId")
        .contains("sourceIp", "userAgent", "trunk", "codec");
  }

  // ---- refusals ------------------------------------------------------------------------------

  @Test
  void unapproved_expired_revoked_preservation_areRefusedByThePolicyEngine() {
    String unapproved = register("SUBPOENA");
    assertRefused(api.export(unapproved, LEGAL_B), 403, "legal-request-unapproved");

    String preservation = approved("PRESERVATION");
    assertRefused(api.export(preservation, LEGAL_B), 403, "legal-instrument-discloses-nothing");

    String revoked = approved("SUBPOENA");
    assertThat(api.post("/v1/legal/requests/" + revoked + "/revocation", LEGAL_A, revoked, "")
        .statusCode()).isEqualTo(200);
    assertRefused(api.export(revoked, LEGAL_B), 403, "legal-request-revoked");

    String expiring = approved("SUBPOENA");
    api.clock.set(Instant.parse("2026-12-31T00:00:00Z"));
    assertRefused(api.export(expiring, LEGAL_B), 403, "legal-request-expired");
    HttpResponse<String> lateApproval = api.post("/v1/legal/requests/" + unapproved + "/approval",
        LEGAL_B, unapproved, "");
    assertThat(lateApproval.statusCode()).isEqualTo(409);
    assertThat(json(lateApproval.body()).get("rule").asText()).isEqualTo("legal-request-expired");
    assertThat(api.store.readsStarted()).isZero();
  }

  @Test
  void approvalConflicts_and_unknownIds() {
    String id = approved("SUBPOENA");
    HttpResponse<String> again = api.post("/v1/legal/requests/" + id + "/approval", LEGAL_B, id, "");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again.body()).get("rule").asText()).isEqualTo("legal-request-not-pending");

    String unknown = "LR-0123456789abcdef";
    assertRefused(api.get("/v1/legal/requests/" + unknown, LEGAL_A, null), 404, "legal-request-unknown");
    assertRefused(api.export(unknown, LEGAL_B), 404, "legal-request-unknown");
    assertRefused(api.get("/v1/legal/requests/not-an-id", LEGAL_A, null), 400, "bad-request");
    assertRefused(api.post("/v1/legal/requests/" + id + "/revocation", LEGAL_B, id, ""), 200, null);
    assertRefused(api.post("/v1/legal/requests/" + id + "/revocation", LEGAL_B, id, ""), 409,
        "legal-request-revoked");
  }

  @Test
  void badBodies_are400NamingTheMember_neverEchoingValues() {
    String secretNumber = "+15559876543";
    String body = body("SUBPOENA", "2026-12-31T00:00:00Z")
        .replace("\"value\":\"" + TARGET_NUMBER + "\"", "\"value\":\"" + secretNumber + "x\"");
    HttpResponse<String> r = api.post("/v1/legal/requests", LEGAL_A, null, body);

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = json(r.body());
    assertThat(e.get("rule").asText()).isEqualTo("bad-request");
    assertThat(e.get("reason").asText()).contains("targets[0].value").doesNotContain(secretNumber);
    assertThat(r.body()).doesNotContain("5559876543");

    assertThat(api.post("/v1/legal/requests", LEGAL_A, null, "{").statusCode()).isEqualTo(400);
    assertThat(json(api.post("/v1/legal/requests", LEGAL_A, null,
        body("SUMMONS", "2026-12-31T00:00:00Z")).body()).get("reason").asText()).contains("instrument");
    assertThat(json(api.post("/v1/legal/requests", LEGAL_A, null,
        body("SUBPOENA", "2026-01-01T00:00:00Z")).body()).get("reason").asText()).contains("expiresAt");
  }

  @Test
  void otherPurposesAndRoles_areRefused() {
    HttpResponse<String> billing = api.post("/v1/legal/requests", BILLING, null,
        body("SUBPOENA", "2026-12-31T00:00:00Z"));
    assertRefused(billing, 403, "role-lacks-purpose");
    HttpResponse<String> anonymous = api.post("/v1/legal/requests", null, null,
        body("SUBPOENA", "2026-12-31T00:00:00Z"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    String id = approved("SUBPOENA");
    HttpResponse<byte[]> wrongCase = api.send(api.request("/v1/legal/requests/" + id + "/export",
        LEGAL_B, "LR-0123456789abcdef").POST(java.net.http.HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertRefused(wrongCase, 400, "bad-request");
    assertThat(api.store.readsStarted()).isZero();
  }

  // ---- audit ---------------------------------------------------------------------------------

  @Test
  void everyCall_addsExactlyOneDecisionEntry_andAnExportOneCompletion() throws IOException {
    long before = api.decisions();
    String id = register("SUBPOENA");
    assertThat(api.decisions()).isEqualTo(before + 1);
    AuditEntry registered = last();
    assertThat(registered.event().operation()).isEqualTo("legal-register");
    assertThat(registered.event(Decision.class).caseRef()).isEqualTo(id);
    assertThat(registered.event().principal()).isEqualTo("legal-a");

    List<Runnable> calls = List.of(
        () -> api.post("/v1/legal/requests/" + id + "/approval", LEGAL_A, id, ""),   // 409
        () -> api.export(id, LEGAL_B),                                                // 403
        () -> api.get("/v1/legal/requests/" + id, LEGAL_B, null),                     // 200
        () -> api.post("/v1/legal/requests", LEGAL_A, null, "{}"),                    // 400
        () -> {                                                                       // 401
          api.post("/v1/legal/requests/" + id + "/approval", null, id, "");
          api.server.flushDenials(); // anonymous refusals are counted and written per interval
        },
        () -> api.post("/v1/legal/requests/" + id + "/approval", LEGAL_B, id, ""));   // 200
    List<String> rules = new ArrayList<>();
    for (Runnable call : calls) {
      long n = api.decisions();
      call.run();
      assertThat(api.decisions()).isEqualTo(n + 1);
      rules.add(last().event().rule());
    }
    assertThat(rules).containsExactly("two-person-rule", "legal-request-unapproved",
        "purpose-allowed", "bad-request", "unauthenticated", "purpose-allowed");

    long n = api.decisions();
    long entries = api.audit().size();
    exportUnpacked(id, "audited");
    assertThat(api.decisions()).isEqualTo(n + 1);
    assertThat(api.audit()).hasSize((int) entries + 2);
    Decision decision = api.audit().get((int) entries).event(Decision.class);
    Completion completion = last().event(Completion.class);
    assertThat(decision.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(decision.operation()).isEqualTo("legal-export");
    assertThat(decision.scope().kind()).isEqualTo("legal-request");
    assertThat(decision.fields()).doesNotContain("cellId", "sourceIp");
    assertThat(completion.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(completion.resultCount()).isEqualTo(expected.size());
    assertThat(completion.subjects()).hasSize(2); // C-1 and C-2, as keyed pseudonyms
    assertThat(String.join(",", completion.subjects())).doesNotContain("C-1", "C-2");
    assertThat(api.store.auditLedger().verify().ok()).isTrue();
  }

  private AuditEntry last() {
    List<AuditEntry> all = api.audit();
    return all.get(all.size() - 1);
  }

  private static void assertRefused(HttpResponse<?> r, int status, String rule) {
    String body = r.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
        : String.valueOf(r.body());
    assertThat(r.statusCode()).as(body).isEqualTo(status);
    if (rule != null) {
      assertThat(json(body).get("rule").asText()).isEqualTo(rule);
    }
  }
}
