package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.audit.RocksAuditLedger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.ManifestSigner;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cdrvault audit verify} with the store's real verifier, on a data directory whose ledger
 * was written by a real store through the policy engine (and then closed).
 */
class AuditVerifyIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final int ENTRIES = 5;

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeLedger() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring,
        new SimpleMeterRegistry(), CLOCK)) {
      for (int i = 1; i <= ENTRIES; i++) {
        Grants.billing(store, CustomerId.of("C-" + i), Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-02-01T00:00:00Z"), CLOCK);
      }
      assertThat(store.auditLedger().lastSequence()).isEqualTo(ENTRIES);
    }
  }

  private int verify(Path dir) {
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute("audit", "verify", "--data-dir", dir.toString());
  }

  private static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  @Test
  void auditVerify_onALedgerWrittenByTheStore_exits0AndCountsTheEntries() {
    int code = verify(dataDir);

    assertThat(code).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("audit ledger OK: " + ENTRIES + " entries verified");
  }

  @Test
  void auditVerify_afterAnEntryWasEdited_exits1AndNamesThatEntry() {
    assertThat(verify(dataDir)).isZero();
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      String json = new String(raw.get("audit", seqKey(3)), StandardCharsets.UTF_8);
      assertThat(json).contains("billing-job");
      raw.put("audit", seqKey(3),
          json.replace("billing-job", "billing-jo0").getBytes(StandardCharsets.UTF_8));
    }

    int code = verify(dataDir);

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("audit ledger BROKEN at entry 3:");
  }

  private int verifyWithKey(Path keyFile) {
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute("audit", "verify", "--data-dir", dataDir.toString(), "--trusted-key",
        keyFile.toString());
  }

  private void checkpoint(ManifestSigner signer) {
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir),
        Keyring.load(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray()),
        new SimpleMeterRegistry(), CLOCK)) {
      assertThat(((RocksAuditLedger) store.auditLedger()).checkpoint(signer, CLOCK.instant()))
          .isPresent();
    }
  }

  @Test
  void auditVerify_withTheTrustedKey_checksTheSignedCheckpoints() throws Exception {
    ManifestSigner signer = ManifestSigner.generate();
    checkpoint(signer);
    Path der = Files.write(keyDir.resolve("audit.pub.der"), signer.publicKeyDer());

    int pinned = verifyWithKey(der);
    String pinnedOut = out.toString();
    out.getBuffer().setLength(0);
    int unpinned = verify(dataDir);

    assertThat(pinned).as("stderr: %s", err).isZero();
    assertThat(pinnedOut).contains("1 signed checkpoints (trusted key)");
    assertThat(unpinned).isZero();
    assertThat(out.toString()).contains("key NOT pinned").contains(signer.fingerprint());
  }

  @Test
  void auditVerify_withAnotherTrustedKey_exits1NamingTheCheckpoint() throws Exception {
    checkpoint(ManifestSigner.generate());
    Path raw = Files.write(keyDir.resolve("other.pub"), ManifestSigner.generate().rawPublicKey());

    int code = verifyWithKey(raw);

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("audit ledger BROKEN at entry " + ENTRIES + ":")
        .contains("trusted key");
  }

  @Test
  void auditVerify_withAKeyFileThatIsNoKey_exits2() throws Exception {
    Path junk = Files.writeString(keyDir.resolve("junk.pub"), "not a key");

    assertThat(verifyWithKey(junk)).isEqualTo(2);
    assertThat(err.toString()).contains("--trusted-key");
  }

  @Test
  void auditVerify_onADirectoryThatIsNotAStore_exits2() throws Exception {
    Path notAStore = Files.createDirectories(keyDir.resolve("other/rocksdb")).getParent();

    int code = verify(notAStore);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("cdrvault: ");
  }
}
