package io.cdrvault.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.LineMutator;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.Grants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing through the whole pipeline: 20,000 valid payloads of every format, each followed by five
 * mutations of itself (100,000 mutated payloads: flipped bytes, truncation, doubled or removed
 * separators, insertions, huge runs) through a real broker into the real store. The pipeline never
 * stops; every payload is accounted for (stored, skipped or dead-lettered); every dead letter
 * carries a known reason and a detail; and every valid payload's records are stored exactly as
 * generated (a mutation that still decodes to the same storage key is a duplicate, not a change).
 */
class IngestFuzzIT {
  private static final String TOPIC = "cdr.fuzz";
  private static final int VALID = 20_000;
  private static final int MUTATIONS_EACH = 5;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant WINDOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void mutatedPayloadsOfEveryFormat_neverStopThePipeline_andEveryValidRecordIsStored() throws Exception {
    TrafficSimulator sim = TrafficSimulator.builder().seed(404).customers(300)
        .window(WINDOW, Duration.ofDays(60)).formats(TrafficSimulator.FORMATS)
        .malformedFraction(0).duplicateFraction(0).build();
    Keyring keyring = Keyring.create(dir.resolve("keystore.p12"), "PKCS12", "pw".toCharArray());
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
         RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")), keyring,
             new SimpleMeterRegistry(), CLOCK)) {
      broker.createTopic(TOPIC, 4);
      broker.createTopic(TOPIC + ".dlq", 1);

      List<TrafficSimulator.Payload> valid = new ArrayList<>();
      Map<String, Integer> mutatedPerFormat = new HashMap<>();
      long produced = 0;
      LineMutator mutator = new LineMutator(new Random(404), ",;:=\"{}[]|% ");
      try (KafkaProducer<byte[], byte[]> producer = TrafficSimulator.newProducer(broker.bootstrapServers())) {
        for (int i = 0; i < VALID; i++) {
          TrafficSimulator.Payload p = sim.next();
          valid.add(p);
          ProducerRecord<byte[], byte[]> original = p.toProducerRecord(TOPIC);
          producer.send(original);
          produced++;
          for (int m = 0; m < MUTATIONS_EACH; m++) {
            byte[] mutated = mutator.mutate(p.value());
            if (Arrays.equals(mutated, p.value())) {
              continue;
            }
            producer.send(new ProducerRecord<>(TOPIC, null, p.key(), mutated, original.headers()));
            produced++;
            mutatedPerFormat.merge(p.format(), 1, Integer::sum);
          }
        }
        producer.flush();
      }
      assertThat(mutatedPerFormat.keySet()).containsExactlyInAnyOrderElementsOf(TrafficSimulator.FORMATS);
      assertThat(mutatedPerFormat.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(99_000);

      SimpleMeterRegistry metrics = new SimpleMeterRegistry();
      IngestSettings settings = IngestSettings.defaults(broker.bootstrapServers(), TOPIC)
          .withRegion(sim.homeRegion()).withBatch(2000, Duration.ofMillis(100));
      IngestPipeline pipeline = IngestPipeline.create(settings, store, DecoderRegistry.standard(),
          sim.sources(), new Attributor(sim.directory()), metrics);
      Thread t = new Thread(pipeline, "ingest-fuzz");
      t.start();
      long expectedOffsets = produced;
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() ->
          !t.isAlive() || offsetSum(store) >= expectedOffsets);
      assertThat(t.isAlive()).as("the pipeline is still running after every mutated payload").isTrue();
      pipeline.close();
      t.join(30_000);
      assertThat(offsetSum(store)).isEqualTo(produced);

      // every payload is accounted for
      double stored = count(metrics, "stored");
      double skipped = count(metrics, "skipped");
      double rejected = count(metrics, "rejected");
      double unattributed = count(metrics, "unattributed");
      List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(broker.bootstrapServers(), TOPIC + ".dlq");
      assertThat((long) (stored + skipped + rejected + unattributed)).as("payloads by outcome").isEqualTo(produced);
      assertThat(deadLetters).hasSize((int) (rejected + unattributed));

      // every dead letter says why, with a known code and a detail
      Set<String> codes = Arrays.stream(RejectReason.values()).map(RejectReason::code).collect(Collectors.toSet());
      for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
        assertThat(header(r, IngestPipeline.DLQ_REASON)).isIn(codes);
        assertThat(header(r, IngestPipeline.DLQ_DETAIL)).isNotBlank();
        assertThat(header(r, IngestPipeline.DLQ_SOURCE)).startsWith(TOPIC + "-");
      }

      // every valid payload's records are stored exactly as generated
      Map<String, Map<RecordId, List<Cdr>>> byCustomer = new HashMap<>();
      int expectedRecords = 0;
      for (TrafficSimulator.Payload p : valid) {
        for (Cdr c : p.expected()) {
          for (CustomerCdr cc : new Attributor(sim.directory()).attribute(c)) {
            byCustomer.computeIfAbsent(cc.customer().value(), k -> new HashMap<>())
                .computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
            expectedRecords++;
          }
        }
      }
      assertThat(expectedRecords).isGreaterThan(15_000);
      Set<String> missing = new HashSet<>();
      for (TrafficSimulator.Customer customer : sim.customers()) {
        Map<RecordId, List<Cdr>> want = byCustomer.getOrDefault(customer.id().value(), Map.of());
        Map<RecordId, List<Cdr>> got = new HashMap<>();
        try (CdrStore.RecordCursor cur = store.records(Grants.billing(store, customer.id(),
            WINDOW.minus(Duration.ofDays(400)), WINDOW.plus(Duration.ofDays(400)), CLOCK))) {
          cur.forEachRemaining(g -> {
            Cdr r = GrantedRecords.unprojected(g).cdr();
            got.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
          });
        }
        want.forEach((id, cdrs) -> {
          for (Cdr c : cdrs) {
            if (!got.getOrDefault(id, List.of()).contains(c)) {
              missing.add(customer.id().value() + "/" + id.hex());
            }
          }
        });
      }
      assertThat(missing).as("valid records not stored exactly").isEmpty();
    }
  }

  private static long offsetSum(CdrStore store) {
    return store.storedOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  private static double count(SimpleMeterRegistry m, String outcome) {
    return m.find("cdr.ingest.records").tag("outcome", outcome).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }
}
