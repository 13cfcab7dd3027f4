package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdrvault.app.testing.CliRun;
import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.deadletter.DeadLetterSummary;
import io.cdrvault.ingest.deadletter.DeadLetters;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.directory.DirectoryTopic;
import io.cdrvault.ingest.directory.DirectoryTopicFeed;
import io.cdrvault.ingest.directory.NumberAssignment;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.pipeline.IngestPipeline;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.Grants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code cdrvault dlq summary|list|replay} against a real broker and a running ingest pipeline on
 * a real store: SMS records from numbers the directory does not know are dead-lettered as
 * {@code unattributed} without their message text; after the directory topic learns the numbers a
 * replay stores each record exactly once, and a second replay re-sends nothing.
 */
class DlqCommandIT {
  static final String TOPIC = "cdr.raw";
  static final String DLQ = "cdr.raw.dlq";
  static final String DIRECTORY = "cdr.subscribers";
  static final String SENDER = "+12025550143"; // sends the kannel SMS
  static final String RECEIVER = "+12015550123"; // receives the canonical-json SMS
  static final CustomerId A = CustomerId.of("cust-a");
  static final CustomerId B = CustomerId.of("cust-b");
  static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2100-01-01T00:00:00Z");

  @TempDir Path dir;


  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  static String kannel(int i) {
    String text = "SECRET-TEXT-" + i + " call me on 2025550199";
    return "2026-03-01 08:15:0" + i + " Sent SMS [SMSC:smsc-a] [SVC:portal] [ACT:] [BINF:] [FID:4f1c2" + i
        + "] [META:] [from:" + SENDER + "] [to:+447700900123] [flags:-1:0:-1:0:19] [msg:"
        + text.getBytes(StandardCharsets.UTF_8).length + ":" + text + "] [udh:0:]";
  }

  static String canonical(int i) {
    return "{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"smsc\",\"originId\":\"id-" + i + "\",\"type\":\"SMS\","
        + "\"calling\":\"ACMEBANK\",\"called\":\"" + RECEIVER + "\",\"start\":\"2026-03-01T10:00:0" + i + "Z\","
        + "\"smsSegments\":1,\"text\":\"SECRET-TEXT-J" + i + "\"}";
  }

  static ProducerRecord<byte[], byte[]> record(String format, String value) {
    RecordHeaders h = new RecordHeaders();
    h.add("cdr.format", format.getBytes(StandardCharsets.UTF_8));
    h.add("cdr.source", "smsc-a".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(TOPIC, null, "smsc-a".getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8), h);
  }

  private static long count(CdrStore store, CustomerId c) {
    List<GrantedCdr> out = new ArrayList<>();
    try (CdrStore.RecordCursor cursor = store.records(Grants.billing(store, c, FROM, TO, Clock.systemUTC()))) {
      cursor.forEachRemaining(out::add);
    }
    return out.size();
  }

  @Test
  void unattributedDeadLetters_listedWithoutValues_replayedAfterADirectoryUpdate_storedExactlyOnce() throws Exception {
    Keyring keyring = Keyring.create(dir.resolve("keystore.p12"), "PKCS12", "pw".toCharArray());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger summaryLog = (Logger) LoggerFactory.getLogger(DeadLetterSummary.class);
    logs.start();
    summaryLog.addAppender(logs);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        Producer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
            new ByteArraySerializer(), new ByteArraySerializer());
        RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dir.resolve("store")), keyring, registry,
            Clock.systemUTC());
        DirectoryTopicFeed feed = createFeed(broker, admin)) {
      String bootstrap = broker.bootstrapServers();
      broker.createTopic(TOPIC, 2);
      broker.createTopic(DLQ, 1);
      IngestPipeline pipeline = IngestPipeline.create(
          IngestSettings.defaults(bootstrap, TOPIC).withBatch(20, Duration.ofMillis(50)), store,
          DecoderRegistry.standard(), new Attributor(feed), registry);
      Thread loop = new Thread(pipeline, "ingest");
      loop.start();
      try {
        for (int i = 0; i < 3; i++) {
          producer.send(record("kannel-log", kannel(i)));
        }
        for (int i = 0; i < 2; i++) {
          producer.send(record("canonical-json", canonical(i)));
        }
        producer.send(record("kannel-log", "2026-03-01 not a kannel line SECRET-MALFORMED"));
        producer.flush();
        String[] target = {"--bootstrap", bootstrap, "--topic", DLQ, "--timeout", "PT20S"};
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(cli(concat(new String[] {"dlq", "summary"}, target)).out())
                .contains("dead letters in " + DLQ + ": 6"));

        CliRun summary = cli(concat(new String[] {"dlq", "summary"}, target));
        assertThat(summary.code()).isZero();
        assertThat(summary.out()).contains("reason unattributed: 5", "reason malformed: 1", "source smsc-a: 6",
            "format kannel-log: 4", "format canonical-json: 2");

        CliRun list = cli(concat(new String[] {"dlq", "list", "--reason", "unattributed", "--limit", "10"}, target));
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(DLQ + "-0@", "reason=unattributed", "format=kannel-log", "source=smsc-a",
            "origin=" + TOPIC + "-", "payload=content-stripped", "5 of 5 matching dead letters shown")
            .doesNotContain("2025550143", "2015550123", "7700900123", "2025550199", "SECRET", "ACMEBANK");
        assertThat(cli(concat(new String[] {"dlq", "list", "--limit", "2"}, target)).out())
            .contains("2 of 6 matching dead letters shown");

        // the raw dead letters: decoded records hold no message text; the undecodable one is kept as it came
        List<String> raw = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (var r : KafkaRecords.readAll(bootstrap, DLQ)) {
          raw.add(new String(r.value(), StandardCharsets.UTF_8));
          kept.add(new String(r.headers().lastHeader(DeadLetters.PAYLOAD).value(), StandardCharsets.UTF_8));
        }
        assertThat(raw).hasSize(6);
        assertThat(kept).containsExactlyInAnyOrder("content-stripped", "content-stripped", "content-stripped",
            "content-stripped", "content-stripped", "original");
        assertThat(raw).filteredOn(v -> v.contains("SECRET-TEXT")).isEmpty();
        assertThat(raw).filteredOn(v -> v.contains("SECRET-MALFORMED")).hasSize(1);
        assertThat(raw).filteredOn(v -> v.matches(".*\\[msg:\\d+:\\*+\\] \\[udh:0:\\]")).hasSize(3);
        assertThat(count(store, A)).isZero();

        // the directory learns the numbers; replay the unattributed ones
        DirectoryTopic.publish(producer, DIRECTORY, SENDER, A, NumberAssignment.SINCE_ALWAYS, null).get();
        DirectoryTopic.publish(producer, DIRECTORY, RECEIVER, B, NumberAssignment.SINCE_ALWAYS, null).get();
        await().atMost(Duration.ofSeconds(30)).until(() ->
            feed.customerAt(SENDER, TO).isPresent() && feed.customerAt(RECEIVER, TO).isPresent());

        CliRun replay = cli(concat(new String[] {"dlq", "replay", "--reason", "unattributed", "--await", "PT60S"}, target));
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("selected 5, replayed 5, already replayed before 0",
            "ingest processed them: 5 accepted (stored, or already stored), 0 dead-lettered again");
        assertThat(count(store, A)).isEqualTo(3);
        assertThat(count(store, B)).isEqualTo(2);

        // a second replay of the same selection re-sends nothing
        CliRun again = cli(concat(new String[] {"dlq", "replay", "--reason", "unattributed", "--await", "PT10S"}, target));
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("selected 5, replayed 0, already replayed before 5");

        // the stripped form maps to the same record ids: the switch resending the originals stores nothing new
        long stored = (long) registry.get("cdr.store.records.written").counter().count();
        for (int i = 0; i < 3; i++) {
          producer.send(record("kannel-log", kannel(i)));
        }
        producer.send(record("canonical-json", canonical(0))).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          var resends = registry.find("cdr.ingest.duplicates").tag("kind", "resend").counter();
          return resends != null && resends.count() >= 4;
        });
        assertThat(count(store, A)).isEqualTo(3);
        assertThat(count(store, B)).isEqualTo(2);
        assertThat(registry.get("cdr.ingest.duplicates").tag("kind", "resend").counter().count())
            .as("the resends were recognised as stored").isEqualTo(4.0);
        assertThat(stored).isEqualTo((long) registry.get("cdr.store.records.written").counter().count());
        assertThat(cli(concat(new String[] {"dlq", "summary"}, target)).out())
            .as("nothing was dead-lettered again").contains("dead letters in " + DLQ + ": 6");
        assertThat(DeadLetters.ledgerTopic(DLQ)).isEqualTo(DLQ + ".replayed");
      } finally {
        pipeline.close();
        loop.join(30_000);
      }
      // the summary line (at the latest when the pipeline closes): counts per reason and source, no values
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("6 (malformed=1, unattributed=5); by source: smsc-a=6"));
      assertThat(String.join("\n", lines)).doesNotContain("2025550143", "2015550123", "SECRET");
    } finally {
      summaryLog.detachAppender(logs);
    }
  }

  @Test
  void anUnreachableBroker_isReportedWithItsAddressAndTopic_withinTheTimeout() {
    long t0 = System.nanoTime();
    CliRun r = cli("dlq", "summary", "--bootstrap", "127.0.0.1:1", "--topic", DLQ, "--timeout", "PT3S");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("127.0.0.1:1").contains(DLQ);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  private DirectoryTopicFeed createFeed(EmbeddedKafkaBroker broker, Admin admin) {
    DirectoryTopic.createTopic(admin, DIRECTORY, 1);
    return DirectoryTopicFeed.start(broker.bootstrapServers(), DIRECTORY, SubscriberDirectory.empty(),
        new SimpleMeterRegistry());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
