package io.cdrvault.app.node;

import io.cdrvault.ingest.directory.DirectoryTopic;
import io.cdrvault.ingest.directory.NumberAssignment;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's subscriber directory: every simulated customer number, published to the compacted
 * directory topic the demo node reads (as a production node reads {@code ingest.directoryTopic}),
 * so the operator commands ({@code directory show|publish}) work against it. Stateless.
 */
final class DemoDirectory {
  static final String TOPIC = "cdr.subscribers";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private DemoDirectory() {}

  /** Creates the topic (compacted) if needed and publishes every period of {@code directory}. */
  static void seed(String bootstrap, SubscriberDirectory directory) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      DirectoryTopic.createTopic(admin, TOPIC, 1, TIMEOUT);
    }
    Map<String, Object> c = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      directory.assignments().forEach((number, periods) -> {
        for (NumberAssignment a : periods) {
          acks.add(DirectoryTopic.publish(p, TOPIC, number, a.customer(), a.from(), a.to()));
        }
      });
      p.flush();
      for (Future<RecordMetadata> f : acks) {
        f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted seeding the demo directory topic '" + TOPIC + "'", e);
    } catch (Exception e) {
      throw new CdrVaultException("cannot seed the demo directory topic '" + TOPIC + "' at " + bootstrap, e);
    }
  }

  /** Prints how to look at the directory and add a number to it. */
  static void printHint(PrintStream out, String bootstrap, SubscriberDirectory directory, CustomerId example) {
    String today = Instant.now().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    out.println();
    out.println("# subscriber directory: compacted topic " + TOPIC + " (" + directory.size()
        + " numbers of the simulated customers); the node applies changes at once");
    out.println("./cdrvault directory show --bootstrap " + bootstrap + " --topic " + TOPIC + " --list");
    out.println("# give " + example.value() + " another number from today (202-555-01xx numbers are fictional)");
    out.println("./cdrvault directory publish --bootstrap " + bootstrap + " --topic " + TOPIC
        + " --number +12025550100 --customer " + example.value() + " --from " + today);
    String deadLetters = DemoCommand.TOPIC + ".dlq";
    out.println("# dead letters by reason and source; after a directory change, replay the unattributed ones");
    out.println("./cdrvault dlq summary --bootstrap " + bootstrap + " --topic " + deadLetters);
    out.println("./cdrvault dlq replay --bootstrap " + bootstrap + " --topic " + deadLetters
        + " --reason unattributed");
    out.flush();
  }
}
