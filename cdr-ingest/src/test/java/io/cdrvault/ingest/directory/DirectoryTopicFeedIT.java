package io.cdrvault.ingest.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The directory topic feed against a real (embedded) Kafka broker. */
class DirectoryTopicFeedIT {
  static final String TOPIC = "cdr.subscribers";
  static final CustomerId A = CustomerId.of("cust-a");
  static final CustomerId B = CustomerId.of("cust-b");
  static final CustomerId C = CustomerId.of("cust-c");
  static final Instant ALWAYS = NumberAssignment.SINCE_ALWAYS;
  static final Instant SWITCH = Instant.parse("2026-03-15T00:00:00Z");
  static final Instant BEFORE = Instant.parse("2026-02-01T00:00:00Z");
  static final Instant GAP = Instant.parse("2026-03-05T00:00:00Z");
  static final Instant AFTER = Instant.parse("2026-04-01T00:00:00Z");

  static final String KEPT = "+12015550101";
  static final String RECYCLED = "+12015550102";
  static final String DELETED = "+12015550103";
  static final String BOTH = "+12015550104";
  static final String FILE_ONLY = "+12015550105";
  static final String LATER = "+12015550106";
  static final String BAD = "+12015550107";

  @TempDir Path dir;

  private static Producer<byte[], byte[]> producer(EmbeddedKafkaBroker broker) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void feed_readsPeriodsTombstonesAndLaterUpdates_andTheTopicWinsOverTheFileImport() throws Exception {
    SubscriberDirectory fileImport = SubscriberDirectory.builder()
        .add(BOTH, B).add(FILE_ONLY, B).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger feedLog = (Logger) LoggerFactory.getLogger(DirectoryTopicFeed.class);
    logs.start();
    feedLog.addAppender(logs);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        Admin admin = admin(broker);
        Producer<byte[], byte[]> producer = producer(broker)) {
      DirectoryTopic.createTopic(admin, TOPIC, 3);
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
      Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");

      DirectoryTopic.publish(producer, TOPIC, KEPT, A, ALWAYS, null);
      DirectoryTopic.publish(producer, TOPIC, RECYCLED, A, ALWAYS, Instant.parse("2026-03-01T00:00:00Z"));
      DirectoryTopic.publish(producer, TOPIC, RECYCLED, C, SWITCH, null);
      DirectoryTopic.publish(producer, TOPIC, DELETED, B, ALWAYS, null);
      DirectoryTopic.tombstone(producer, TOPIC, DELETED, ALWAYS);
      DirectoryTopic.publish(producer, TOPIC, BOTH, C, ALWAYS, null);
      producer.send(new ProducerRecord<>(TOPIC, utf8(BAD + "|2026-01-01T00:00:00Z"), utf8("{\"customer\":")));
      producer.send(new ProducerRecord<>(TOPIC, utf8(BAD + "-2026-01-01"), utf8("{\"customer\":\"cust-a\"}")));
      producer.send(new ProducerRecord<>(TOPIC, utf8(BAD + "|2026-01-01T00:00:00Z"),
          utf8("{\"customer\":\"cust-a\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2025-01-01T00:00:00Z\"}")));
      producer.flush();

      try (DirectoryTopicFeed feed = DirectoryTopicFeed.start(broker.bootstrapServers(), TOPIC, fileImport, registry)) {
        assertThat(feed.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        // caught up means everything published before start is applied: no waiting below
        assertThat(feed.customerAt(KEPT, AFTER)).contains(A);
        assertThat(feed.customerAt(RECYCLED, BEFORE)).as("old holder before the switch").contains(A);
        assertThat(feed.customerAt(RECYCLED, GAP)).as("nobody in the gap").isEmpty();
        assertThat(feed.customerAt(RECYCLED, SWITCH)).as("new holder from the switch").contains(C);
        assertThat(feed.customerAt(DELETED, AFTER)).as("tombstoned").isEmpty();
        assertThat(feed.customerAt(BOTH, AFTER)).as("topic wins over the file").contains(C);
        assertThat(feed.customerAt(FILE_ONLY, AFTER)).as("file answers where the topic is silent").contains(B);
        assertThat(feed.customerAt(BAD, AFTER)).as("malformed records are skipped").isEmpty();
        assertThat(feed.customerAt(null, AFTER)).isEmpty();
        assertThat(feed.topicEntries()).isEqualTo(4);
        assertThat(registry.get("cdr.directory.entries").gauge().value()).isEqualTo(4.0);
        assertThat(registry.get("cdr.directory.rejected").counter().count()).isEqualTo(3.0);
        List<String> rejectedLogs = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.contains("rejected")).toList();
        assertThat(rejectedLogs).hasSize(3).allSatisfy(m -> assertThat(m)
            .containsPattern(TOPIC + "-\\d@\\d+").doesNotContain("2015550107").doesNotContain("cust-a"));

        // while running: a new number, the file-only number recycled via the topic, a deletion
        DirectoryTopic.publish(producer, TOPIC, LATER, B, SWITCH, null);
        DirectoryTopic.publish(producer, TOPIC, FILE_ONLY, C, SWITCH, null);
        DirectoryTopic.tombstone(producer, TOPIC, KEPT, ALWAYS);
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(feed.customerAt(LATER, AFTER)).contains(B);
          assertThat(feed.customerAt(FILE_ONLY, AFTER)).contains(C);
          assertThat(feed.customerAt(KEPT, AFTER)).isEmpty();
        });
        assertThat(feed.customerAt(LATER, BEFORE)).isEmpty();
        assertThat(feed.customerAt(FILE_ONLY, BEFORE)).as("the topic now holds this number: file ignored").isEmpty();
        assertThat(registry.get("cdr.directory.entries").gauge().value()).isEqualTo(5.0);

        // a later assignment overlapping an open-ended one takes over from its start
        DirectoryTopic.publish(producer, TOPIC, BOTH, A, SWITCH, null).get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(feed.customerAt(BOTH, AFTER)).contains(A));
        assertThat(feed.customerAt(BOTH, BEFORE)).contains(C);
      }
      assertThat(registry.find("cdr.directory.entries").gauge()).as("meters removed on close").isNull();
    } finally {
      feedLog.detachAppender(logs);
    }
  }

  @Test
  void restartedFeed_seesTheSameDirectory() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        Admin admin = admin(broker);
        Producer<byte[], byte[]> producer = producer(broker)) {
      DirectoryTopic.createTopic(admin, TOPIC, 2);
      DirectoryTopic.createTopic(admin, TOPIC, 2); // already there and compacted: accepted
      DirectoryTopic.publish(producer, TOPIC, RECYCLED, A, ALWAYS, SWITCH);
      DirectoryTopic.publish(producer, TOPIC, RECYCLED, C, SWITCH, null).get();
      for (int run = 0; run < 2; run++) {
        try (DirectoryTopicFeed feed = DirectoryTopicFeed.start(broker.bootstrapServers(), TOPIC,
            SubscriberDirectory.empty(), new SimpleMeterRegistry())) {
          assertThat(feed.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
          assertThat(feed.customerAt(RECYCLED, BEFORE)).contains(A);
          assertThat(feed.customerAt(RECYCLED, AFTER)).contains(C);
        }
      }
    }
  }

  @Test
  void emptyTopic_isCaughtUpAtOnce_missingTopic_andUncompactedTopic_failClearly() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        Admin admin = admin(broker)) {
      DirectoryTopic.createTopic(admin, TOPIC, 1);
      try (DirectoryTopicFeed feed = DirectoryTopicFeed.start(broker.bootstrapServers(), TOPIC,
          SubscriberDirectory.builder().add(KEPT, A).build(), new SimpleMeterRegistry())) {
        assertThat(feed.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(feed.customerAt(KEPT, AFTER)).contains(A);
      }
      assertThatThrownBy(() -> DirectoryTopicFeed.start(broker.bootstrapServers(), "no.such.topic",
          SubscriberDirectory.empty(), new SimpleMeterRegistry()))
          .isInstanceOf(CdrVaultException.class).hasMessageContaining("no.such.topic");
      broker.createTopic("plain", 1);
      assertThatThrownBy(() -> DirectoryTopic.createTopic(admin, "plain", 1))
          .isInstanceOf(CdrVaultException.class).hasMessageContaining("not compacted");
    }
  }
}
