package io.cdrvault.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store writer thread: retries, abandon, one batch in flight; a real RocksDB store. */
class BatchWriterTest {
  private static final SourcePartition P0 = new SourcePartition("cdr.w", 0);

  @TempDir Path dir;

  @Test
  void retriableFailures_areRetriedUntilTheBatchLands_withItsOffsets() {
    SimpleMeterRegistry m = new SimpleMeterRegistry();
    try (RocksCdrStore real = open()) {
      FaultInjectingStore store = new FaultInjectingStore(real);
      store.failNextWrites(3);
      BatchWriter writer = new BatchWriter(store, new IngestMetrics(m), Duration.ofMillis(20), "cdr.w");
      writer.submit(batch(P0, 41));
      assertThat(writer.busy()).isTrue();
      BatchWriter.Outcome o = await().atMost(Duration.ofSeconds(10)).until(
          () -> writer.await(Duration.ofMillis(50)), x -> x != null);
      assertThat(o.written()).isNotNull();
      assertThat(o.retries()).isEqualTo(3);
      assertThat(o.abandoned()).isFalse();
      assertThat(o.batch().nextOffsets).containsEntry(P0, 42L);
      assertThat(writer.busy()).isFalse();
      assertThat(real.storedOffsets()).isEqualTo(Map.of(P0, 42L));
      assertThat(m.get(IngestMetrics.RETRIES).tag("cause", "other").counter().count()).isEqualTo(3.0);
      writer.close();
    }
  }

  @Test
  void abandon_whileRetrying_endsTheWriteWithNothingWritten() {
    try (RocksCdrStore real = open()) {
      FaultInjectingStore store = new FaultInjectingStore(real);
      store.failNextWrites(1_000_000);
      try (BatchWriter writer = new BatchWriter(store, new IngestMetrics(new SimpleMeterRegistry()),
          Duration.ofSeconds(30), "cdr.w")) {
        writer.submit(batch(P0, 7));
        await().atMost(Duration.ofSeconds(10)).until(writer::retrying);
        BatchWriter.Outcome o = writer.drain(Duration.ofSeconds(5)); // wakes the 30 s backoff
        assertThat(o).isNotNull();
        assertThat(o.abandoned()).isTrue();
        assertThat(store.failedAttempts()).isEqualTo(1);
        assertThat(real.storedOffsets()).isEmpty();
        assertThat(writer.busy()).isFalse();
      }
    }
  }

  @Test
  void submit_whileABatchIsInFlight_isRefused() {
    try (RocksCdrStore real = open()) {
      FaultInjectingStore store = new FaultInjectingStore(real);
      store.writeDelay(300);
      try (BatchWriter writer = new BatchWriter(store, new IngestMetrics(new SimpleMeterRegistry()),
          Duration.ofMillis(10), "cdr.w")) {
        writer.submit(batch(P0, 1));
        assertThatThrownBy(() -> writer.submit(batch(P0, 2))).isInstanceOf(IllegalStateException.class);
        assertThat(writer.takeIfDone()).as("still writing").isNull();
        assertThat(writer.await(Duration.ofSeconds(10)).written()).isNotNull();
        assertThat(real.storedOffsets()).isEqualTo(Map.of(P0, 2L));
      }
    }
  }

  private static PendingBatch batch(SourcePartition p, long lastOffset) {
    PendingBatch b = new PendingBatch();
    b.consumed(p, lastOffset, System.nanoTime());
    return b;
  }

  private RocksCdrStore open() {
    Keyring keyring = Keyring.create(dir.resolve("keystore.p12"), "PKCS12", "pw".toCharArray());
    return RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")), keyring,
        new SimpleMeterRegistry(), Clock.systemUTC());
  }
}
