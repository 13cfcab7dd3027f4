package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore is usually the first thing an operator's process does with RocksDB, so it must not
 * depend on anything else having loaded RocksDB's native library. The JVM running the tests has
 * loaded it long before, so each restore here runs in a fresh JVM ({@link Child}) whose first
 * RocksDB call is the restore, as in {@code cdrvault restore}.
 */
class BackupsInFreshJvmIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant APR = Instant.parse("2025-04-01T00:00:00Z");

  @TempDir Path live;
  @TempDir Path fresh;
  @TempDir Path backups;
  @TempDir Path keyDir;

  @Test
  void restoreDataAndKeys_asTheFirstRocksDbCallOfAProcess_restoreAReadableStore() throws Exception {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    SampleCdrs samples = SampleCdrs.seeded(91);
    CustomerId c = samples.customerId();
    List<CustomerCdr> records = samples.records(List.of(c), JAN, APR, 20);
    try (RocksCdrStore store = open(live, keyring)) {
      store.write(new IngestBatch(records, Map.of()));
    }
    Path data = backups.resolve("data");
    Path keys = backups.resolve("keys");
    Backups.backupData(live, data, "ops", CLOCK);
    Backups.backupKeys(live, keys, 0, "ops", CLOCK);

    assertThat(runChild("data", data, fresh)).contains("restored data 1");
    assertThat(runChild("keys", keys, fresh)).contains("restored keys 1");
    assertThat(runChild("replace", data, fresh)).contains("restored data 1");

    try (RocksCdrStore store = open(fresh, keyring)) {
      List<CustomerCdr> read = new ArrayList<>();
      try (CdrStore.RecordCursor cur = store.records(Grants.billing(store, c, JAN, APR, CLOCK))) {
        cur.forEachRemaining(r -> read.add(GrantedRecords.unprojected(r)));
      }
      assertThat(read).containsExactlyInAnyOrderElementsOf(records);
    }
  }

  private static RocksCdrStore open(Path dataDir, Keyring keyring) {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  /** Runs {@link Child} in a new JVM with this test's class path; returns its stdout (trimmed). */
  private static String runChild(String mode, Path backupDir, Path dataDir)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), mode, backupDir.toString(), dataDir.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.exitValue()).as("child exit; output:%n%s", output).isZero();
    return output;
  }

  /** The child process: one restore, nothing else touching RocksDB before it. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) {
      Path backupDir = Path.of(args[1]);
      Path dataDir = Path.of(args[2]);
      Backups.BackupSummary b = switch (args[0]) {
        case "data" -> Backups.restoreData(backupDir, null, dataDir, false, "ops", Clock.systemUTC());
        case "replace" -> Backups.restoreData(backupDir, 1, dataDir, true, "ops", Clock.systemUTC());
        case "keys" -> Backups.restoreKeys(backupDir, null, dataDir);
        default -> throw new IllegalArgumentException("mode");
      };
      System.out.println("restored " + (args[0].equals("keys") ? "keys " : "data ") + b.id());
    }
  }
}
