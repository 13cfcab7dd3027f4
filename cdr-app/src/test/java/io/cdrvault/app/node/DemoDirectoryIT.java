package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.directory.DirectoryTopicFeed;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo seeds its directory topic with every simulated customer number, and says how to add one. */
class DemoDirectoryIT {
  @TempDir
  Path dir;

  @Test
  void seed_publishesEveryCustomerNumber_aFeedAttributesEachOne_andSeedingAgainIsHarmless() throws Exception {
    TrafficSimulator sim = TrafficSimulator.builder().seed(DemoCommand.CUSTOMER_SEED).customers(50).build();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
      DemoDirectory.seed(broker.bootstrapServers(), sim.directory());
      DemoDirectory.seed(broker.bootstrapServers(), sim.directory()); // a demo restart
      try (DirectoryTopicFeed feed = DirectoryTopicFeed.start(broker.bootstrapServers(), DemoDirectory.TOPIC,
          SubscriberDirectory.empty(), new SimpleMeterRegistry())) {
        assertThat(feed.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(feed.assignments()).hasSize(sim.directory().size());
        for (TrafficSimulator.Customer c : sim.customers()) {
          for (String n : c.numbers()) {
            assertThat(feed.customerAt(n, Instant.now())).contains(c.id());
          }
        }
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      DemoDirectory.printHint(new PrintStream(buf, true, StandardCharsets.UTF_8), broker.bootstrapServers(),
          sim.directory(), sim.customers().get(0).id());
      assertThat(buf.toString(StandardCharsets.UTF_8)).contains("./cdrvault directory publish --bootstrap "
          + broker.bootstrapServers() + " --topic cdr.subscribers --number +12025550100 --customer cust-00001")
          .contains("./cdrvault dlq replay --bootstrap " + broker.bootstrapServers()
              + " --topic cdr.raw.dlq --reason unattributed");
    }
  }
}
