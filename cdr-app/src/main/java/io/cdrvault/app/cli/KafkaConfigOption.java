package io.cdrvault.app.cli;

import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.ingest.pipeline.IngestConfig;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.YamlConfigFiles;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}, shared by the commands that talk to Kafka ({@code produce},
 * {@code simulate}, {@code topics create}, {@code directory ...}, {@code dlq ...}): they connect
 * with the security of a node config's {@code ingest.kafka.*} keys (passwords from the variables or
 * files it names), exactly as the node does. Without it they speak PLAINTEXT. The bootstrap
 * address still comes from {@code --bootstrap}.
 *
 * <p>Not thread-safe (one instance per command line).
 */
final class KafkaConfigOption {
  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "node configuration (YAML) whose ingest.kafka.* keys say how to reach a secured "
          + "cluster (SASL_SSL, SSL; passwords from their variables or files). Default: PLAINTEXT")
  Path file;

  /**
   * The security to connect with.
   *
   * @throws KafkaCli.Unavailable naming the file and every problem in it
   */
  KafkaSecurity security(Map<String, String> env) throws KafkaCli.Unavailable {
    return file == null ? KafkaSecurity.PLAINTEXT : of(file, env);
  }

  /** The security of the node config {@code file}. */
  static KafkaSecurity of(Path file, Map<String, String> env) throws KafkaCli.Unavailable {
    try {
      return IngestConfig.settings(IngestConfig.DEF.parse(
          YamlConfigFiles.section(YamlConfigFiles.load(file), "ingest")), env).kafka();
    } catch (ConfigException e) {
      throw new KafkaCli.Unavailable(file + ": " + e.getMessage());
    }
  }
}
