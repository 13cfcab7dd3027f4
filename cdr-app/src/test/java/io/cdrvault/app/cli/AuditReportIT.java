package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cdrvault audit report} on a real store's data directory (demo keystore layout), run once
 * with the store closed and once while it is open (read-only access next to a running node).
 */
class AuditReportIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final CustomerId ME = CustomerId.of("C-1001");
  private static final CustomerId OTHER = CustomerId.of("C-2002");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Keyring keyring;
  private long ownRead;
  private long gaggedRead;

  @BeforeEach
  void demoKeystore() throws Exception {
    Path keys = Files.createDirectories(dataDir.resolve("keys"));
    Files.writeString(keys.resolve("demo-keystore.password"), "demo-pw\n", StandardCharsets.US_ASCII);
    keyring = Keyring.create(keys.resolve("demo-keystore.p12"), "PKCS12", "demo-pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private static AuditEvent decision(String principal, String purpose, String subject,
      String caseRef) {
    return new Decision(CLOCK.instant(), principal, purpose, "records",
        new AuditEvent.Scope("customer", subject, null, null), List.of("start"),
        Outcome.ALLOWED, "purpose-allowed", caseRef);
  }

  private static AuditEvent completion(AuditEntry d, long count) {
    Decision decision = d.event(Decision.class);
    return new Completion(CLOCK.instant(), decision.principal(), decision.purpose(),
        "records", decision.scope(), "complete", decision.caseRef(), count, d.sequence(),
        List.of());
  }

  private void writeLedger(RocksCdrStore store) {
    LegalRequest lr = store.legalRegistry().register(new NewLegalRequest(Instrument.SUBPOENA,
        "District Court", "2024-CR-1", List.of(LegalTarget.customer(ME)),
        Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"),
        Instant.parse("2024-06-01T00:00:00Z"), "ab".repeat(32), true), "intake", CLOCK.instant());
    AuditLedger l = store.auditLedger();
    String me = store.customerTagger().tagHex(ME);
    AuditEntry own = l.append(decision("customer-portal", "CUSTOMER_ACCESS", me, null));
    ownRead = own.sequence();
    l.append(completion(own, 7));
    l.append(decision("customer-portal", "CUSTOMER_ACCESS", store.customerTagger().tagHex(OTHER), null));
    AuditEntry legal = l.append(decision("lea-desk", "LEGAL_PROCESS", me, lr.id()));
    gaggedRead = legal.sequence();
  }

  private int report(String... extra) {
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("audit", "report", "--data-dir", dataDir.toString()));
    args.addAll(List.of(extra));
    return cl.execute(args.toArray(String[]::new));
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void report_printsTheCustomersDisclosuresAsNdjson_withGaggedOnesFlagged() throws Exception {
    try (RocksCdrStore store = open()) {
      writeLedger(store);
    }

    int code = report("--customer", ME.value());

    assertThat(code).as("stderr: %s", err).isZero();
    List<JsonNode> rows = lines();
    assertThat(rows).extracting(n -> n.get("seq").asLong()).containsExactly(ownRead, gaggedRead);
    assertThat(rows.get(0).get("principal").asText()).isEqualTo("customer-portal");
    assertThat(rows.get(0).get("resultCount").asLong()).isEqualTo(7);
    assertThat(rows.get(0).get("gagged").asBoolean()).isFalse();
    assertThat(rows.get(1).get("purpose").asText()).isEqualTo("LEGAL_PROCESS");
    assertThat(rows.get(1).get("gagged").asBoolean()).isTrue();
    assertThat(rows.get(1).get("resultCount").isNull()).isTrue();
    assertThat(out.toString()).doesNotContain(ME.value());
  }

  @Test
  void report_whileTheStoreIsOpen_readsTheLedgerReadOnly() throws Exception {
    try (RocksCdrStore store = open()) {
      writeLedger(store);

      int code = report("--customer", OTHER.value());

      assertThat(code).as("stderr: %s", err).isZero();
      assertThat(lines()).hasSize(1);
      store.auditLedger().append(decision("x", "BILLING", "00".repeat(16), null));
    }
  }

  @Test
  void report_withoutAPassword_exits2() {
    CommandLine cl = new CommandLine(new AuditReportCommand(Map.of()));
    cl.setErr(new PrintWriter(err, true));
    Path ks = dataDir.resolve("keys/elsewhere.p12");
    Keyring.create(ks, "PKCS12", "pw".toCharArray());

    int code = cl.execute("--customer", ME.value(), "--data-dir", dataDir.toString(),
        "--keystore", ks.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("CDRVAULT_KEYSTORE_PASSWORD");
  }

  @Test
  void report_withAKeystoreFromTheEnvironment_andAMissingStore_exits2() {
    Path ks = dataDir.resolve("keys/elsewhere.p12");
    Keyring.create(ks, "PKCS12", "pw".toCharArray());
    CommandLine cl = new CommandLine(new AuditReportCommand(Map.of("MY_PW", "pw")));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("cdrvault: " + e.getMessage());
      return CdrVaultCli.USAGE_ERROR;
    });

    int code = cl.execute("--customer", ME.value(), "--data-dir", dataDir.toString(),
        "--keystore", ks.toString(), "--password-env", "MY_PW");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no store found");
  }
}
