package io.cdrvault.query.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.format.DecoderRegistry;
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
}
