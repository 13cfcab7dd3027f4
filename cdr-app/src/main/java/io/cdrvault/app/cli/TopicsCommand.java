package io.cdrvault.app.cli;

import io.cdrvault.ingest.directory.DirectoryTopic;
import io.cdrvault.ingest.pipeline.IngestConfig;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.YamlConfigFiles;
import io.cdrvault.store.errors.CdrVaultException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdrvault topics create}: creates the topics a node reads and writes — the input topic
 * ({@code ingest.topic}), its dead-letter topic ({@code ingest.deadLetterTopic}, default
 * {@code <topic>.dlq}), the per-format input topics named in {@code ingest.topicFormats}, and the
 * compacted directory topic ({@code ingest.directoryTopic}) — from {@code --config} or options.
 * Existing topics are left as they are (a directory topic must already be compacted).
 *
 * <p>Exit codes: 0 all exist now, 1 the cluster refused one, 2 usage error or unreachable cluster.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Creates the input, per-format, dead-letter and (compacted) directory topics.",
        "Topics come from --config (the node's ingest section) and/or the options; existing topics are kept."})
public final class TopicsCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "node configuration (YAML); its ingest section names the topics")
  Path config;

  @CommandLine.Mixin
  KafkaConfigOption kafkaConfig;

  @Option(names = "--bootstrap", description = "Kafka bootstrap servers (HOST:PORT). Default: ingest.bootstrapServers of --config")
  String bootstrap;

  @Option(names = "--topic", description = "input topic. Default: ingest.topic of --config, else cdr.raw")
  String topic;

  @Option(names = "--format-topic", split = ",", paramLabel = "TOPIC=FORMAT",
      description = "a per-format input topic (as ingest.topicFormats); repeatable")
  Map<String, String> formatTopics = new LinkedHashMap<>();

  @Option(names = "--directory-topic", description = "compacted subscriber directory topic. Default: ingest.directoryTopic of --config, else none")
  String directoryTopic;

  @Option(names = "--partitions", defaultValue = "4", description = "partitions of each input topic. Default: ${DEFAULT-VALUE}")
  int partitions;

  @Option(names = "--dlq-partitions", defaultValue = "1", description = "partitions of the dead-letter topic. Default: ${DEFAULT-VALUE}")
  int dlqPartitions;

  @Option(names = "--directory-partitions", defaultValue = "1",
      description = "partitions of the directory topic. Default: ${DEFAULT-VALUE}")
  int directoryPartitions;

  @Option(names = "--replication-factor", description = "replication factor. Default: the broker's default.replication.factor")
  Short replication;

  @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
      description = "give up reaching the cluster or creating a topic after this. Default: ${DEFAULT-VALUE}")
  int timeoutSeconds;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** {@code cdrvault topics}: the group holding {@code create}. */
  public static CommandLine group() {
    return new CommandLine(new Group()).addSubcommand(new TopicsCommand());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    IngestSettings fromConfig = null;
    if (config != null) {
      try {
        fromConfig = IngestConfig.settings(YamlConfigFiles.section(YamlConfigFiles.load(config), "ingest"));
      } catch (ConfigException e) {
        err.println("cdrvault topics create: " + config + ": " + e.getMessage());
        return CdrVaultCli.USAGE_ERROR;
      }
    }
    String servers = bootstrap != null ? bootstrap : fromConfig == null ? null : fromConfig.bootstrapServers();
    if (servers == null) {
      err.println("cdrvault topics create: give --bootstrap or --config");
      return CdrVaultCli.USAGE_ERROR;
    }
    if (partitions < 1 || dlqPartitions < 1 || directoryPartitions < 1 || timeoutSeconds < 1
        || (replication != null && replication < 1)) {
      err.println("cdrvault topics create: partitions, --replication-factor and --timeout must be >= 1");
      return CdrVaultCli.USAGE_ERROR;
    }
    String input = topic != null ? topic : fromConfig != null ? fromConfig.topic() : "cdr.raw";
    String dlq = topic == null && fromConfig != null ? fromConfig.deadLetterTopic() : input + ".dlq";
    Map<String, Integer> plain = new LinkedHashMap<>();
    plain.put(input, partitions);
    if (fromConfig != null) {
      fromConfig.topicFormats().keySet().forEach(t -> plain.put(t, partitions));
    }
    formatTopics.keySet().forEach(t -> plain.put(t, partitions));
    plain.put(dlq, dlqPartitions);
    String directory = directoryTopic != null ? directoryTopic
        : fromConfig == null ? null : fromConfig.directoryTopic();

    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    KafkaCli.quietClientLogs();
    List<String> failed = new ArrayList<>();
    try (Admin admin = KafkaCli.admin(servers, kafkaConfig.file == null && fromConfig != null
        ? fromConfig.kafka() : kafkaConfig.security(System.getenv()), timeout)) {
      for (Map.Entry<String, Integer> t : plain.entrySet()) {
        NewTopic nt = new NewTopic(t.getKey(), Optional.of(t.getValue()), Optional.ofNullable(replication));
        report(out, err, failed, t.getKey(), create(admin, servers, nt, timeout), t.getValue(), "");
      }
      if (directory != null) {
        try {
          boolean created = !exists(admin, servers, directory, timeout);
          DirectoryTopic.createTopic(admin, directory, directoryPartitions);
          report(out, err, failed, directory, created ? "created" : "exists", directoryPartitions, ", compacted");
        } catch (CdrVaultException e) {
          report(out, err, failed, directory, "failed: " + e.getMessage(), directoryPartitions, "");
        }
      }
    } catch (KafkaCli.Unavailable e) {
      err.println("cdrvault topics create: " + e.getMessage());
      return CdrVaultCli.USAGE_ERROR;
    }
    out.flush();
    return failed.isEmpty() ? 0 : 1;
  }

  private static void report(PrintWriter out, PrintWriter err, List<String> failed, String name, String outcome,
      int parts, String extra) {
    if (outcome.startsWith("failed")) {
      failed.add(name);
      err.println("cdrvault topics create: topic '" + name + "' " + outcome);
    } else {
      out.println(outcome + " " + name + " (" + parts + " partition" + (parts == 1 ? "" : "s") + extra + ")");
    }
  }

  private static String create(Admin admin, String servers, NewTopic t, Duration timeout) throws KafkaCli.Unavailable {
    try {
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return "created";
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return "exists";
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw KafkaCli.unreachable(servers, timeout);
      }
      return "failed: " + e.getCause().getClass().getSimpleName() + " (" + e.getCause().getMessage() + ")";
    } catch (TimeoutException e) {
      throw KafkaCli.unreachable(servers, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaCli.Unavailable("interrupted while creating topics on " + servers);
    }
  }

  private static boolean exists(Admin admin, String servers, String name, Duration timeout) throws KafkaCli.Unavailable {
    try {
      return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(name);
    } catch (ExecutionException | TimeoutException e) {
      throw KafkaCli.unreachable(servers, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaCli.Unavailable("interrupted while listing topics on " + servers);
    }
  }

  /** {@code cdrvault topics ...}. */
  @Command(name = "topics", mixinStandardHelpOptions = true, description = "Kafka topic commands (create).")
  static final class Group implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (create)");
    }
  }
}
