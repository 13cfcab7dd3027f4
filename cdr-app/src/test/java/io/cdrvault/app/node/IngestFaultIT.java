package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.app.testing.UsageChecks;
import io.cdrvault.ingest.pipeline.IngestPipeline;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.ingest.simulate.TrafficStream;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.crypto.Keyring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once under faults: while a background producer streams ≥ 200,000 simulated CDRs in
 * every native format (each switch with its own zone and settings from a sources file), the
 * ingest node — a separate JVM running {@code cdrvault serve} with a small heap — is killed with
 * SIGKILL at random moments ten times, and the broker is stopped and restarted once while a node
 * is running. Afterwards the stored offsets equal the topic's end offsets, every customer's usage
 * equals the simulator's independent totals exactly (nothing lost, nothing counted twice), and
 * every malformed payload reached the dead-letter topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestFaultIT {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFaultIT.class);
  private static final String TOPIC = "cdr.raw";
  private static final String GROUP = "cdrvault-ingest";
  private static final int PARTITIONS = 4;
  private static final int TOTAL = 200_000;
  private static final int RATE = 5_000;
  private static final int KILLS = 10;
  private static final String PASSWORD_ENV = "CDRVAULT_KEYSTORE_PASSWORD";
  private static final String PASSWORD = "fault-test-password";
  private static final String BILLING_TOKEN = "fault-billing-token-0123456789abcdef";
  private static final Instant WINDOW_START = Instant.parse("2026-09-01T00:00:00Z");

  @TempDir
  static Path base;

  private EmbeddedKafkaBroker broker;
  private TrafficSimulator sim;
  private Path config;
  private final List<Long> killedAfterMillis = new ArrayList<>();
  private int killsWhileRunning;
  private int childRuns;
  private Node node;

  @BeforeAll
  void streamWithKillsAndABrokerRestart() throws Exception {
    Path kafkaDir = base.resolve("kafka");
    broker = EmbeddedKafkaBroker.start(kafkaDir);
    broker.createTopic(TOPIC, PARTITIONS);
    broker.createTopic(TOPIC + ".dlq", 1);
    sim = TrafficSimulator.builder().seed(23).customers(2000)
        .window(WINDOW_START, Duration.ofDays(30))
        .formats(TrafficSimulator.FORMATS)
        .malformedFraction(0.01).duplicateFraction(0.02).build();
    config = writeNodeFiles(broker.bootstrapServers());

    long seed = System.nanoTime();
    LOG.info("kill schedule seed {}", seed);
    Random rnd = new Random(seed);
    try (TrafficStream stream = sim.stream(broker.bootstrapServers(), TOPIC, 0, RATE)) {
      for (int i = 0; i < KILLS; i++) {
        Process child = startChild();
        long t0 = System.nanoTime();
        if (i % 2 == 0) {
          // kill while ingesting: some time after the node reports it is running
          awaitRunning(child, Duration.ofSeconds(60));
          Thread.sleep(200 + rnd.nextInt(3_000));
        } else {
          // kill anywhere, start-up (opening the store, joining the group) included
          Thread.sleep(500 + rnd.nextInt(6_000));
        }
        if (i == KILLS / 2) {
          LOG.info("restarting the broker under a running node");
          broker.close();
          Thread.sleep(2_000);
          broker = EmbeddedKafkaBroker.start(kafkaDir);
          Thread.sleep(1_000 + rnd.nextInt(3_000));
        }
        if (!child.isAlive()) {
          throw new AssertionError("ingest node exited by itself (exit " + child.exitValue() + "): " + childLog());
        }
        if (childLog().contains("cdrvault node running")) {
          killsWhileRunning++;
        }
        child.destroyForcibly(); // SIGKILL
        child.waitFor(30, TimeUnit.SECONDS);
        killedAfterMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (stream.sent() < TOTAL && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    LOG.info("killed {} times after {} ms", KILLS, killedAfterMillis);

    Process last = startChild();
    awaitGroupCaughtUp(last, Duration.ofMinutes(5));
    last.destroy(); // SIGTERM: orderly shutdown
    assertThat(last.waitFor(60, TimeUnit.SECONDS)).as("node stops on SIGTERM").isTrue();

    // read back with an in-process node on the same data directory and configuration
    ServeCommand.Loaded loaded = ServeCommand.load(config, Map.of(PASSWORD_ENV, PASSWORD));
    Keyring keyring = Keyring.load(base.resolve("keystore.p12"), "PKCS12", PASSWORD.toCharArray());
    node = Node.start(loaded.settings(), keyring, Clock.systemUTC());
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

  @Test
  void theNodeWasKilledTenTimes_mostlyWhileIngesting() {
    assertThat(killedAfterMillis).hasSize(KILLS);
    assertThat(killsWhileRunning).as("kills after the node reported running").isGreaterThanOrEqualTo(KILLS / 2);
    assertThat(sim.tally().validPayloads() + sim.tally().deadLetters().size() + sim.tally().duplicates()
        + sim.tally().skippedPayloads()).isGreaterThanOrEqualTo(TOTAL);
  }

  @Test
  void storedOffsets_equalTheTopicsEndOffsets() throws Exception {
    Map<TopicPartition, Long> end = endOffsets();
    Map<SourcePartition, Long> stored = node.store().storedOffsets();
    Map<TopicPartition, Long> storedByTp = new HashMap<>();
    stored.forEach((sp, off) -> storedByTp.put(new TopicPartition(sp.topic(), sp.partition()), off));
    assertThat(storedByTp).isEqualTo(end);
    assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(TOTAL);
  }

  @Test
  void everyCustomersUsage_equalsTheIndependentTotals_exactly() throws Exception {
    UsageChecks checks = new UsageChecks(node.apiBaseUrl(), BILLING_TOKEN,
        "2026-08-01T00:00:00Z", "2026-11-01T00:00:00Z");
    long records = checks.assertEveryCustomerMatches(sim);
    assertThat(records).isEqualTo(sim.tally().storedRecords()).isGreaterThan(TOTAL);
  }

  @Test
  void everyMalformedPayload_reachedTheDeadLetterTopic() {
    Map<String, String> expected = sim.tally().deadLetters();
    assertThat(expected).hasSizeGreaterThan(1_000);
    Map<String, String> seen = new HashMap<>();
    Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> c =
             new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(TOPIC + ".dlq", 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          Header reason = r.headers().lastHeader(IngestPipeline.DLQ_REASON);
          seen.put(new String(r.key(), StandardCharsets.UTF_8), new String(reason.value(), StandardCharsets.UTF_8));
        }
      }
    }
    // dead letters are at-least-once across kills (a re-read batch sends them again): same set, each with its reason
    assertThat(seen).isEqualTo(expected);
  }

  private Process startChild() throws IOException {
    childRuns++;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-Dlogback.configurationFile=" + Path.of("..", "config", "logback.xml").toAbsolutePath(),
        "-Djava.io.tmpdir=" + Files.createDirectories(base.resolve("tmp")),
        "-cp", System.getProperty("java.class.path"),
        "io.cdrvault.app.cli.CdrVaultCli", "serve", "--config", config.toString());
    pb.environment().put(PASSWORD_ENV, PASSWORD);
    pb.environment().put(io.cdrvault.query.legal.SigningKeys.PASSWORD_ENV, PASSWORD);
    pb.redirectErrorStream(true);
    pb.redirectOutput(base.resolve("child-" + childRuns + ".log").toFile());
    return pb.start();
  }

  private void awaitRunning(Process child, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!childLog().contains("cdrvault node running")) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("ingest node did not start: " + childLog());
      }
      Thread.sleep(50);
    }
  }

  private String childLog() throws IOException {
    return Files.readString(base.resolve("child-" + childRuns + ".log"), StandardCharsets.UTF_8);
  }

  private void awaitGroupCaughtUp(Process child, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        if (!child.isAlive()) {
          throw new AssertionError("ingest node exited (" + child.exitValue() + "): " + childLog());
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = endOffsets(admin);
        boolean done = !end.isEmpty();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          done &= c != null && c.offset() == e.getValue();
        }
        if (done) {
          return;
        }
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the node did not catch up in " + timeout);
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = admin()) {
      return endOffsets(admin);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> req = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      req.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  /** Keystore, subscriber directory, principals and the node configuration the child JVM runs. */
  private Path writeNodeFiles(String bootstrap) throws IOException {
    Keyring.create(base.resolve("keystore.p12"), "PKCS12", PASSWORD.toCharArray());
    StringBuilder dir = new StringBuilder("number,customerId\n");
    Set<String> seen = new HashSet<>();
    for (TrafficSimulator.Customer c : sim.customers()) {
      for (String n : c.numbers()) {
        if (seen.add(n)) {
          dir.append(n).append(',').append(c.id().value()).append('\n');
        }
      }
    }
    Path directory = Files.writeString(base.resolve("subscribers.csv"), dir);
    Path sources = base.resolve("sources.yaml");
    sim.sources().write(sources);
    Path principals = Files.writeString(base.resolve("principals.yaml"), "principals:\n"
        + "  - name: billing-job\n    roles: [billing-job]\n    tokenSha256: \""
        + Principals.sha256Hex(BILLING_TOKEN) + "\"\n");
    String yaml = "store:\n"
        + "  dataDir: " + base.resolve("data") + "\n"
        + "  keystore:\n"
        + "    path: " + base.resolve("keystore.p12") + "\n"
        + "    type: PKCS12\n"
        + "    passwordEnv: " + PASSWORD_ENV + "\n"
        + "ingest:\n"
        + "  bootstrapServers: " + bootstrap + "\n"
        + "  topic: " + TOPIC + "\n"
        + "  groupId: " + GROUP + "\n"
        + "  groupInstanceId: fault-node-1\n"
        + "  defaultRegion: " + sim.homeRegion() + "\n"
        + "  directoryFile: " + directory + "\n"
        + "  sourcesFile: " + sources + "\n"
        + "query:\n"
        + "  http:\n"
        + "    host: 127.0.0.1\n"
        + "    port: 0\n"
        + "  principalsFile: " + principals + "\n"
        + "  policyFile: " + Path.of("..", "config", "policy.yaml").toAbsolutePath().normalize() + "\n"
        + "  legal:\n"
        + "    signingKeyFile: " + signingKey() + "\n";
    return Files.writeString(base.resolve("node.yaml"), yaml);
  }

  /** The node signing key `serve` requires, created once for the test. */
  private Path signingKey() {
    Path key = base.resolve("signing-key.p8");
    io.cdrvault.query.legal.SigningKeys.loadOrCreate(key, PASSWORD.toCharArray(), true);
    return key;
  }
}
