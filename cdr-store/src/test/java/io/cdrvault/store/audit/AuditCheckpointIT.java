package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed checkpoints against an attacker who can write the RocksDB files but does not hold the
 * signing key: edits with the whole chain and head pointer recomputed are caught by the first
 * checkpoint at or after the edit.
 */
class AuditCheckpointIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);

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

  private static RocksAuditLedger ledgerOf(RocksCdrStore store) {
    return (RocksAuditLedger) store.auditLedger();
  }

  static Decision event(int i) {
    return new Decision(Instant.parse("2025-03-01T00:00:00Z").plusSeconds(i),
        "analyst-" + i, "FRAUD", "records",
        new AuditEvent.Scope(null, "00112233445566778899aabbccddeeff", null, null),
        List.of("start"), Outcome.ALLOWED, "purpose-allowed", "CASE-" + i);
  }

  /** Writes {@code n} entries, checkpointing after each sequence in {@code checkpointAt}. */
  private void write(int n, int... checkpointAt) {
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = ledgerOf(store);
      for (int i = 1; i <= n; i++) {
        ledger.append(event(i));
        for (int c : checkpointAt) {
          if (c == i) {
            assertThat(ledger.checkpoint(signer, CLOCK.instant())).isPresent();
          }
        }
      }
    }
  }

  private static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  /**
   * What an attacker without the key does: replaces the ledger's entries by {@code rewrite} of
   * them, renumbered from 1 and rehashed, and moves the head pointer to match.
   */
  private void rewriteChain(UnaryOperator<List<AuditEvent>> rewrite) {
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      List<AuditEvent> events = new ArrayList<>();
      for (var e : raw.entries("audit")) {
        events.add(AuditJson.parse(e.getValue()).event());
        raw.delete("audit", e.getKey());
      }
      List<AuditEvent> rewritten = rewrite.apply(events);
      String prev = AuditJson.GENESIS_HASH;
      long seq = 0;
      for (AuditEvent ev : rewritten) {
        seq++;
        String hash = AuditJson.hash(prev, AuditJson.body(seq, ev));
        raw.put("audit", seqKey(seq), AuditJson.entry(new AuditEntry(seq, ev, prev, hash)));
        prev = hash;
      }
      raw.put("meta", LedgerHead.KEY, LedgerHead.encode(seq, prev));
    }
  }

  private VerificationResult verifyPinned() {
    try (RocksCdrStore store = open()) {
      return ledgerOf(store).verify(signer.publicKeyDer());
    }
  }

  @Test
  void checkpoint_signsTheHead_andIsNotRepeatedWhileTheHeadStays() {
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = ledgerOf(store);
      assertThat(ledger.checkpoint(signer, CLOCK.instant())).isEmpty();
      ledger.append(event(1));
      AuditEntry second = ledger.append(event(2));

      AuditCheckpoint cp = ledger.checkpoint(signer, CLOCK.instant()).orElseThrow();
      Optional<AuditCheckpoint> again = ledger.checkpoint(signer, CLOCK.instant().plusSeconds(60));

      assertThat(cp.sequence()).isEqualTo(2);
      assertThat(cp.entryHash()).isEqualTo(second.hash());
      assertThat(cp.signerFingerprint()).isEqualTo(signer.fingerprint());
      assertThat(cp.verifiesWith(signer.rawPublicKey())).isTrue();
      assertThat(cp.verifiesWith(ManifestSigner.generate().rawPublicKey())).isFalse();
      assertThat(again).contains(cp);
      assertThat(ledger.checkpoints()).containsExactly(cp);
      VerificationResult r = ledger.verify(signer.rawPublicKey());
      assertThat(r.ok()).isTrue();
      assertThat(r.checkpointsChecked()).isEqualTo(1);
      assertThat(r.keyPinned()).isTrue();
    }
  }

  @Test
  void verify_withoutAPinnedKey_checksCarriedKeysAndSaysSo() {
    write(4, 2, 4);

    VerificationResult r = AuditVerifier.verify(dataDir);

    assertThat(r.ok()).isTrue();
    assertThat(r.checkpointsChecked()).isEqualTo(2);
    assertThat(r.keyPinned()).isFalse();
    assertThat(r.signers()).containsExactly(signer.fingerprint());
  }

  @Test
  void verify_afterAnEditWithTheChainRecomputed_namesTheFirstCheckpointAfterIt() {
    write(10, 3, 6, 10);
    assertThat(verifyPinned().ok()).isTrue();

    rewriteChain(events -> {
      List<AuditEvent> out = new ArrayList<>(events);
      Decision e = (Decision) out.get(4); // entry 5
      out.set(4, new Decision(e.time(), "someone-else", e.purpose(), e.operation(),
          e.scope(), e.fields(), e.outcome(), e.rule(), e.caseRef()));
      return out;
    });
    VerificationResult r = verifyPinned();

    assertThat(r.ok()).isFalse();
    assertThat(r.firstBadSequence()).hasValue(6);
    assertThat(r.problem()).contains("checkpoint 6").contains("4..6").contains("recomputed");
    // the plain chain check alone cannot see it: that is what the checkpoints are for
    assertThat(AuditVerifier.verify(dataDir).firstBadSequence()).hasValue(6);
  }

  @Test
  void verify_afterAnEditOfTheEntryRightAfterACheckpoint_namesThatEntry() {
    write(6, 3, 4, 6);

    rewriteChain(events -> {
      List<AuditEvent> out = new ArrayList<>(events);
      Decision e = (Decision) out.get(3); // entry 4
      out.set(3, new Decision(e.time(), e.principal(), e.purpose(), e.operation(),
          e.scope(), List.of(), e.outcome(), e.rule(), e.caseRef()));
      return out;
    });
    VerificationResult r = verifyPinned();

    assertThat(r.firstBadSequence()).hasValue(4);
    assertThat(r.problem()).contains("entry 4 does not have the hash signed in checkpoint 4");
  }

  @Test
  void verify_afterADeletionWithTheChainRenumbered_isCaughtByTheNextCheckpoint() {
    write(8, 2, 5, 8);

    rewriteChain(events -> {
      List<AuditEvent> out = new ArrayList<>(events);
      out.remove(3); // entry 4
      return out;
    });
    VerificationResult r = verifyPinned();

    assertThat(r.firstBadSequence()).hasValue(5);
    assertThat(r.problem()).contains("3..5");
  }

  @Test
  void verify_afterAReorderWithTheChainRecomputed_isCaughtByTheNextCheckpoint() {
    write(8, 2, 5, 8);

    rewriteChain(events -> {
      List<AuditEvent> out = new ArrayList<>(events);
      AuditEvent third = out.get(2);
      out.set(2, out.get(3));
      out.set(3, third);
      return out;
    });
    VerificationResult r = verifyPinned();

    assertThat(r.firstBadSequence()).hasValue(5);
    assertThat(r.problem()).contains("checkpoint 5");
  }

  @Test
  void verify_afterTheTailWasTruncatedAndTheHeadMoved_namesTheFirstMissingEntry() {
    write(8, 4, 8);

    rewriteChain(events -> events.subList(0, 6));
    VerificationResult r = verifyPinned();

    assertThat(r.firstBadSequence()).hasValue(7);
    assertThat(r.problem()).contains("truncated").contains("checkpoint 8");
  }

  @Test
  void verify_afterAFullRewriteWithForgedCheckpoints_failsWithThePinnedKey() {
    write(6, 3, 6);
    ManifestSigner attacker = ManifestSigner.generate();

    rewriteChain(events -> {
      List<AuditEvent> out = new ArrayList<>(events);
      out.remove(1);
      return out;
    });
    // the attacker re-signs checkpoints over the rewritten chain with a key of their own
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete("meta", AuditCheckpoint.key(3));
      raw.delete("meta", AuditCheckpoint.key(6));
      AuditEntry last = AuditJson.parse(raw.get("audit", seqKey(5)));
      raw.put("meta", AuditCheckpoint.key(5),
          AuditCheckpoint.sign(5, last.hash(), CLOCK.instant(), attacker).toJson());
    }

    VerificationResult pinned = verifyPinned();
    VerificationResult unpinnedWithAnchor = AuditVerifier.verify(dataDir);
    // the anchor file beside the database still holds the real checkpoint 6
    assertThat(unpinnedWithAnchor.firstBadSequence()).hasValue(6);
    assertThat(unpinnedWithAnchor.problem()).contains(HeadAnchor.FILE_NAME);
    HeadAnchor.in(dataDir).forget();
    VerificationResult unpinned = AuditVerifier.verify(dataDir);

    assertThat(pinned.firstBadSequence()).hasValue(5);
    assertThat(pinned.problem()).contains("not validly signed by the trusted key");
    // without a pinned key and with the anchor file removed too, the forgery checks out: the
    // result says so and names the signer
    assertThat(unpinned.ok()).isTrue();
    assertThat(unpinned.keyPinned()).isFalse();
    assertThat(unpinned.signers()).containsExactly(attacker.fingerprint());
  }

  @Test
  void verify_afterACheckpointWasEdited_reportsAnInvalidSignature() {
    write(4, 2, 4);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      AuditCheckpoint cp = AuditCheckpoint.fromJson(raw.get("meta", AuditCheckpoint.key(2)));
      AuditCheckpoint moved = new AuditCheckpoint(cp.sequence(), cp.entryHash(),
          cp.time().plus(Duration.ofDays(1)), cp.signerFingerprint(), cp.signerPublicKey(),
          cp.signature());
      raw.put("meta", AuditCheckpoint.key(2), moved.toJson());
    }

    VerificationResult unpinned = AuditVerifier.verify(dataDir);

    assertThat(unpinned.firstBadSequence()).hasValue(2);
    assertThat(unpinned.problem()).contains("checkpoint 2 has an invalid signature");
  }

  @Test
  void auditVerifier_withATrustedKey_checksCheckpointsOffline() {
    write(5, 5);

    VerificationResult good = AuditVerifier.verify(dataDir, signer.rawPublicKey());
    VerificationResult other = AuditVerifier.verify(dataDir, ManifestSigner.generate().publicKeyDer());

    assertThat(good.ok()).isTrue();
    assertThat(good.keyPinned()).isTrue();
    assertThat(other.firstBadSequence()).hasValue(5);
  }

  @Test
  void checkpointSchedule_checkpointsEveryNEntriesAndOnClose() throws Exception {
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = ledgerOf(store);
      try (CheckpointSchedule schedule =
          new CheckpointSchedule(ledger, signer, CLOCK, Duration.ofHours(1), 3)) {
        for (int i = 1; i <= 3; i++) {
          ledger.append(event(i));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (schedule.lastCheckpointedSequence() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(schedule.lastCheckpointedSequence()).isEqualTo(3);
        ledger.append(event(4));
      }
      assertThat(ledger.checkpoints()).extracting(AuditCheckpoint::sequence).containsExactly(3L, 4L);
      assertThat(ledger.verify(signer.rawPublicKey()).ok()).isTrue();
    }
  }

  @Test
  void checkpointSchedule_checkpointsEveryInterval() throws Exception {
    try (RocksCdrStore store = open()) {
      RocksAuditLedger ledger = ledgerOf(store);
      ledger.append(event(1));
      try (CheckpointSchedule schedule =
          new CheckpointSchedule(ledger, signer, CLOCK, Duration.ofMillis(50), 1_000)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ledger.checkpoints().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(ledger.checkpoints()).extracting(AuditCheckpoint::sequence).containsExactly(1L);
      }
    }
  }
}
