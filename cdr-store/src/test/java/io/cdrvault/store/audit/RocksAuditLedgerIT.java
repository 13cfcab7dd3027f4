package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.AuditVerifier;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksAuditLedgerIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private Keyring keyring;

  @BeforeEach
  void keys() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private static AuditEvent event(int i) {
    return new Decision(Instant.parse("2025-03-01T00:00:00Z").plusSeconds(i),
        "billing-job", "BILLING", "records",
        new AuditEvent.Scope(null, "00112233445566778899aabbccddeeff",
            Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z")),
        List.of("calling", "start"),
        i % 3 == 0 ? Outcome.DENIED : Outcome.ALLOWED,
        i % 3 == 0 ? "role-lacks-purpose" : "purpose-allowed", i % 2 == 0 ? "CASE-" + i : null);
  }

  /** Writes {@code n} entries and closes the store. */
  private void writeEntries(int n) {
    try (RocksCdrStore store = open()) {
      for (int i = 1; i <= n; i++) {
        store.auditLedger().append(event(i));
      }
    }
  }

  private static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  private VerificationResult verifyReopened() {
    try (RocksCdrStore store = open()) {
      return store.auditLedger().verify();
    }
  }

  @Test
  void append_thenVerify_isIntactAndChained() {
    try (RocksCdrStore store = open()) {
      AuditLedger ledger = store.auditLedger();
      AuditEntry first = ledger.append(event(1));
      AuditEntry second = ledger.append(event(2));

      assertThat(first.sequence()).isEqualTo(1);
      assertThat(first.previousHash()).isEqualTo("0".repeat(64));
      assertThat(second.previousHash()).isEqualTo(first.hash());
      assertThat(ledger.verify().ok()).isTrue();
      assertThat(ledger.verify().entriesChecked()).isEqualTo(2);
      assertThat(ledger.read(1, 10)).containsExactly(first, second);
      assertThat(ledger.read(2, 10)).containsExactly(second);
    }
  }

  @Test
  void append_afterReopen_continuesTheChain() {
    writeEntries(3);
    try (RocksCdrStore store = open()) {
      AuditEntry fourth = store.auditLedger().append(event(4));
      assertThat(fourth.sequence()).isEqualTo(4);
      assertThat(fourth.previousHash()).isEqualTo(store.auditLedger().read(3, 1).get(0).hash());
      assertThat(store.auditLedger().verify().ok()).isTrue();
    }
  }

  @Test
  void verify_afterAnEntryWasEdited_reportsThatEntry() {
    writeEntries(6);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      byte[] v = raw.get("audit", seqKey(4));
      String json = new String(v, StandardCharsets.UTF_8);
      raw.put("audit", seqKey(4), json.replace("billing-job", "billing-jo0").getBytes(StandardCharsets.UTF_8));
    }

    VerificationResult r = verifyReopened();

    assertThat(r.ok()).isFalse();
    assertThat(r.firstBadSequence()).hasValue(4);
    assertThat(r.problem()).contains("modified");
  }

  @Test
  void verify_afterAByteOfTheJsonWasFlipped_reportsThatEntry() {
    writeEntries(5);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      byte[] v = raw.get("audit", seqKey(2));
      v[v.length / 2] ^= 0x01;
      raw.put("audit", seqKey(2), v);
    }

    assertThat(verifyReopened().firstBadSequence()).hasValue(2);
  }

  @Test
  void verify_afterAnEntryWasDeleted_reportsTheMissingSequence() {
    writeEntries(6);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete("audit", seqKey(3));
    }

    VerificationResult r = verifyReopened();

    assertThat(r.firstBadSequence()).hasValue(3);
    assertThat(r.problem()).contains("missing");
  }

  @Test
  void verify_afterTwoEntriesWereSwapped_reportsTheFirstSwapped() {
    writeEntries(6);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      byte[] v2 = raw.get("audit", seqKey(2));
      byte[] v5 = raw.get("audit", seqKey(5));
      raw.put("audit", seqKey(2), v5);
      raw.put("audit", seqKey(5), v2);
    }

    VerificationResult r = verifyReopened();

    assertThat(r.firstBadSequence()).hasValue(2);
    assertThat(r.problem()).contains("reordered");
  }

  @Test
  void verify_afterTheTailWasTruncated_reportsTheFirstMissing() {
    writeEntries(6);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete("audit", seqKey(5));
      raw.delete("audit", seqKey(6));
    }

    VerificationResult r = verifyReopened();

    assertThat(r.firstBadSequence()).hasValue(5);
    assertThat(r.problem()).contains("truncated");
  }

  @Test
  void auditVerifier_onAClosedStoreDirectory_verifiesWithoutKeys() {
    writeEntries(4);

    VerificationResult ok = AuditVerifier.verify(dataDir);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete("audit", seqKey(1));
    }
    VerificationResult broken = AuditVerifier.verify(dataDir);

    assertThat(ok.ok()).isTrue();
    assertThat(ok.entriesChecked()).isEqualTo(4);
    assertThat(broken.firstBadSequence()).hasValue(1);
  }

  @Test
  void append_afterTheStoreClosed_failsClosed() {
    RocksCdrStore store = open();
    AuditLedger ledger = store.auditLedger();
    store.close();

    assertThatThrownBy(() -> ledger.append(event(1))).isInstanceOf(AuditUnavailableException.class);
  }
}
