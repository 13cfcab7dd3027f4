package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.store.audit.AuditEvent.AnonymousRefusals;
import io.cdrvault.store.audit.AuditEvent.BackupAction;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.KeyAction;
import io.cdrvault.store.audit.AuditEvent.LifecycleAction;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.AuditEvent.Scope;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.AuditVerifier;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger format stays verifiable across typed audit events. The fixture
 * ({@code audit/ledger-v1-entries.ndjson}, two signed checkpoints in
 * {@code audit/ledger-v1-checkpoints.ndjson}) is a ledger written by the code before the typed
 * events, one entry of every shape that code writes: read with this code every entry is the kind
 * it was written as, is written back byte for byte, and the whole ledger, its checkpoints and the
 * entries appended after it verify.
 */
class LedgerCompatibilityIT {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  private static List<byte[]> lines(String resource) throws IOException {
    try (InputStream in = LedgerCompatibilityIT.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      List<byte[]> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isEmpty()) {
          out.add(l.getBytes(StandardCharsets.UTF_8));
        }
      }
      return out;
    }
  }

  private static List<byte[]> entries() throws IOException {
    return lines("/audit/ledger-v1-entries.ndjson");
  }

  /** The kind docs/audit.md gives an entry with these members. */
  private static Class<? extends AuditEvent> documentedKind(JsonNode n) {
    String op = n.get("operation").asText();
    if (n.get("outcome").asText().equals("COMPLETED")) {
      return Completion.class;
    }
    if (op.startsWith("keys.")) {
      return KeyAction.class;
    }
    if (op.startsWith("backup.")) {
      return BackupAction.class;
    }
    if (op.startsWith("hold.") || op.startsWith("erasure.") || op.startsWith("retention.")) {
      return LifecycleAction.class;
    }
    if (n.get("principal").asText().equals("anonymous") && !n.get("resultCount").isNull()) {
      return AnonymousRefusals.class;
    }
    return Decision.class;
  }

  @Test
  void everyV1Entry_readsBackAsItsKind_andIsWrittenBackByteForByte() throws IOException {
    Map<String, Integer> kinds = new TreeMap<>();
    for (byte[] line : entries()) {
      AuditEntry e = AuditJson.parse(line);
      JsonNode n = JSON.readTree(line);

      assertThat(e.event()).as("entry %s", e.sequence()).isInstanceOf(documentedKind(n));
      assertThat(new String(AuditJson.entry(e), StandardCharsets.UTF_8))
          .isEqualTo(new String(line, StandardCharsets.UTF_8));
      assertThat(AuditJson.hash(e.previousHash(), AuditJson.body(e.sequence(), e.event())))
          .isEqualTo(e.hash());
      kinds.merge(e.event().getClass().getSimpleName(), 1, Integer::sum);
    }
    assertThat(kinds).containsOnlyKeys("AnonymousRefusals", "BackupAction", "Completion",
        "Decision", "KeyAction", "LifecycleAction");
  }

  @Test
  void v1Entries_carryTheirReusedMembersInTypedSlots() throws IOException {
    List<AuditEvent> events = new ArrayList<>();
    for (byte[] line : entries()) {
      events.add(AuditJson.parse(line).event());
    }

    assertThat(events).filteredOn(e -> e.operation().equals("keys.rewrap")).singleElement()
        .isInstanceOfSatisfying(KeyAction.class, k -> {
          assertThat(k.kekVersion()).isEqualTo(2); // "fields":["kek-v2"]
          assertThat(k.dataKeys()).isEqualTo(8); // "resultCount":8
        });
    assertThat(events).filteredOn(e -> e.operation().equals("keys.retire"))
        .extracting(e -> ((KeyAction) e).kekVersion(), e -> ((KeyAction) e).dataKeys(),
            AuditEvent::outcome)
        .containsExactlyInAnyOrder(
            tuple(null, 8L, Outcome.DENIED), tuple(1, 0L, Outcome.ALLOWED));
    assertThat(events).filteredOn(e -> e.operation().equals("backup.restore")).singleElement()
        .isInstanceOfSatisfying(BackupAction.class, b -> assertThat(b.backupId()).isEqualTo(1));
    assertThat(events).filteredOn(e -> e.operation().equals("backup.create")).singleElement()
        .isInstanceOfSatisfying(BackupAction.class, b -> assertThat(b.backupId()).isNull());
    assertThat(events).filteredOn(AnonymousRefusals.class::isInstance).isNotEmpty()
        .allSatisfy(e -> assertThat(((AnonymousRefusals) e).count()).isPositive());
    assertThat(events).filteredOn(e -> e.operation().equals("hold.create")).singleElement()
        .isInstanceOfSatisfying(LifecycleAction.class, l -> {
          assertThat(l.scope().kind()).isEqualTo("hold");
          assertThat(l.caseRef()).startsWith("LH-");
          assertThat(l.count()).isEqualTo(1);
        });
    assertThat(events).filteredOn(e -> e.operation().equals("consent")
            && e.principal().equals("customer-care"))
        .singleElement().isInstanceOfSatisfying(Decision.class, d -> assertThat(d.scope())
            .isEqualTo(Scope.customer("3910e4d23602c91e951d8e5f4a58f102")));
    assertThat(events).filteredOn(e -> e.operation().equals("usage")
            && e instanceof Decision d && d.allowed() && d.scope().kind() == null)
        .as("a decision written before scope kinds existed").isNotEmpty();
    assertThat(events).filteredOn(e -> e instanceof Completion c && c.resultCount() == null)
        .as("completion chunks").isNotEmpty()
        .allSatisfy(e -> assertThat(e.rule()).isEqualTo("in-progress"));
  }

  @Test
  void typedEvents_areWrittenAsTheV1Entries() throws IOException {
    Map<String, byte[]> byOperation = new TreeMap<>();
    for (byte[] line : entries()) {
      JsonNode n = JSON.readTree(line);
      byOperation.putIfAbsent(n.get("operation").asText() + "/" + n.get("rule").asText(), line);
    }
    assertSameBody(byOperation.get("keys.rewrap/operator-command"),
        ev -> new KeyAction(ev.time(), "operator:root", "keys.rewrap", Outcome.ALLOWED,
            "operator-command", 2, 8));
    assertSameBody(byOperation.get("keys.retire/kek-in-use"),
        ev -> new KeyAction(ev.time(), "operator:root", "keys.retire", Outcome.DENIED,
            "kek-in-use", null, 8));
    assertSameBody(byOperation.get("backup.restore/operator-command"),
        ev -> new BackupAction(ev.time(), "operator:root", "backup.restore", "operator-command",
            1));
    assertSameBody(byOperation.get("backup.create/operator-command"),
        ev -> new BackupAction(ev.time(), "operator:root", "backup.create", "operator-command",
            null));
  }

  private static void assertSameBody(byte[] line, UnaryOperator<AuditEvent> make) {
    assertThat(line).isNotNull();
    AuditEntry e = AuditJson.parse(line);
    AuditEvent built = make.apply(e.event());
    assertThat(built).isEqualTo(e.event());
    assertThat(new String(AuditJson.entry(new AuditEntry(e.sequence(), built, e.previousHash(),
        e.hash())), StandardCharsets.UTF_8)).isEqualTo(new String(line, StandardCharsets.UTF_8));
  }

  @Test
  void v1Ledger_verifiesWithItsSignedCheckpoints_andWithEntriesAppendedAfterIt() throws Exception {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK)
        .close();
    List<byte[]> entries = entries();
    List<byte[]> checkpoints = lines("/audit/ledger-v1-checkpoints.ndjson");
    byte[] trusted = HEX.parseHex(JSON.readTree(checkpoints.get(0)).get("publicKey").asText());
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      AuditEntry last = null;
      for (byte[] line : entries) {
        last = AuditJson.parse(line);
        raw.put("audit", LedgerHead.key(last.sequence()), line);
      }
      raw.put("meta", LedgerHead.KEY, LedgerHead.encode(last.sequence(), last.hash()));
      for (byte[] cp : checkpoints) {
        raw.put("meta", AuditCheckpoint.key(JSON.readTree(cp).get("seq").asLong()), cp);
      }
    }

    VerificationResult before = AuditVerifier.verify(dataDir, trusted);
    assertThat(before.ok()).as(before.problem()).isTrue();
    assertThat(before.entriesChecked()).isEqualTo(entries.size());
    assertThat(before.checkpointsChecked()).isEqualTo(2);

    String tag = "3910e4d23602c91e951d8e5f4a58f102";
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring,
        new SimpleMeterRegistry(), CLOCK)) {
      AuditLedger l = store.auditLedger();
      Instant t = CLOCK.instant();
      AuditEntry d = l.append(new Decision(t, "care", "CUSTOMER_ACCESS", "records",
          new Scope("customer", tag, t.minusSeconds(86_400), t), List.of("start"),
          Outcome.ALLOWED, "purpose-allowed", null));
      List<AuditEvent> appended = List.of(
          new Completion(t, "care", "CUSTOMER_ACCESS", "records",
              new Scope("customer", tag, t.minusSeconds(86_400), t), "complete", null, 3L,
              d.sequence(), List.of()),
          new AnonymousRefusals(t, "records", "unauthenticated", 4, t.minusSeconds(60), t),
          new KeyAction(t, "ops", "keys.rewrap", Outcome.ALLOWED, "operator-command", 3, 7),
          new BackupAction(t, "ops", "backup.restore", "operator-command", 2),
          new LifecycleAction(t, "system:retention-sweep", "retention.sweep",
              new Scope("month", null, t.minusSeconds(86_400), t), "month-expired", null, 5L));
      appended.forEach(l::append);

      assertThat(l.read(entries.size() + 1, 100)).extracting(AuditEntry::event)
          .containsExactly(d.event(), appended.get(0), appended.get(1), appended.get(2),
              appended.get(3), appended.get(4));
      assertThat(l.read(1, entries.size())).extracting(e -> AuditJson.entry(e))
          .containsExactlyElementsOf(entries);
      // the disclosure index was backfilled over the v1 entries when the store opened
      assertThat(DisclosureReport.of(l, tag, c -> false, true))
          .extracting(DisclosureReport.Disclosure::operation).contains("consent", "records");
    }
    VerificationResult after = AuditVerifier.verify(dataDir, trusted);
    assertThat(after.ok()).as(after.problem()).isTrue();
    assertThat(after.entriesChecked()).isEqualTo(entries.size() + 6);
  }
}
