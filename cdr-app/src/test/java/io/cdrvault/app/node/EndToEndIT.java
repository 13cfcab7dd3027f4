package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.app.testing.UsageChecks;
import io.cdrvault.ingest.pipeline.IngestPipeline;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.ingest.simulate.ExpectedTally;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.DataDirScanner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product end to end: a real broker, ≥ 100,000 simulated CDRs (malformed and resent
 * ones included), the node stopped and restarted mid-stream, then every customer's usage and
 * records read back over HTTP under BILLING and compared with totals computed independently by
 * the simulator; every malformed payload on the dead-letter topic with its reason; and no
 * plaintext number or customer id anywhere in the data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
  private static final String TOPIC = "cdr.raw";
  private static final int FIRST = 100_000;
  private static final int SECOND = 10_000;
  private static final Instant WINDOW_START = Instant.parse("2026-09-01T00:00:00Z");
  private static final String FROM = "2026-08-01T00:00:00Z";
  private static final String TO = "2026-12-01T00:00:00Z";

  @TempDir
  static Path base;

  private final ObjectMapper json = new ObjectMapper();
  private EmbeddedKafkaBroker broker;
  private TrafficSimulator sim;
  private Node.Settings settings;
  private Keyring keyring;
  private final String billingToken = "e2e-billing-token-0123456789abcdef";
  private Node node;
  private long storedAtStop;

  @BeforeAll
  void runTrafficWithARestart() throws Exception {
    broker = EmbeddedKafkaBroker.start(base.resolve("kafka"));
    broker.createTopic(TOPIC, 4);
    broker.createTopic(TOPIC + ".dlq", 1);
    sim = TrafficSimulator.builder().seed(11).customers(1000)
        .window(WINDOW_START, Duration.ofDays(60))
        .malformedFraction(0.02).duplicateFraction(0.01).build();
    keyring = Keyring.create(base.resolve("keys/keystore.p12"), "PKCS12", "e2e-password".toCharArray());
    Principals principals = Principals.of(List.of(new Principals.Entry(
        new Principal("billing-job", Set.of("billing-job"), Optional.empty()),
        Principals.sha256(billingToken))));
    settings = new Node.Settings(
        StoreSettings.defaults(base.resolve("data")),
        IngestSettings.defaults(broker.bootstrapServers(), TOPIC).withRegion(sim.homeRegion()),
        ApiSettings.of("127.0.0.1", 0),
        principals,
        PolicyFile.load(Path.of("..", "config", "policy.yaml")),
        sim.directory());

    sim.produce(broker.bootstrapServers(), TOPIC, FIRST);
    node = Node.start(settings, keyring, Clock.systemUTC());
    // stop the node while it is still ingesting
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (consumedOffsets() < 20_000 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    storedAtStop = consumedOffsets();
    node.close(); // mid-stream: the rest of the first 100,000 is still unread
    sim.produce(broker.bootstrapServers(), TOPIC, SECOND);

    node = Node.start(settings, keyring, Clock.systemUTC());
    deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (consumedOffsets() < FIRST + SECOND && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private long consumedOffsets() {
    return node.store().storedOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void ingest_wasStoppedMidStream_andThenConsumedEverything() {
    assertThat(storedAtStop).as("offsets stored when the first node stopped")
        .isGreaterThanOrEqualTo(20_000).isLessThan(FIRST);
    assertThat(consumedOffsets()).isEqualTo(FIRST + SECOND);
  }

  @Test
  void everyCustomersUsage_overHttp_matchesIndependentTotals() throws Exception {
    long records = usage().assertEveryCustomerMatches(sim);
    assertThat(records).isEqualTo(sim.tally().storedRecords()).isGreaterThan(100_000);
  }

  @Test
  void itemisedRecords_overHttp_areExactlyTheExpectedOnes_withoutDuplicates() throws Exception {
    ExpectedTally tally = sim.tally();
    for (TrafficSimulator.Customer c : sim.customers().subList(0, 100)) {
      String body = usage().get(c.id(), "records").body();
      List<String> ids = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode r = json.readTree(line);
        ids.add(r.path("recordId").asText());
        assertThat(r.has("sourceIp") || r.has("userAgent") || r.has("imsi") || r.has("customer"))
            .as("BILLING projection leaks non-billing fields").isFalse();
      }
      assertThat(ids).hasSize((int) tally.records(c.id())).doesNotHaveDuplicates();
    }
  }

  @Test
  void everyMalformedPayload_isOnTheDeadLetterTopic_withItsReason() {
    Map<String, String> expected = sim.tally().deadLetters();
    assertThat(expected).hasSizeGreaterThan(1_000);
    Map<String, String> seen = new HashMap<>();
    List<String> keys = new ArrayList<>();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> c =
             new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(TOPIC + ".dlq", 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          String key = new String(r.key(), StandardCharsets.UTF_8);
          Header reason = r.headers().lastHeader(IngestPipeline.DLQ_REASON);
          assertThat(reason).as("reason header").isNotNull();
          keys.add(key);
          seen.put(key, new String(reason.value(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  @Order(Integer.MAX_VALUE) // closes the node
  void dataDirectory_holdsNoPlaintextNumberOrCustomerId() {
    List<String> needles = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (TrafficSimulator.Customer c : sim.customers()) {
      needles.add(c.id().value());
      for (String e164 : c.numbers()) {
        for (String form : List.of(e164, e164.substring(1), e164.substring(2))) {
          if (seen.add(form)) {
            needles.add(form);
          }
        }
      }
    }
    node.close(); // flushes memtables; WAL, SST, MANIFEST and LOG files all stay on disk
    assertThat(DataDirScanner.countFiles(base.resolve("data"))).isGreaterThan(5);
    assertThat(DataDirScanner.findOccurrences(base.resolve("data"), needles)).isEmpty();
  }

  private UsageChecks usage() {
    return new UsageChecks(node.apiBaseUrl(), billingToken, FROM, TO);
  }
}
