package io.cdrvault.query.cli;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecoderRegistry;
import io.cdrvault.ingest.format.PayloadFramer;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdrvault produce --bootstrap H:P --format F FILE}: replays a CDR file into Kafka, one
 * record per payload (cut as the format's decoder frames it), with headers {@code cdr.format} and
 * {@code cdr.source}; idempotent producer, acks=all. Prints the count.
 *
 * <p>Exit codes: 0 all acknowledged, 1 the broker did not take them, 2 usage error.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Replays a native CDR file into Kafka, one record per payload,",
        "with headers cdr.format and cdr.source (idempotent producer, acks=all)."})
public final class ProduceCommand implements Callable<Integer> {
  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers (HOST:PORT)")
  String bootstrap;

  @Option(names = "--format", required = true, description = "the file's format (the cdr.format header)")
  String format;

  @Option(names = "--topic", defaultValue = "cdr.raw", description = "topic. Default: ${DEFAULT-VALUE}")
  String topic;

  @Option(names = "--source", description = "the cdr.source header (the switch's name). Default: the file name without extension")
  String source;

  @Parameters(index = "0", paramLabel = "FILE", description = "the CDR file")
  Path file;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final DecoderRegistry registry;

  public ProduceCommand() {
    this(DecoderRegistry.standard());
  }

  ProduceCommand(DecoderRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CdrDecoder decoder = registry.forName(format).orElse(null);
    if (decoder == null) {
      err.println("cdrvault produce: unknown format '" + format + "' (known: " + DecodeCommand.known(registry) + ")");
      return CdrVaultCli.USAGE_ERROR;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      err.println("cdrvault produce: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
      return CdrVaultCli.USAGE_ERROR;
    }
    String name = source != null ? source : stem(file);
    List<PayloadFramer.Framed> frames = PayloadFramer.frame(bytes, decoder.framing());
    try (KafkaProducer<byte[], byte[]> producer = TrafficSimulator.newProducer(bootstrap)) {
      List<Future<RecordMetadata>> acks = new java.util.ArrayList<>(frames.size());
      for (PayloadFramer.Framed f : frames) {
        RecordHeaders h = new RecordHeaders();
        h.add(DecoderRegistry.FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
        h.add(DecoderRegistry.SOURCE_HEADER, name.getBytes(StandardCharsets.UTF_8));
        acks.add(producer.send(new ProducerRecord<byte[], byte[]>(topic, null, (byte[]) null, f.payload(), h)));
      }
      producer.flush();
      for (Future<RecordMetadata> a : acks) {
        a.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      err.println("cdrvault produce: the broker did not acknowledge the records ("
          + e.getCause().getClass().getSimpleName() + ")");
      return 1;
    }
    out.println("produced " + frames.size() + " records from " + file.getFileName() + " to " + topic + " (format "
        + format + ", source " + name + ")");
    out.flush();
    return 0;
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.indexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
