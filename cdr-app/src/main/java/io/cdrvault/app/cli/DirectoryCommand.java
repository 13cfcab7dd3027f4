package io.cdrvault.app.cli;

import io.cdrvault.ingest.directory.DirectoryTopic;
import io.cdrvault.ingest.directory.DirectoryTopicFeed;
import io.cdrvault.ingest.directory.NumberAssignment;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdrvault directory import | publish | show}: the compacted subscriber directory topic
 * (format: {@link DirectoryTopic}). {@code import} checks a directory file (every bad line, by
 * path and line number, never a value) and publishes all of its periods only when the whole file
 * is good; {@code publish} publishes (or, with {@code --delete}, tombstones) one period;
 * {@code show} reads the topic to its end and prints counts, per period masked with
 * {@code --list}, in plain text only with {@code --reveal}. Every Kafka call is bounded by
 * {@code --timeout}; a timeout names the address and topic.
 *
 * <p>Exit codes: 0 done, 1 the file is bad (nothing published), 2 usage error or Kafka unreachable.
 * Not thread-safe (one instance per command line).
 */
@Command(name = "directory", mixinStandardHelpOptions = true,
    description = {"The subscriber directory topic (compacted; key 'number|validFrom', JSON value):",
        "import a directory file, publish one assignment, show what the topic holds. See docs/first-node.md."})
public final class DirectoryCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (import, publish, show)");
  }

  /** The {@code directory} group with its subcommands. */
  public static CommandLine group() {
    return new CommandLine(new DirectoryCommand())
        .addSubcommand(new Import())
        .addSubcommand(new Publish())
        .addSubcommand(new Show());
  }

  /** Options every subcommand shares. */
  static final class KafkaOptions {
    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers (HOST:PORT[,HOST:PORT])")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafkaConfig;

    /** The security of {@code --kafka-config}; its problems as a {@link CdrVaultException}. */
    KafkaSecurity security() {
      try {
        return kafkaConfig.security(System.getenv());
      } catch (KafkaCli.Unavailable e) {
        throw new CdrVaultException(e.getMessage());
      }
    }

    /** Client settings with the security of {@code --kafka-config} and then {@code settings}. */
    Map<String, Object> client(Map<String, Object> settings) {
      Map<String, Object> c = security().applyTo(new java.util.HashMap<>());
      c.putAll(settings);
      return c;
    }

    @Option(names = "--topic", defaultValue = "cdr.subscribers",
        description = "directory topic (ingest.directoryTopic). Default: ${DEFAULT-VALUE}")
    String topic;

    @Option(names = "--timeout", defaultValue = "30s",
        description = "longest wait for Kafka (e.g. 10s, 2m). Default: ${DEFAULT-VALUE}")
    String timeout;

    Duration timeout() {
      String t = timeout.strip().toLowerCase(java.util.Locale.ROOT);
      try {
        Duration d = t.endsWith("ms") ? Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)))
            : t.endsWith("s") ? Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)))
            : t.endsWith("m") ? Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)))
            : Duration.parse(timeout);
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException();
        }
        return d;
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("--timeout must be a positive duration such as 30s, 500ms, 2m or PT1M");
      }
    }

    /** {@code 30s} / {@code 500ms}. */
    String timeoutText() {
      long ms = timeout().toMillis();
      return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    String where() {
      return "directory topic '" + topic + "' at " + bootstrap;
    }
  }

  /** Creates the topic if needed and publishes {@code periods}; returns how many were written. */
  static int publishAll(KafkaOptions k, int partitions, SortedMap<String, List<NumberAssignment>> periods) {
    Duration timeout = k.timeout();
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try (Admin admin = Admin.create(k.client(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms)))) {
      DirectoryTopic.createTopic(admin, k.topic, partitions, timeout);
    } catch (CdrVaultException e) {
      throw new CdrVaultException("cannot create or check " + k.where() + " within " + k.timeoutText() + " ("
          + rootKind(e) + ")", e);
    }
    Map<String, Object> c = k.client(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, ms, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms + 1000, ProducerConfig.LINGER_MS_CONFIG, 5));
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
    int sent = 0;
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (var e : periods.entrySet()) {
        for (NumberAssignment a : e.getValue()) {
          acks.add(DirectoryTopic.publish(p, k.topic, e.getKey(), a.customer(), a.from(), a.to()));
        }
      }
      p.flush();
      for (Future<RecordMetadata> f : acks) {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        sent++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted publishing to " + k.where(), e);
    } catch (Exception e) {
      throw new CdrVaultException("cannot publish to " + k.where() + " within " + k.timeoutText() + " ("
          + rootKind(e) + "); " + sent + " of the periods were acknowledged, publishing them all again is safe", e);
    }
    return sent;
  }

  private static String rootKind(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t != t.getCause()) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }

  /** {@code directory import FILE}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Checks a subscriber directory file (CSV number,customerId[,validFrom[,validTo]] or YAML, as",
          "ingest.directoryFile) and, only if every line is good, publishes all of its periods to the topic",
          "(created compacted if missing). Bad lines are reported by path and line number, exit 1.",
          "Publishing the same file again is harmless (same keys). Use --check to only validate."})
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "1", description = "partitions if the topic is created. Default: ${DEFAULT-VALUE}")
    int partitions;

    @Option(names = "--check", description = "only validate the file; publish nothing")
    boolean check;

    @Parameters(index = "0", paramLabel = "FILE", description = "directory file (.csv, or .yaml/.yml)")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      SubscriberDirectory.Checked c = SubscriberDirectory.check(file);
      if (!c.problems().isEmpty()) {
        for (String p : c.problems()) {
          err.println(file + ": " + p);
        }
        err.println("cdrvault: " + file + " has " + c.problems().size() + " bad line(s); nothing was published");
        return 1;
      }
      SubscriberDirectory d = c.directory();
      if (check) {
        out.println(file + ": " + d.size() + " numbers, " + d.periodCount() + " periods; file is valid");
        return 0;
      }
      int sent = publishAll(kafka, partitions, d.assignments());
      out.println("published " + sent + " periods for " + d.size() + " numbers from " + file + " to "
          + kafka.where());
      return 0;
    }
  }

  /** {@code directory publish --number N --customer C [--from] [--to]}. */
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = {"Publishes one assignment: --customer holds --number over [--from, --to). Publishing the same",
          "number and --from again replaces that period; --delete removes it (a tombstone)."})
  static final class Publish implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--number", required = true, description = "E.164 number, e.g. +12025550143")
    String number;

    @Option(names = "--customer", description = "customer id (required unless --delete)")
    String customer;

    @Option(names = "--from", description = "first instant (ISO-8601 instant or date, UTC); default: since always")
    String from;

    @Option(names = "--to", description = "exclusive end (ISO-8601 instant or date); default: open-ended")
    String to;

    @Option(names = "--delete", description = "delete the period of --number starting at --from")
    boolean delete;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      List<String> problems = new ArrayList<>();
      if (!PhoneNumber.isE164(number)) {
        problems.add("--number must be E.164 (+ and digits)");
      }
      Instant start = instant(from, "--from", problems);
      Instant end = instant(to, "--to", problems);
      CustomerId id = null;
      if (!delete) {
        if (customer == null) {
          problems.add("--customer is required (or --delete)");
        } else {
          try {
            id = CustomerId.of(customer);
          } catch (IllegalArgumentException e) {
            problems.add("--customer is not a valid customer id");
          }
        }
        if (start != null && end != null && !end.isAfter(start)) {
          problems.add("--to must be after --from");
        }
      }
      if (!problems.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
      }
      Instant s = start == null ? NumberAssignment.SINCE_ALWAYS : start;
      if (delete) {
        tombstone(s);
        out.println("deleted the period starting " + label(s) + " of one number in " + kafka.where());
        return 0;
      }
      java.util.TreeMap<String, List<NumberAssignment>> one = new java.util.TreeMap<>();
      one.put(number, List.of(new NumberAssignment(id, s, end)));
      publishAll(kafka, 1, one);
      out.println("published 1 period (" + label(s) + " .. " + (end == null ? "open" : end) + ") to " + kafka.where());
      return 0;
    }

    private void tombstone(Instant start) throws Exception {
      Duration timeout = kafka.timeout();
      int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
      Map<String, Object> c = kafka.client(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
          ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, ms,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms + 1000));
      try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
        DirectoryTopic.tombstone(p, kafka.topic, number, start).get(ms + 2000L, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
          | org.apache.kafka.common.KafkaException e) {
        throw new CdrVaultException("cannot publish to " + kafka.where() + " within " + kafka.timeoutText() + " ("
            + rootKind(e) + ")", e);
      }
    }

    private static Instant instant(String text, String option, List<String> problems) {
      if (text == null || text.isBlank()) {
        return null;
      }
      String t = text.strip();
      try {
        if (t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-') {
          return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(t);
      } catch (java.time.DateTimeException e) {
        problems.add(option + " is not an ISO-8601 instant or date");
        return null;
      }
    }
  }

  static String label(Instant from) {
    return from.equals(NumberAssignment.SINCE_ALWAYS) ? "always" : from.toString();
  }

  /** {@code directory show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Reads the topic to its end and prints how many numbers and periods it holds.",
          "--list adds one line per period with the number and customer id masked; --reveal prints them in",
          "plain text, as a directory file (CSV) that 'import' accepts. Numbers and customer ids are",
          "CPNI-adjacent: reveal only where the output is protected."})
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--list", description = "one line per period, number and customer masked")
    boolean list;

    @Option(names = "--reveal", description = "one line per period in plain text (CSV, implies --list)")
    boolean reveal;

    @Option(names = "--number", description = "only this E.164 number")
    String number;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Duration timeout = kafka.timeout();
      SortedMap<String, List<NumberAssignment>> all;
      DirectoryTopicFeed feed;
      try {
        feed = DirectoryTopicFeed.start(kafka.bootstrap, kafka.security(), kafka.topic,
            SubscriberDirectory.empty(), new SimpleMeterRegistry(), timeout);
      } catch (CdrVaultException e) {
        throw new CdrVaultException("cannot read " + kafka.where() + " within " + kafka.timeoutText() + ": "
            + (e.getMessage().endsWith("does not exist") ? "the topic does not exist" : rootKind(e)), e);
      }
      try (feed) {
        if (!feed.awaitCaughtUp(timeout)) {
          throw new CdrVaultException("did not read " + kafka.where() + " to its end within " + kafka.timeoutText());
        }
        all = feed.assignments();
      }
      if (number != null) {
        List<NumberAssignment> p = all.get(number);
        all = new java.util.TreeMap<>(p == null ? Map.of() : Map.of(number, p));
      }
      int periods = all.values().stream().mapToInt(List::size).sum();
      out.println(kafka.where() + (number != null ? " (one number)" : "") + ": " + all.size()
          + " numbers, " + periods + " periods");
      if (reveal) {
        out.println("number,customerId,validFrom,validTo");
      }
      if (list || reveal) {
        for (var e : all.entrySet()) {
          for (NumberAssignment a : e.getValue()) {
            String f = a.from().equals(NumberAssignment.SINCE_ALWAYS) ? "" : a.from().toString();
            String t = a.to() == null ? "" : a.to().toString();
            out.println(reveal ? e.getKey() + "," + a.customer().value() + "," + f + "," + t
                : maskNumber(e.getKey()) + "  " + maskCustomer(a.customer().value()) + "  "
                    + (f.isEmpty() ? "always" : f) + " .. " + (t.isEmpty() ? "open" : t));
          }
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code +1202*****43}: the country/area prefix (5 characters) and the last 2 digits. */
  static String maskNumber(String e164) {
    if (e164.length() <= 7) {
      return e164.charAt(0) + "*".repeat(e164.length() - 1);
    }
    return e164.substring(0, 5) + "*".repeat(e164.length() - 7) + e164.substring(e164.length() - 2);
  }

  /** The first 2 characters and the length: {@code AC***** (9)}. */
  static String maskCustomer(String id) {
    String head = id.length() <= 4 ? "" : id.substring(0, 2);
    return head + "*".repeat(id.length() - head.length()) + " (" + id.length() + ")";
  }
}
