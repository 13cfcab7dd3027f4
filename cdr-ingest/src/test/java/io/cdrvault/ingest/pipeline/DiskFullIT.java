package io.cdrvault.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.simulate.ExpectedTally;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.Grants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, with the store's real free-space check (its minimum raised above the real free
 * space of the temp dir's file system, then lowered): ingest pauses without writing or committing
 * anything, then resumes by itself and stores everything exactly once.
 */
class DiskFullIT {
  private static final String TOPIC = "cdr.disk";
  private static final int COUNT = 3_000;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void belowMinimumFreeSpace_ingestPausesCommittingNothing_thenResumesAndStoresEverythingOnce()
      throws Exception {
    Keyring keyring = Keyring.create(dir.resolve("keystore.p12"), "PKCS12", "pw".toCharArray());
    SimpleMeterRegistry storeMetrics = new SimpleMeterRegistry();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
         RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")), keyring,
             storeMetrics, CLOCK)) {
      broker.createTopic(TOPIC, 2);
      broker.createTopic(TOPIC + ".dlq", 1);
      TrafficSimulator sim = TrafficSimulator.builder().seed(31).customers(50)
          .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(30)).build();
      sim.produce(broker.bootstrapServers(), TOPIC, COUNT);
      ExpectedTally tally = sim.tally();

      long free = Files.getFileStore(dir).getUsableSpace();
      store.setMinFreeDiskBytes(free + (1L << 40)); // the disk is "full": a TiB short

      SimpleMeterRegistry m = new SimpleMeterRegistry();
      IngestSettings settings = IngestSettings.defaults(broker.bootstrapServers(), TOPIC)
          .withBatch(500, Duration.ofMillis(50)).withRetryBackoff(Duration.ofMillis(100));
      IngestPipeline pipeline = IngestPipeline.create(settings, store, DecoderRegistry.standard(),
          new Attributor(sim.directory()), m);
      Thread t = new Thread(pipeline, "ingest-diskfull");
      t.start();
      try {
        await().atMost(Duration.ofMinutes(1)).until(() -> m.get(IngestMetrics.PAUSED).gauge().value() == 1.0
            && retries(m) >= 10);
        // paused: nothing written, no offsets stored or committed, no batch published
        assertThat(store.storedOffsets()).isEmpty();
        assertThat(storeMetrics.get("cdr.store.records.written").counter().count()).isZero();
        assertThat(committed(broker.bootstrapServers())).isEmpty();
        assertThat(m.get(IngestMetrics.BATCH_SIZE).summary().count()).isZero();
        assertThat(m.find(IngestMetrics.RECORDS).counters()).isNotEmpty()
            .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(m.get(IngestMetrics.RETRIES).tag("cause", "disk-full").counter().count())
            .isEqualTo(retries(m));
        assertThat(t.isAlive()).as("a full disk does not stop the pipeline").isTrue();

        store.setMinFreeDiskBytes(StoreSettings.DEFAULT_MIN_FREE_DISK_BYTES); // space was freed
        await().atMost(Duration.ofMinutes(2)).until(() -> offsetSum(store) == COUNT);
        await().atMost(Duration.ofSeconds(30)).until(() -> IngestPipelineIT.lag(m) == 0);
        assertThat(m.get(IngestMetrics.PAUSED).gauge().value()).isZero();
        // the batch that waited reports the wait in its latency (>= 10 retries 100 ms apart)
        assertThat(m.get(IngestMetrics.BATCH_LATENCY).timer().max(TimeUnit.MILLISECONDS))
            .isGreaterThanOrEqualTo(900.0);
      } finally {
        pipeline.close();
        t.join(30_000);
      }

      // exactly once, with the right offsets
      assertThat(storeMetrics.get("cdr.store.records.written").counter().count())
          .isEqualTo((double) tally.storedRecords());
      assertThat(storeMetrics.get("cdr.store.records.duplicate").counter().count()).isZero();
      Set<String> seen = new HashSet<>();
      long read = 0;
      for (TrafficSimulator.Customer c : sim.customers()) {
        try (CdrStore.RecordCursor cursor = store.records(Grants.billing(store, c.id(),
            Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"), CLOCK))) {
          while (cursor.hasNext()) {
            GrantedCdr r = cursor.next();
            seen.add(r.customer().value() + "/" + r.id().hex());
            read++;
          }
        }
      }
      assertThat(read).isEqualTo(tally.storedRecords()).isEqualTo(seen.size());
      assertThat((long) (sumCount(m, "stored"))).isEqualTo(tally.validPayloads());
    }
  }

  private static double retries(SimpleMeterRegistry m) {
    return m.find(IngestMetrics.RETRIES).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static double sumCount(SimpleMeterRegistry m, String outcome) {
    return m.find(IngestMetrics.RECORDS).tag("outcome", outcome).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private static long offsetSum(CdrStore store) {
    return store.storedOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  /** The consumer group's committed offsets (informational commits happen only after a write). */
  private static Map<TopicPartition, OffsetAndMetadata> committed(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> out = new java.util.HashMap<>(admin
          .listConsumerGroupOffsets("cdrvault-ingest").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
      out.values().removeIf(java.util.Objects::isNull);
      return out;
    }
  }
}
