package io.cdrvault.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  @TempDir Path dir;

  @Test
  void restartOnSameDir_keepsProducedRecords_andItsAddress() {
    String first;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir)) {
      first = broker.bootstrapServers();
      broker.createTopic("t", 3);
      broker.createTopic("t", 3); // idempotent
      produce(broker.bootstrapServers(), 1000);
      assertThat(consumeAll(broker.bootstrapServers(), "g1", 1000)).hasSize(1000);
      broker.close();
      broker.close(); // idempotent
    }
    try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dir)) {
      assertThat(again.bootstrapServers()).as("same address after a restart").isEqualTo(first);
      Set<String> values = consumeAll(again.bootstrapServers(), "g2", 1000);
      assertThat(values).hasSize(1000).contains("v0", "v999");
    }
  }

  private static void produce(String bootstrap, int n) {
    try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < n; i++) {
        p.send(new ProducerRecord<>("t", "k" + i, "v" + i));
      }
      p.flush();
    }
  }

  private static Set<String> consumeAll(String bootstrap, String group, int expected) {
    Set<String> seen = new HashSet<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of("t"));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int count = 0;
      while (count < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          seen.add(r.value());
          count++;
        }
      }
      assertThat(count).isEqualTo(expected);
    }
    return seen;
  }
}
