package io.cdrvault.app.cli;

import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.ingest.simulate.ExpectedTally;
import io.cdrvault.ingest.simulate.FraudScenario;
import io.cdrvault.ingest.simulate.SimulatorBuilder;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdrvault simulate --bootstrap H:P --rate R --customers N --duration D}: streams simulated
 * softswitch traffic in native formats into Kafka at a rate for a duration, optionally with fraud
 * bursts, writes the customers' directory CSV when asked (so {@code serve} can attribute), and
 * prints per-format counts and the expected tally totals.
 *
 * <p>Exit codes: 0 done, 1 the broker failed, 2 usage error.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Streams simulated voice and SMS traffic in native formats into Kafka,",
        "with headers cdr.format and cdr.source, and prints what a correct ingest must store."})
public final class SimulateCommand implements Callable<Integer> {
  @CommandLine.Mixin
  KafkaConfigOption kafkaConfig;

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers (HOST:PORT)")
  String bootstrap;

  @Option(names = "--topic", defaultValue = "cdr.raw", description = "topic. Default: ${DEFAULT-VALUE}")
  String topic;

  @Option(names = "--rate", defaultValue = "100", description = "records per second. Default: ${DEFAULT-VALUE}")
  int rate;

  @Option(names = "--customers", defaultValue = "1000", description = "simulated customers. Default: ${DEFAULT-VALUE}")
  int customers;

  @Option(names = "--duration", required = true, converter = DurationConverter.class,
      description = "how long to stream: ISO-8601 (PT5M) or 500ms / 30s / 5m / 2h")
  Duration duration;

  @Option(names = "--formats", split = ",", description = "formats to write (default: all of them: ${COMPLETION-CANDIDATES})",
      completionCandidates = Formats.class)
  List<String> formats;

  @Option(names = "--fraud", split = ",", description = "fraud scenarios to inject: irsf, wangiri")
  List<String> fraud;

  @Option(names = "--seed", defaultValue = "42", description = "seed of customers and traffic. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--malformed", defaultValue = "0", description = "fraction (0..1) of bad payloads. Default: ${DEFAULT-VALUE}")
  double malformed;

  @Option(names = "--directory-out", description = "write the customers' directory (CSV number,customerId) here")
  Path directoryOut;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (rate < 1 || customers < 1 || duration.isNegative() || duration.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--rate and --customers must be >= 1 and --duration positive");
    }
    SimulatorBuilder b = TrafficSimulator.builder().seed(seed).customers(customers)
        .window(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(30)), Duration.ofDays(30))
        .formats(formats == null || formats.isEmpty() ? TrafficSimulator.FORMATS : formats);
    try {
      b.malformedFraction(malformed);
      if (fraud != null) {
        b.fraud(fraud.stream().map(FraudScenario::parse).toArray(FraudScenario[]::new));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    TrafficSimulator sim;
    try {
      sim = b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (directoryOut != null) {
      writeDirectory(sim, directoryOut);
      out.println("wrote the directory of " + sim.customers().size() + " customers to " + directoryOut);
    }
    // as produce: a wrong address or a missing topic fails at once (exit 2), not after minutes
    KafkaCli.quietClientLogs();
    KafkaSecurity security;
    try {
      security = kafkaConfig.security(System.getenv());
      try (org.apache.kafka.clients.admin.Admin admin =
          KafkaCli.admin(bootstrap, security, KafkaCli.DEFAULT_TIMEOUT)) {
        KafkaCli.requireTopic(admin, bootstrap, topic, KafkaCli.DEFAULT_TIMEOUT);
      }
    } catch (KafkaCli.Unavailable e) {
      spec.commandLine().getErr().println("cdrvault simulate: " + e.getMessage());
      return CdrVaultCli.USAGE_ERROR;
    }
    Map<String, Long> perFormat = new LinkedHashMap<>();
    sim.formats().forEach(f -> perFormat.put(f, 0L));
    long sent = 0;
    long total = Math.max(1, duration.toMillis() * rate / 1000);
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = TrafficSimulator.newProducer(bootstrap,
        security.applyTo(new java.util.HashMap<>(KafkaCli.boundedProducer(KafkaCli.DEFAULT_TIMEOUT))))) {
      while (sent < total) {
        // send what the rate allows up to now, then sleep a little
        long due = Math.min((System.nanoTime() - t0) / 1_000_000L * rate / 1000 + 1, total);
        while (sent < due) {
          TrafficSimulator.Payload p = sim.next();
          producer.send(p.toProducerRecord(topic));
          perFormat.merge(p.format(), 1L, Long::sum);
          sent++;
        }
        if (sent < total) {
          Thread.sleep(Math.max(1, Math.min(100, 1000 / rate)));
        }
      }
      producer.flush();
    }
    ExpectedTally t = sim.tally();
    out.println("sent " + sent + " records to " + topic + " in " + duration + " (" + rate + "/s)");
    perFormat.forEach((f, n) -> out.println("  " + f + ": " + n));
    out.println("expected: " + t.storedRecords() + " stored records from " + t.validPayloads() + " valid payloads, "
        + t.deadLetters().size() + " dead letters, " + t.skippedPayloads() + " skipped, " + t.duplicates()
        + " duplicates, " + t.contentFields() + " content fields dropped");
    out.flush();
    return 0;
  }

  static void writeDirectory(TrafficSimulator sim, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("number,customerId\n");
      for (TrafficSimulator.Customer c : sim.customers()) {
        for (String n : c.numbers()) {
          w.write(n + "," + c.id().value() + "\n");
        }
      }
    }
  }

  /** The simulator's formats, for the help text. */
  static final class Formats extends ArrayList<String> {
    Formats() {
      super(TrafficSimulator.FORMATS);
    }
  }

  /** ISO-8601 durations or a number with unit ms, s, m, h. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      String s = v.trim().toLowerCase(Locale.ROOT);
      try {
        if (s.startsWith("pt") || s.startsWith("p")) {
          return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new CommandLine.TypeConversionException("not a duration: use PT30S, 30s, 5m or 2h");
        };
      } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
        throw new CommandLine.TypeConversionException("not a duration: use PT30S, 30s, 5m or 2h");
      }
    }
  }
}
