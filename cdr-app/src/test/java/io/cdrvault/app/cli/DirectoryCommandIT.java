package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.app.testing.CliRun;
import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.directory.DirectoryTopicFeed;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.model.CustomerId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryCommandIT {
  @TempDir
  static Path dir;

  private EmbeddedKafkaBroker broker;

  @BeforeAll
  void start() {
    broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
  }

  @AfterAll
  void stop() {
    broker.close();
  }


  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void import_publishesEveryPeriod_aFeedAttributesThem_andShowMasksUnlessRevealed() throws Exception {
    String topic = "dir.import";
    Path file = dir.resolve("subscribers.csv");
    Files.writeString(file, """
        # recycled number: ACME-0042 until July, then ACME-0099
        number,customerId,validFrom,validTo
        +12025550143,ACME-0042,2026-01-01,2026-07-01
        +12025550143,ACME-0099,2026-07-01,
        +12025550177,ACME-0100
        """);

    CliRun imported = run("directory", "import", "--bootstrap", broker.bootstrapServers(), "--topic", topic,
        file.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("published 3 periods for 2 numbers");

    CliRun published = run("directory", "publish", "--bootstrap", broker.bootstrapServers(), "--topic", topic,
        "--number", "+12025550188", "--customer", "ACME-0200", "--from", "2026-03-01T12:00:00Z");
    assertThat(published.code()).as(published.err()).isZero();

    try (DirectoryTopicFeed feed = DirectoryTopicFeed.start(broker.bootstrapServers(), topic,
        SubscriberDirectory.empty(), new SimpleMeterRegistry())) {
      assertThat(feed.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(feed.customerAt("+12025550143", Instant.parse("2026-03-01T00:00:00Z"))).contains(CustomerId.of("ACME-0042"));
      assertThat(feed.customerAt("+12025550143", Instant.parse("2026-08-01T00:00:00Z"))).contains(CustomerId.of("ACME-0099"));
      assertThat(feed.customerAt("+12025550143", Instant.parse("2025-12-31T00:00:00Z"))).isEmpty();
      assertThat(feed.customerAt("+12025550177", Instant.parse("2001-01-01T00:00:00Z"))).contains(CustomerId.of("ACME-0100"));
      assertThat(feed.customerAt("+12025550188", Instant.parse("2026-03-01T11:59:59Z"))).isEmpty();
      assertThat(feed.customerAt("+12025550188", Instant.parse("2026-03-01T12:00:00Z"))).contains(CustomerId.of("ACME-0200"));
      // what ingest does with it: the attributor fed from the topic
      assertThat(new Attributor(feed)).isNotNull();
    }

    CliRun counts = run("directory", "show", "--bootstrap", broker.bootstrapServers(), "--topic", topic);
    assertThat(counts.code()).as(counts.err()).isZero();
    assertThat(counts.out()).contains("3 numbers, 4 periods").doesNotContain("2025550", "ACME");

    CliRun masked = run("directory", "show", "--bootstrap", broker.bootstrapServers(), "--topic", topic, "--list");
    assertThat(masked.out()).contains("+1202*****43", "2026-07-01T00:00:00Z").doesNotContain("2025550143", "ACME-0042");

    CliRun revealed = run("directory", "show", "--bootstrap", broker.bootstrapServers(), "--topic", topic, "--reveal");
    assertThat(revealed.out()).contains("+12025550143,ACME-0042,2026-01-01T00:00:00Z,2026-07-01T00:00:00Z",
        "+12025550177,ACME-0100,,");
    // the revealed listing is a directory file: it imports again unchanged
    Path again = dir.resolve("again.csv");
    Files.writeString(again, revealed.out().substring(revealed.out().indexOf("number,")));
    assertThat(SubscriberDirectory.load(again).assignments()).hasSize(3);

    CliRun deleted = run("directory", "publish", "--bootstrap", broker.bootstrapServers(), "--topic", topic,
        "--number", "+12025550188", "--from", "2026-03-01T12:00:00Z", "--delete");
    assertThat(deleted.code()).as(deleted.err()).isZero();
    CliRun one = run("directory", "show", "--bootstrap", broker.bootstrapServers(), "--topic", topic,
        "--number", "+12025550188");
    assertThat(one.out()).contains("0 numbers, 0 periods");
  }

  @Test
  void import_badFile_reportsEveryBadLine_byPathAndLine_withoutValues_andPublishesNothing() throws Exception {
    String topic = "dir.bad";
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, """
        number,customerId,validFrom,validTo
        +12025550143,ACME-0042
        12025550144,ACME-0043
        +12025550145,ACME-0044,yesterday
        +12025550146
        +12025550143,ACME-0045,2026-01-01
        """);

    CliRun r = run("directory", "import", "--bootstrap", broker.bootstrapServers(), "--topic", topic, file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(file + ": subscriber directory line 3", file + ": subscriber directory line 4",
        file + ": subscriber directory line 5", file + ": subscriber directory line 6", "4 bad line(s)",
        "nothing was published");
    assertThat(r.err()).doesNotContain("subscriber directory line 2 ").doesNotContain("2025550", "ACME", "yesterday");
    CliRun show = run("directory", "show", "--bootstrap", broker.bootstrapServers(), "--topic", topic, "--timeout", "5s");
    assertThat(show.code()).isEqualTo(2);
    assertThat(show.err()).contains("directory topic '" + topic + "'", "does not exist");
  }

  @Test
  void show_unreachableBroker_failsWithinTheTimeout_namingAddressAndTopic() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    long t0 = System.nanoTime();
    CliRun r = run("directory", "show", "--bootstrap", address, "--topic", "cdr.subscribers", "--timeout", "2s");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("directory topic 'cdr.subscribers' at " + address);
    CliRun p = run("directory", "publish", "--bootstrap", address, "--number", "+12025550143", "--customer",
        "ACME-1", "--timeout", "2s");
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).contains("at " + address).doesNotContain("2025550143", "ACME-1");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }
}
