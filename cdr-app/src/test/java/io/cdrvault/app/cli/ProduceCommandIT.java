package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProduceCommandIT {
  @TempDir
  static Path dir;

  private EmbeddedKafkaBroker broker;

  @BeforeAll
  void start() {
    broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
    broker.createTopic("cdr.replay", 2);
  }

  @AfterAll
  void stop() {
    broker.close();
  }

  @Test
  void produce_replaysEveryPayload_withFormatAndSourceHeaders() throws Exception {
    Path file = dir.resolve("pbx7.ndjson");
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 25; i++) {
      b.append("{\"schema\":\"").append(CanonicalJson.SCHEMA).append("\",\"origin\":\"pbx7\",\"originId\":\"r-")
          .append(i).append("\",\"type\":\"VOICE\",\"calling\":\"+12025550143\",\"called\":\"+12025550177\",")
          .append("\"start\":\"2026-03-01T09:00:00Z\",\"end\":\"2026-03-01T09:01:00Z\",\"disposition\":\"NO_ANSWER\"}\r\n");
      if (i % 5 == 0) {
        b.append("\n");
      }
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));

    int code = cl.execute("produce", "--bootstrap", broker.bootstrapServers(), "--format", "canonical-json",
        "--topic", "cdr.replay", file.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).contains("produced 25 records");
    List<ConsumerRecord<byte[], byte[]>> got = KafkaRecords.readAll(broker.bootstrapServers(), "cdr.replay");
    assertThat(got).hasSize(25);
    for (ConsumerRecord<byte[], byte[]> r : got) {
      assertThat(new String(r.headers().lastHeader(DecoderRegistry.FORMAT_HEADER).value(), StandardCharsets.UTF_8))
          .isEqualTo("canonical-json");
      assertThat(new String(r.headers().lastHeader(DecoderRegistry.SOURCE_HEADER).value(), StandardCharsets.UTF_8))
          .isEqualTo("pbx7");
      assertThat(CanonicalJson.read(r.value()).origin()).isEqualTo("pbx7"); // whole lines, no CR
    }
    assertThat(got.stream().map(r -> CanonicalJson.read(r.value()).originId()).distinct()).hasSize(25);
  }

  @Test
  void produce_toAnAddressNobodyListensOn_failsFast_namingTheAddress() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort(); // closed again: nothing listens there
    }
    String address = "127.0.0.1:" + dead;
    Result r = run("produce", "--bootstrap", address, "--format", "canonical-json", "--source", "pbx7",
        "--timeout", "3", oneRecordFile().toString());

    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("no Kafka broker answered at " + address);
    assertThat(r.millis).isLessThan(20_000);
  }

  @Test
  void produce_toAMissingTopic_failsFast_namingTheTopic() throws Exception {
    Result r = run("produce", "--bootstrap", broker.bootstrapServers(), "--format", "canonical-json",
        "--source", "pbx7", "--topic", "cdr.nosuch", "--timeout", "5", oneRecordFile().toString());

    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("topic 'cdr.nosuch' does not exist on " + broker.bootstrapServers())
        .contains("topics create");
    assertThat(r.millis).isLessThan(20_000);
  }

  @Test
  void topicsCreate_thenProduce_succeeds() throws Exception {
    Result created = run("topics", "create", "--bootstrap", broker.bootstrapServers(), "--topic", "cdr.made",
        "--partitions", "3", "--format-topic", "cdr.made.asterisk=asterisk-csv", "--directory-topic", "cdr.made.dir");
    assertThat(created.code).as(created.err).isZero();
    assertThat(created.out).contains("created cdr.made (3 partitions)", "created cdr.made.asterisk (3 partitions)",
        "created cdr.made.dlq (1 partition)", "created cdr.made.dir (1 partition, compacted)");
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        java.util.Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(admin.describeTopics(List.of("cdr.made")).allTopicNames().get().get("cdr.made").partitions())
          .hasSize(3);
      org.apache.kafka.common.config.ConfigResource dirTopic = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "cdr.made.dir");
      assertThat(admin.describeConfigs(List.of(dirTopic)).all().get().get(dirTopic).get("cleanup.policy").value())
          .isEqualTo("compact");
    }
    Result again = run("topics", "create", "--bootstrap", broker.bootstrapServers(), "--topic", "cdr.made");
    assertThat(again.code).isZero();
    assertThat(again.out).contains("exists cdr.made");

    Result produced = run("produce", "--bootstrap", broker.bootstrapServers(), "--format", "canonical-json",
        "--source", "pbx7", "--topic", "cdr.made", oneRecordFile().toString());
    assertThat(produced.code).as(produced.err).isZero();
    assertThat(KafkaRecords.readAll(broker.bootstrapServers(), "cdr.made")).hasSize(1);
  }

  @Test
  void produce_warnsWhenTheSourceIsUnknownToTheSourcesFile() throws Exception {
    Path sources = dir.resolve("sources.yaml");
    Files.writeString(sources, "sources:\n  pbx1: {region: US, zone: America/New_York}\n");
    Result r = run("produce", "--bootstrap", broker.bootstrapServers(), "--format", "canonical-json",
        "--topic", "cdr.replay", "--source-config", sources.toString(), oneRecordFile().toString());

    assertThat(r.code).isZero();
    assertThat(r.err).contains("source 'one' is not in sources.yaml (known: pbx1)");
  }

  private static Path oneRecordFile() throws Exception {
    Path file = dir.resolve("one.ndjson");
    Files.writeString(file, "{\"schema\":\"" + CanonicalJson.SCHEMA + "\",\"origin\":\"pbx7\",\"originId\":\"x-1\","
        + "\"type\":\"VOICE\",\"calling\":\"+12025550143\",\"called\":\"+12025550177\","
        + "\"start\":\"2026-03-01T09:00:00Z\",\"end\":\"2026-03-01T09:01:00Z\",\"disposition\":\"NO_ANSWER\"}\n");
    return file;
  }

  private record Result(int code, String out, String err, long millis) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
  }
}
