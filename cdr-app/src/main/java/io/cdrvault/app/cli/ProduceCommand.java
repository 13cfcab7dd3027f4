package io.cdrvault.app.cli;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.PayloadFramer;
import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
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
 * <p>Before sending it checks, within {@code --timeout}, that the cluster answers and the topic
 * exists, so a wrong address or a missing topic fails at once with one message naming it (exit 2)
 * instead of the client retrying for minutes; sends are bounded by the same timeout.
 *
 * <p>Exit codes: 0 all acknowledged, 1 the broker did not take them, 2 usage error, unreachable
 * cluster or missing topic.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
    description = {"Replays a native CDR file into Kafka, one record per payload,",
        "with headers cdr.format and cdr.source (idempotent producer, acks=all)."})
public final class ProduceCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  KafkaConfigOption kafkaConfig;

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers (HOST:PORT)")
  String bootstrap;

  @Option(names = "--format", required = true, description = "the file's format (the cdr.format header)")
  String format;

  @Option(names = "--topic", defaultValue = "cdr.raw", description = "topic. Default: ${DEFAULT-VALUE}")
  String topic;

  @Option(names = "--source", description = "the cdr.source header (the switch's name). Default: the file name without extension")
  String source;

  @Option(names = "--source-config", paramLabel = "FILE",
      description = "the node's sources file (ingest.sourcesFile); warns when the source is not in it")
  Path sourceConfig;

  @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
      description = "give up reaching the cluster, finding the topic or getting acks after this. Default: ${DEFAULT-VALUE}")
  int timeoutSeconds;

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
    warnUnknownSource(err, name);
    if (timeoutSeconds < 1) {
      err.println("cdrvault produce: --timeout must be at least 1 second");
      return CdrVaultCli.USAGE_ERROR;
    }
    java.time.Duration timeout = java.time.Duration.ofSeconds(timeoutSeconds);
    KafkaCli.quietClientLogs();
    KafkaSecurity security;
    try {
      security = kafkaConfig.security(System.getenv());
      try (Admin admin = KafkaCli.admin(bootstrap, security, timeout)) {
        KafkaCli.requireTopic(admin, bootstrap, topic, timeout);
      }
    } catch (KafkaCli.Unavailable e) {
      err.println("cdrvault produce: " + e.getMessage());
      return CdrVaultCli.USAGE_ERROR;
    }
    List<PayloadFramer.Framed> frames = PayloadFramer.frame(bytes, decoder.framing());
    try (KafkaProducer<byte[], byte[]> producer = TrafficSimulator.newProducer(bootstrap,
        security.applyTo(new java.util.HashMap<>(KafkaCli.boundedProducer(timeout))))) {
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
    } catch (java.util.concurrent.ExecutionException | org.apache.kafka.common.KafkaException e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      err.println("cdrvault produce: " + bootstrap + " did not acknowledge the records for topic '" + topic + "' ("
          + cause.getClass().getSimpleName() + ")");
      return 1;
    }
    out.println("produced " + frames.size() + " records from " + file.getFileName() + " to " + topic + " (format "
        + format + ", source " + name + ")");
    out.flush();
    return 0;
  }

  /**
   * The node reads a record's times and national numbers with its source's settings; a source the
   * node does not know is read as UTC and the default region, so say so rather than stay silent.
   */
  private void warnUnknownSource(PrintWriter err, String name) {
    if (sourceConfig == null) {
      err.println("cdrvault produce: warning: records carry source '" + name + "'"
          + (source == null ? " (the file name; set --source)" : "")
          + "; unless the node's sources file (ingest.sourcesFile) names it, its local times are read as"
          + " UTC and national numbers in the default region (check with --source-config FILE)");
      return;
    }
    try {
      SourceCatalog catalog = SourceCatalog.load(sourceConfig,
          new SourceContext("default", DecodeCommand.DEFAULT_REGION, java.time.ZoneId.of("UTC")));
      if (!catalog.names().contains(name)) {
        err.println("cdrvault produce: warning: source '" + name + "' is not in " + sourceConfig.getFileName()
            + " (known: " + String.join(", ", new java.util.TreeSet<>(catalog.names()))
            + "); the node reads its local times as UTC and national numbers in the default region");
      }
    } catch (io.cdrvault.store.config.ConfigException e) {
      err.println("cdrvault produce: warning: cannot check the source against " + sourceConfig.getFileName()
          + ": " + e.getMessage());
    }
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.indexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
