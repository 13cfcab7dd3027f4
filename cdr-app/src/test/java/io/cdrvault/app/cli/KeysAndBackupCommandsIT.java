package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.AuditVerifier;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator's commands: keys rotate/rewrap/retire, backup, restore (demo keystore). */
class KeysAndBackupCommandsIT {
  @TempDir Path dataDir;
  @TempDir Path backups;
  @TempDir Path restoreDir;

  private StringWriter out;
  private StringWriter err;
  private Keyring keyring;
  private Path keystore;

  @BeforeEach
  void storeWithRecords() throws Exception {
    Path keys = Files.createDirectories(dataDir.resolve("keys"));
    Files.writeString(keys.resolve("demo-keystore.password"), "demo-pw\n", StandardCharsets.US_ASCII);
    keystore = keys.resolve("demo-keystore.p12");
    keyring = Keyring.create(keystore, "PKCS12", "demo-pw".toCharArray());
    SampleCdrs samples = SampleCdrs.seeded(3);
    try (RocksCdrStore s = open()) {
      s.write(new IngestBatch(samples.records(samples.customers(4), Instant.parse("2025-01-01T00:00:00Z"),
          Instant.parse("2025-03-01T00:00:00Z"), 50), Map.of()));
    }
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void rotate_rewrap_retire_thenBackupAndRestore() {
    String dir = dataDir.toString();
    assertThat(run("keys", "retire", "--data-dir", dir, "--version", "3")).isEqualTo(2);
    assertThat(err.toString()).contains("has no key-encryption key version 3");

    assertThat(run("keys", "rotate", "--data-dir", dir)).isZero();
    assertThat(out.toString()).contains("added key-encryption key version 2");

    assertThat(run("keys", "retire", "--data-dir", dir, "--version", "1")).isEqualTo(1);
    assertThat(err.toString()).containsPattern("refused: key-encryption key version 1 still wraps [1-9][0-9]* data key");

    assertThat(run("keys", "rewrap", "--data-dir", dir, "--batch", "2")).isZero();
    assertThat(out.toString()).containsPattern("kek-v1: [1-9][0-9]* data key\\(s\\) rewrapped")
        .contains("every data key is now under kek-v2");

    assertThat(run("keys", "retire", "--data-dir", dir, "--version", "1")).isZero();
    assertThat(Keyring.load(keystore, "PKCS12", "demo-pw".toCharArray()).kekVersions()).containsExactly(2);

    Path data = backups.resolve("data");
    assertThat(run("backup", "--data-dir", dir, "--to", data.toString())).isZero();
    assertThat(out.toString()).contains("data backup 1 written").contains("verified");
    assertThat(run("backup", "--data-dir", dir, "--to", backups.resolve("keys").toString(), "--keys",
        "--keep", "1")).isZero();
    assertThat(out.toString()).contains("key backup 1 written").contains("WARNING");

    assertThat(run("restore", "--from", data.toString(), "--data-dir", restoreDir.toString())).isZero();
    assertThat(out.toString()).contains("restored data backup 1").contains("no key database");
    assertThat(AuditVerifier.verify(restoreDir).ok()).isTrue();
  }

  @Test
  void rewrap_whileANodeHoldsTheStore_saysSo() {
    try (RocksCdrStore running = open()) {
      assertThat(run("keys", "rewrap", "--data-dir", dataDir.toString())).isEqualTo(2);
      assertThat(err.toString()).contains("in use by another process");
      assertThat(run("backup", "--data-dir", dataDir.toString(), "--to", backups.toString())).isEqualTo(2);
      assertThat(err.toString()).contains("in use by another process");
    }
  }
}
