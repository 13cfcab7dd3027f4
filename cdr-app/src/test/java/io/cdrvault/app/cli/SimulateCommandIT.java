package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandIT {
  @TempDir
  Path dir;

  @Test
  void simulate_streamsAtTheRate_inEveryFormat_withHeaders_andWritesTheDirectory() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
      broker.createTopic("cdr.sim", 2);
      StringWriter out = new StringWriter();
      CommandLine cl = CdrVaultCli.commandLine();
      cl.setOut(new PrintWriter(out, true));
      Path directory = dir.resolve("out/directory.csv");

      int code = cl.execute("simulate", "--bootstrap", broker.bootstrapServers(), "--topic", "cdr.sim",
          "--rate", "200", "--customers", "40", "--duration", "3s", "--fraud", "irsf,wangiri", "--seed", "7",
          "--directory-out", directory.toString());

      assertThat(code).isZero();
      List<ConsumerRecord<byte[], byte[]>> got = KafkaRecords.readAll(broker.bootstrapServers(), "cdr.sim");
      assertThat(got).hasSize(600); // 200/s for 3 s
      assertThat(out.toString()).contains("sent 600 records").contains("expected: ");
      Map<String, Set<String>> sources = got.stream().collect(Collectors.groupingBy(
          r -> header(r, DecoderRegistry.FORMAT_HEADER), Collectors.mapping(r -> header(r, DecoderRegistry.SOURCE_HEADER),
              Collectors.toSet())));
      assertThat(sources.keySet()).containsExactlyInAnyOrder("canonical-json", "asterisk-csv", "freeswitch-json",
          "freeswitch-csv", "opensips-json", "kamailio-acc", "kannel-log");
      assertThat(sources.get("kannel-log")).containsExactly("kannel-1");
      for (String f : sources.keySet()) {
        long n = got.stream().filter(r -> header(r, DecoderRegistry.FORMAT_HEADER).equals(f)).count();
        assertThat(out.toString()).contains("  " + f + ": " + n);
      }
      SubscriberDirectory d = SubscriberDirectory.load(directory);
      assertThat(d.size()).isBetween(40, 80);
      assertThat(Files.readAllLines(directory).get(0)).isEqualTo("number,customerId");

      // a topic the broker does not have: exit 2 at once, naming it (the broker does not auto-create)
      StringWriter err = new StringWriter();
      CommandLine missing = CdrVaultCli.commandLine();
      missing.setErr(new PrintWriter(err, true));
      long t0 = System.nanoTime();
      int refused = missing.execute("simulate", "--bootstrap", broker.bootstrapServers(), "--topic", "cdr.nosuch",
          "--rate", "10", "--duration", "1s");
      assertThat(refused).isEqualTo(2);
      assertThat(err.toString()).contains("topic 'cdr.nosuch' does not exist on " + broker.bootstrapServers());
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
    }
  }

  @Test
  void simulate_withAnUnknownFraudScenario_isAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("simulate", "--bootstrap", "127.0.0.1:1", "--duration", "1s", "--fraud", "smishing");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown fraud scenario");
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
