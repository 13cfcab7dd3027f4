package io.cdrvault.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.simulate.ExpectedTally;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.Grants;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline from a real broker into a real {@link RocksCdrStore} (real RocksDB, real keys and
 * sealing); what was stored is read back through the store with billing grants. Faults (retriable
 * write failures, a slow disk) are injected by {@link FaultInjectingStore} around the real store.
 */
class IngestPipelineIT {
  static final String TOPIC = "cdr.raw";
  static final int COUNT = 20_000;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant READ_FROM = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant READ_TO = Instant.parse("2100-01-01T00:00:00Z");

  @TempDir Path dir;
  private Keyring keyring;
  /** The store's meters, kept across reopening the store. */
  private final SimpleMeterRegistry storeMetrics = new SimpleMeterRegistry();

  @BeforeEach
  void keys() {
    keyring = Keyring.create(dir.resolve("keystore.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore openStore() {
    return RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")), keyring, storeMetrics, CLOCK);
  }

  private static long offsetSum(CdrStore store) {
    return store.storedOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records written to RocksDB so far (resends included), from the store's own counter. */
  private long recordsWritten() {
    return (long) storeMetrics.get("cdr.store.records.written").counter().count();
  }

  @Test
  void stopAndRestart_storesEveryRecordExactlyOnce_andDeadLettersEveryBadOne() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
      broker.createTopic(TOPIC, 4);
      broker.createTopic(TOPIC + ".dlq", 1);
      TrafficSimulator sim = TrafficSimulator.builder().seed(2026).customers(200)
          .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(30))
          .malformedFraction(0.05).build();
      sim.produce(broker.bootstrapServers(), TOPIC, COUNT);
      ExpectedTally tally = sim.tally();

      IngestSettings settings = IngestSettings.defaults(broker.bootstrapServers(), TOPIC)
          .withBatch(500, Duration.ofMillis(100)).withRetryBackoff(Duration.ofMillis(100));
      Attributor attributor = new Attributor(sim.directory());
      SimpleMeterRegistry m1 = new SimpleMeterRegistry();
      FaultInjectingStore store;
      Map<SourcePartition, Long> offsetsAtStop;

      // first run: stop part-way, then close the store
      try (RocksCdrStore realStore = openStore()) {
        store = new FaultInjectingStore(realStore);
        store.failNextWrites(2); // the first batch is retried twice before it lands
        store.writeDelay(100); // slow enough that the first run is stopped part-way
        IngestPipeline first = IngestPipeline.create(settings, store, DecoderRegistry.standard(), attributor, m1);
        Thread t1 = new Thread(first, "ingest-1");
        t1.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> offsetSum(realStore) >= 4_000);
        first.close();
        t1.join(30_000);
        assertThat(t1.isAlive()).isFalse();
        long afterFirst = offsetSum(realStore);
        assertThat(afterFirst).as("first run stopped part-way").isBetween(4_000L, COUNT - 1L);
        assertThat(store.failedAttempts()).isEqualTo(2);
        offsetsAtStop = realStore.storedOffsets();
      }

      // second run, on the store reopened from disk: continues from its stored offsets
      try (RocksCdrStore reopened = openStore()) {
        assertThat(reopened.storedOffsets()).isEqualTo(offsetsAtStop);
        FaultInjectingStore store2 = new FaultInjectingStore(reopened);
        SimpleMeterRegistry m2 = new SimpleMeterRegistry();
        IngestPipeline second = IngestPipeline.create(settings, store2, DecoderRegistry.standard(), attributor, m2);
        Thread t2 = new Thread(second, "ingest-2");
        t2.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> offsetSum(reopened) == COUNT);
        await().atMost(Duration.ofSeconds(30)).until(() -> lag(m2) == 0);
        // one lag gauge per assigned partition, tagged by topic and partition ...
        assertThat(m2.find(IngestMetrics.LAG).gauges()).extracting(g -> g.getId().getTag("partition"))
            .containsExactlyInAnyOrder("0", "1", "2", "3");
        second.close();
        t2.join(30_000);
        assertThat(store.offsetsWentBackwards()).isFalse();
        assertThat(store2.offsetsWentBackwards()).isFalse();

        // exactly once: every expected record stored, none written twice
        List<CustomerCdr> stored = readAll(reopened, sim);
        assertThat(stored).hasSize((int) tally.storedRecords());
        assertThat(recordsWritten()).isEqualTo(tally.storedRecords());
        assertMatchesTally(stored, sim, tally);

        // every bad payload is on the dead-letter topic with its reason, exactly once
        Map<String, String> dlq = readDeadLetters(broker.bootstrapServers(), tally.deadLetters().size());
        assertThat(dlq).isEqualTo(tally.deadLetters());

        // metrics over both runs add up
        assertThat(count(m1, "rejected") + count(m1, "unattributed") + count(m2, "rejected") + count(m2, "unattributed"))
            .isEqualTo(tally.deadLetters().size());
        assertThat(count(m1, "stored") + count(m2, "stored")).isEqualTo(tally.validPayloads());
        assertThat(sum(m1, IngestMetrics.CONTENT_DROPPED) + sum(m2, IngestMetrics.CONTENT_DROPPED))
            .isEqualTo(tally.contentFields());
        assertThat(sum(m1, IngestMetrics.DEAD_LETTERS) + sum(m2, IngestMetrics.DEAD_LETTERS))
            .isEqualTo(tally.deadLetters().size());
        assertThat(count(m1, "decoded") + count(m2, "decoded"))
            .as("decoded = stored + unattributed (rejected ones never decode)")
            .isEqualTo(tally.validPayloads() + count(m1, "unattributed") + count(m2, "unattributed"));
        assertThat(count(m1, "skipped") + count(m2, "skipped")).isZero();
        assertThat(sum(m1, IngestMetrics.DUPLICATES) + sum(m2, IngestMetrics.DUPLICATES)).isZero();
        // the first batch was retried twice (cause "other": injected), with partitions paused meanwhile
        assertThat(m1.get(IngestMetrics.RETRIES).tag("cause", "other").counter().count()).isEqualTo(2.0);
        assertThat(m1.get(IngestMetrics.PAUSED).gauge().value()).isZero();
        assertThat(m2.find(IngestMetrics.RETRIES).counters()).isEmpty();
        // per-batch meters: every consumed record is in exactly one written batch
        long batched = (long) (m1.get(IngestMetrics.BATCH_SIZE).summary().totalAmount()
            + m2.get(IngestMetrics.BATCH_SIZE).summary().totalAmount());
        assertThat(batched).as("consumed records in written batches").isEqualTo(COUNT);
        assertThat(m2.get(IngestMetrics.BATCH_SIZE).summary().max()).isLessThanOrEqualTo(500.0);
        assertThat(m2.get(IngestMetrics.BATCH_LATENCY).timer().count())
            .isEqualTo(m2.get(IngestMetrics.BATCH_SIZE).summary().count()).isPositive();
        // ... removed when the partitions are revoked (here: the consumer closed)
        assertThat(m2.find(IngestMetrics.LAG).gauges()).isEmpty();
      }
    }
  }

  @Test
  void resentPayloads_areStoredOnce() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
         RocksCdrStore store = openStore()) {
      broker.createTopic(TOPIC, 2);
      broker.createTopic(TOPIC + ".dlq", 1);
      int count = 3_000;
      TrafficSimulator sim = TrafficSimulator.builder().seed(77).customers(40)
          .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(30))
          .duplicateFraction(0.2).build();
      sim.produce(broker.bootstrapServers(), TOPIC, count);
      ExpectedTally tally = sim.tally();
      assertThat(tally.duplicates()).as("the simulator resent some payloads").isPositive();

      SimpleMeterRegistry m = new SimpleMeterRegistry();
      IngestPipeline pipeline = IngestPipeline.create(
          IngestSettings.defaults(broker.bootstrapServers(), TOPIC).withBatch(200, Duration.ofMillis(50)),
          store, DecoderRegistry.standard(), new Attributor(sim.directory()), m);
      Thread t = new Thread(pipeline, "ingest-resend");
      t.start();
      await().atMost(Duration.ofMinutes(2)).until(() -> offsetSum(store) == count);
      await().atMost(Duration.ofSeconds(30)).until(() -> lag(m) == 0);
      pipeline.close();
      t.join(30_000);

      // every record was written once; the resends were recognised by the store, not written again
      assertThat(recordsWritten()).isEqualTo(tally.storedRecords());
      double resent = m.get(IngestMetrics.DUPLICATES).tag("kind", "resend").counter().count();
      assertThat(resent).as("each resent payload is at least one duplicate store record")
          .isGreaterThanOrEqualTo(tally.duplicates())
          .isEqualTo(storeMetrics.get("cdr.store.records.duplicate").counter().count());
      assertThat(count(m, "stored")).isEqualTo(tally.validPayloads() + tally.duplicates());
      // each record is there once
      List<CustomerCdr> stored = readAll(store, sim);
      assertThat(stored).hasSize((int) tally.storedRecords());
      assertThat(stored.stream().map(r -> r.customer().value() + "/" + r.cdr().id().hex()).distinct())
          .hasSize(stored.size());
      assertMatchesTally(stored, sim, tally);
    }
  }

  /**
   * A decoder for a test format: {@code leg} payloads are another call leg, {@code marker} payloads
   * a log line with one content field, anything else malformed; it notes the source it was given.
   */
  private static final class ProbeDecoder implements CdrDecoder {
    final Set<String> sourcesSeen = ConcurrentHashMap.newKeySet();

    @Override
    public String format() {
      return "probe";
    }

    @Override
    public DecodeResult decode(byte[] payload, SourceContext source) {
      sourcesSeen.add(source.sourceName() + "/" + source.defaultRegion() + "/" + source.zone());
      String p = new String(payload, StandardCharsets.UTF_8);
      return switch (p) {
        case "leg" -> DecodeResult.skip(SkipKind.DUPLICATE_LEG, 0);
        case "marker" -> DecodeResult.skip(SkipKind.NOT_A_RECORD, 1);
        default -> DecodeResult.reject(RejectReason.MALFORMED, "probe: payload byte 0: not leg or marker");
      };
    }
  }

  @Test
  void skippedPayloads_areCountedNotDeadLettered_withTheTopicsFormatAndTheSourcesSettings() throws Exception {
    String topic = "cdr.probe";
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
         RocksCdrStore store = openStore()) {
      broker.createTopic(topic, 2);
      broker.createTopic(topic + ".dlq", 1);
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < 30; i++) {
          String payload = i % 3 == 0 ? "leg" : i % 3 == 1 ? "marker" : (i % 4 == 2 ? "bad" : "marker");
          ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, i % 2, null,
              ("k" + i).getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8));
          if (i % 2 == 0) {
            r.headers().add(DecoderRegistry.SOURCE_HEADER, "pbx1".getBytes(StandardCharsets.UTF_8));
          }
          producer.send(r);
        }
      }
      long legs = java.util.stream.IntStream.range(0, 30).filter(i -> i % 3 == 0).count();
      long bad = java.util.stream.IntStream.range(0, 30).filter(i -> i % 3 == 2 && i % 4 == 2).count();
      long markers = 30 - legs - bad;
      assertThat(bad).isPositive();

      ProbeDecoder probe = new ProbeDecoder();
      DecoderRegistry registry = DecoderRegistry.builder().register(CanonicalJsonDecoder.create())
          .register(probe).build();
      SourceContext defaults = new SourceContext("default", "US", java.time.ZoneId.of("UTC"));
      SourceCatalog sources = SourceCatalog.of(defaults, Map.of("pbx1",
          new SourceContext("pbx1", "GB", java.time.ZoneId.of("Europe/London"))));
      SimpleMeterRegistry m = new SimpleMeterRegistry();
      IngestPipeline pipeline = IngestPipeline.create(
          IngestSettings.defaults(broker.bootstrapServers(), topic).withBatch(8, Duration.ofMillis(50))
              .withTopicFormats(Map.of(topic, "probe")).withDecodeThreads(2),
          store, registry, sources, new Attributor(TrafficSimulator.builder().seed(1).customers(2)
              .build().directory()), m);
      Thread t = new Thread(pipeline, "ingest-probe");
      t.start();
      await().atMost(Duration.ofMinutes(1)).until(() -> offsetSum(store) == 30);
      pipeline.close();
      t.join(30_000);

      assertThat(counter(m, IngestMetrics.RECORDS, "outcome", "skipped")).isEqualTo(legs + markers);
      assertThat(counter(m, IngestMetrics.RECORDS, "outcome", "decoded")).isEqualTo(legs + markers);
      assertThat(counter(m, IngestMetrics.RECORDS, "outcome", "rejected")).isEqualTo(bad);
      assertThat(counter(m, IngestMetrics.RECORDS, "outcome", "stored")).isZero();
      assertThat(m.find(IngestMetrics.RECORDS).counters()).filteredOn(c -> c.count() > 0).allSatisfy(
          c -> assertThat(c.getId().getTag("format")).isEqualTo("probe"));
      assertThat(counter(m, IngestMetrics.DUPLICATES, "kind", "leg")).isEqualTo(legs);
      assertThat(counter(m, IngestMetrics.CONTENT_DROPPED, "format", "probe")).isEqualTo(markers);
      assertThat(counter(m, IngestMetrics.DEAD_LETTERS, "reason", "malformed")).isEqualTo(bad);
      assertThat(sum(m, IngestMetrics.DEAD_LETTERS)).isEqualTo(bad);
      assertThat(deadLetterCount(broker.bootstrapServers(), topic + ".dlq", (int) bad))
          .as("skipped payloads are not dead letters").isEqualTo(bad);
      assertThat(probe.sourcesSeen).containsExactlyInAnyOrder("pbx1/GB/Europe/London", "default/US/UTC");
    }
  }

  private static long counter(MeterRegistry r, String name, String tag, String value) {
    return (long) r.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static long deadLetterCount(String bootstrap, String dlq, int expected) {
    long total = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "dlq-count",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(dlq));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < deadline && System.nanoTime() < quietUntil) {
        total += c.poll(Duration.ofMillis(300)).count();
        if (total >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return total;
  }

  /** Every simulated customer's records, read through the store with a billing grant each. */
  private static List<CustomerCdr> readAll(CdrStore store, TrafficSimulator sim) {
    List<CustomerCdr> out = new ArrayList<>();
    for (TrafficSimulator.Customer c : sim.customers()) {
      try (CdrStore.RecordCursor cursor = store.records(
          Grants.billing(store, c.id(), READ_FROM, READ_TO, CLOCK))) {
        cursor.forEachRemaining(r -> out.add(GrantedRecords.unprojected(r)));
      }
    }
    return out;
  }

  /** Per customer: the record count and, per (type, direction), the usage the tally expects. */
  private static void assertMatchesTally(List<CustomerCdr> stored, TrafficSimulator sim,
      ExpectedTally tally) {
    Map<String, long[]> perCustomer = new HashMap<>();
    Map<CustomerId, Long> records = new HashMap<>();
    for (CustomerCdr r : stored) {
      records.merge(r.customer(), 1L, Long::sum);
      String k = r.customer().value() + "|" + r.cdr().type() + "|" + r.direction();
      long[] a = perCustomer.computeIfAbsent(k, x -> new long[4]);
      a[0] += r.cdr().type() == ServiceType.VOICE ? 1 : 0;
      a[1] += r.cdr().answered() ? 1 : 0;
      a[2] += r.cdr().billableSeconds();
      a[3] += r.cdr().smsSegments();
    }
    for (TrafficSimulator.Customer c : sim.customers()) {
      assertThat(records.getOrDefault(c.id(), 0L)).isEqualTo(tally.records(c.id()));
      for (ServiceType type : ServiceType.values()) {
        for (Direction d : Direction.values()) {
          long[] a = perCustomer.getOrDefault(c.id().value() + "|" + type + "|" + d, new long[4]);
          ExpectedTally.Usage u = tally.usage(c.id(), type, d);
          assertThat(a[0]).isEqualTo(u.calls());
          assertThat(a[1]).isEqualTo(u.answered());
          assertThat(a[2]).isEqualTo(u.billableSeconds());
          assertThat(a[3]).isEqualTo(u.segments());
        }
      }
    }
  }

  private static long count(MeterRegistry r, String outcome) {
    return (long) r.find(IngestMetrics.RECORDS).tag("outcome", outcome).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** The summed lag over every assigned partition's gauge; -1 before any partition has a gauge. */
  static long lag(MeterRegistry r) {
    var gauges = r.find(IngestMetrics.LAG).gauges();
    return gauges.isEmpty() ? -1 : (long) gauges.stream().mapToDouble(g -> g.value()).sum();
  }

  private static long sum(MeterRegistry r, String name) {
    return (long) r.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static Map<String, String> readDeadLetters(String bootstrap, int expected) {
    Map<String, String> out = new HashMap<>();
    int total = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "dlq-check",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(TOPIC + ".dlq"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < deadline && System.nanoTime() < quietUntil) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          total++;
          String reason = header(r, IngestPipeline.DLQ_REASON);
          assertThat(header(r, IngestPipeline.DLQ_DETAIL)).isNotBlank();
          assertThat(header(r, IngestPipeline.DLQ_SOURCE)).matches("cdr\\.raw-[0-3]@\\d+");
          assertThat(header(r, DecoderRegistry.FORMAT_HEADER)).isEqualTo("canonical-json");
          out.put(new String(r.key(), StandardCharsets.UTF_8), reason);
        }
        if (total >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // catch any extra copies
        }
      }
    }
    assertThat(total).as("dead letters, no duplicates").isEqualTo(expected);
    return out;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
