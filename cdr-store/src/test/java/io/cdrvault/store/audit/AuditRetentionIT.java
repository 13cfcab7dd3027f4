package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.ManifestSigner;
import io.cdrvault.store.rocks.AuditVerifier;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit retention: at least 366 days, pruning only up to a signed checkpoint that becomes the anchor. */
class AuditRetentionIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant T0 = Instant.parse("2023-01-01T00:00:00Z");
  private static final Duration YEAR = Duration.ofDays(366);

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private Keyring keyring;
  private final ManifestSigner signer = ManifestSigner.generate();

  @BeforeEach
  void keys() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private static AuditEvent eventAt(Instant t) {
    return new Decision(t, "billing-job", "BILLING", "records",
        new AuditEvent.Scope(null, "00112233445566778899aabbccddeeff", null, null),
        List.of("start"), Outcome.ALLOWED, "purpose-allowed", null);
  }

  /** Entry i (1..10) is written at T0 + 30·(i-1) days; checkpoints after entries 3, 6 and 9. */
  private static void fill(RocksAuditLedger ledger, ManifestSigner signer) {
    for (int i = 1; i <= 10; i++) {
      Instant t = T0.plus(Duration.ofDays(30L * (i - 1)));
      ledger.append(eventAt(t));
      if (i % 3 == 0) {
        ledger.checkpoint(signer, t);
      }
    }
  }

  private static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  @Test
  void retention_belowAYearAndADay_isRefused() {
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = (RocksAuditLedger) store.auditLedger();
      assertThatThrownBy(() -> new AuditRetention(ledger, Duration.ofDays(365)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("366");
      AuditRetention ok = new AuditRetention(ledger, YEAR);
      assertThatThrownBy(() -> ok.prune(CLOCK.instant(), Duration.ofDays(90), signer))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(ok.retention()).isEqualTo(YEAR);
    }
  }

  @Test
  void prune_deletesUpToTheNewestCheckpointOlderThanTheCutoff_andVerifyStillPasses() {
    // cutoff = now - 366 d; with now = T0 + 366 d + 200 d, entries 1..7 (day 0..180) are older
    Instant now = T0.plus(YEAR).plus(Duration.ofDays(200));
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = (RocksAuditLedger) store.auditLedger();
      fill(ledger, signer);

      AuditRetention.Pruned pruned = new AuditRetention(ledger, YEAR).prune(now, signer);

      // newest checkpoint whose entry is older than the cutoff: 6 (9 is at day 240)
      assertThat(pruned.entriesDeleted()).isEqualTo(5);
      assertThat(pruned.anchor()).hasValueSatisfying(a -> assertThat(a.sequence()).isEqualTo(6));
      List<AuditEntry> left = ledger.read(1, 100);
      assertThat(left).extracting(AuditEntry::sequence).containsExactly(6L, 7L, 8L, 9L, 10L);
      // nothing younger than the cutoff was deleted
      assertThat(left).allSatisfy(e -> assertThat(e.sequence() >= 6).isTrue());
      VerificationResult r = ledger.verify(signer.rawPublicKey());
      assertThat(r.ok()).as(r.problem()).isTrue();
      assertThat(r.anchorSequence()).isEqualTo(6);
      assertThat(r.entriesChecked()).isEqualTo(5);
      // the ledger goes on after a prune
      ledger.append(eventAt(now));
      assertThat(ledger.verify(signer.rawPublicKey()).ok()).isTrue();
    }
    assertThat(AuditVerifier.verify(dataDir, signer.rawPublicKey()).ok()).isTrue();
  }

  @Test
  void prune_withoutAQualifyingCheckpoint_deletesNothing() {
    Instant now = T0.plus(YEAR).plus(Duration.ofDays(70)); // entries 1..3 older; checkpoint 3 is at day 60
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = (RocksAuditLedger) store.auditLedger();
      for (int i = 1; i <= 5; i++) {
        ledger.append(eventAt(T0.plus(Duration.ofDays(30L * (i - 1)))));
      }
      ledger.checkpoint(signer, now); // signs entry 5 (day 120): younger than the cutoff

      AuditRetention.Pruned pruned = new AuditRetention(ledger, YEAR).prune(now, signer);

      assertThat(pruned.entriesDeleted()).isZero();
      assertThat(pruned.anchor()).isEmpty();
      assertThat(ledger.read(1, 100)).hasSize(5);
    }
  }

  @Test
  void prune_keepsEverythingYoungerThanTheCutoff() {
    Instant now = T0.plus(Duration.ofDays(400)); // cutoff at day 34: only entries 1 and 2 are older
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = (RocksAuditLedger) store.auditLedger();
      fill(ledger, signer);

      AuditRetention.Pruned pruned = new AuditRetention(ledger, YEAR).prune(now, signer);

      // checkpoint 3 is at day 60, younger than the cutoff: it does not qualify
      assertThat(pruned.entriesDeleted()).isZero();
      assertThat(ledger.read(1, 100)).hasSize(10);
    }
  }

  private void pruneToSix() {
    Instant now = T0.plus(YEAR).plus(Duration.ofDays(200));
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = (RocksAuditLedger) store.auditLedger();
      fill(ledger, signer);
      assertThat(new AuditRetention(ledger, YEAR).prune(now, signer).entriesDeleted()).isEqualTo(5);
    }
  }

  @Test
  void verify_afterTheAnchorWasDeleted_reportsTheMissingEntries() {
    pruneToSix();
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete("meta", AuditRetention.ANCHOR_KEY);
    }

    VerificationResult r = AuditVerifier.verify(dataDir, signer.rawPublicKey());

    assertThat(r.firstBadSequence()).hasValue(1);
    assertThat(r.problem()).contains("missing").contains("no retention anchor");
  }

  @Test
  void verify_afterAnEntryWasDeletedAfterPrune_namesIt() {
    pruneToSix();
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete("audit", seqKey(8));
    }

    VerificationResult r = AuditVerifier.verify(dataDir, signer.rawPublicKey());

    assertThat(r.firstBadSequence()).hasValue(8);
    assertThat(r.problem()).contains("missing");
  }

  @Test
  void verify_afterTheAnchorEntryWasDeleted_namesIt() {
    pruneToSix();
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete("audit", seqKey(6));
    }

    VerificationResult r = AuditVerifier.verify(dataDir, signer.rawPublicKey());

    assertThat(r.firstBadSequence()).hasValue(6);
    assertThat(r.problem()).contains("retention anchor");
  }

  @Test
  void verify_afterTheAnchorWasMovedToAForgedCheckpoint_fails() {
    pruneToSix();
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      AuditEntry seven = AuditJson.parse(raw.get("audit", seqKey(7)));
      raw.delete("audit", seqKey(6));
      raw.put("meta", AuditRetention.ANCHOR_KEY,
          AuditCheckpoint.sign(7, seven.hash(), CLOCK.instant(), ManifestSigner.generate()).toJson());
    }

    VerificationResult r = AuditVerifier.verify(dataDir, signer.rawPublicKey());

    assertThat(r.firstBadSequence()).hasValue(7);
    assertThat(r.problem()).contains("retention anchor").contains("trusted key");
  }
}
