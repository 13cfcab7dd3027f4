package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.SmallDisk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real, small tmpfs that fills up: audit appends fail (fail closed) and the write
 * probe says why; once the filler is deleted the same open store writes again — no reopen — and
 * the ledger it leaves reopens and verifies intact.
 */
class DiskFullRecoveryIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
  /**
   * RocksDB resumes after a full disk only when the free space exceeds what it reserves for a
   * flush (the largest write buffer, 64 MiB by default), so the disk is larger than that. The
   * write-ahead log preallocates about as much, so on the full disk it is the next new file — the
   * table file of a flush, as a filling memtable would trigger — that meets ENOSPC.
   */
  private static final int DISK_MB = 160;

  @TempDir static Path base;
  private static SmallDisk disk;

  @BeforeAll
  static void mount() throws Exception {
    disk = SmallDisk.mount(base.resolve("disk"), DISK_MB);
  }

  @AfterAll
  static void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  private static void audit(RocksCdrStore store, int i) {
    Grants.billing(store, CustomerId.of("C-" + i), Instant.parse("2024-01-01T00:00:00Z"),
        Instant.parse("2024-02-01T00:00:00Z"), CLOCK);
  }

  @Test
  void fullDisk_failsAppendsClosed_andTheOpenStoreWritesAgainOnceSpaceReturns() throws Exception {
    Keyring keyring = Keyring.create(base.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    StoreSettings settings = new StoreSettings(disk.dir().resolve("data"), false, 100, 0);
    long before;
    try (RocksCdrStore store = RocksCdrStore.open(settings, keyring, new SimpleMeterRegistry(), CLOCK)) {
      for (int i = 1; i <= 5; i++) {
        audit(store, i);
      }
      assertThat(store.writeHealth().ledgerWritable()).isTrue();

      // the write-ahead log preallocated its file while there was room: the first fill only
      // ends when a flush rolls over to a new log, which finds no room; the second fills that
      disk.fill();
      store.flushAndCompact();
      disk.fill();
      Throwable t = catchThrowable(() -> audit(store, 6));
      Thread.sleep(WriteProbe.MIN_INTERVAL.toMillis() + 100);
      WriteProbe.Health full = store.writeHealth();

      assertThat(t).as("append on a full disk").isNotNull();
      assertThat(causes(t)).anyMatch(c -> c instanceof AuditUnavailableException);
      assertThat(full.ledgerWritable()).isFalse();
      assertThat(full.problem()).isIn("disk-full", "io-error");
      before = store.auditLedger().lastSequence();

      disk.free();
      long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
      while (!store.writeHealth().ledgerWritable() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }

      assertThat(store.writeHealth().ledgerWritable()).as("writable again within %s; RocksDB log: %s",
          RECOVERY_BOUND, rocksLog(settings)).isTrue();
      audit(store, 7);
      assertThat(store.auditLedger().lastSequence()).isEqualTo(before + 1);
    }
    try (RocksCdrStore again = RocksCdrStore.open(settings, keyring, new SimpleMeterRegistry(), CLOCK)) {
      assertThat(again.auditLedger().verify().ok()).as(again.auditLedger().verify().problem()).isTrue();
      assertThat(again.auditLedger().lastSequence()).isEqualTo(before + 1);
    }
  }


  private static String rocksLog(StoreSettings s) throws java.io.IOException {
    return String.join("\n", java.nio.file.Files.readAllLines(s.rocksDir().resolve("LOG")).stream()
        .filter(l -> l.matches("(?i).*(error|recover|resume|space).*")).toList());
  }

  private static java.util.List<Throwable> causes(Throwable t) {
    java.util.List<Throwable> out = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
      out.add(c);
    }
    return out;
  }
}
