package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cdrvault.app.cli.CdrVaultCli;
import io.cdrvault.app.testing.CliRun;
import io.cdrvault.ingest.deadletter.DeadLetters;
import io.cdrvault.ingest.deadletter.Selection;
import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.ingest.pipeline.IngestConfig;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.YamlConfigFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node against a real broker that only lets it in over SASL_SSL (SCRAM-SHA-512, a test CA),
 * configured as on Kubernetes: every secret (keystore, signing key, Kafka and trust store passwords)
 * from a mounted file, no environment variable. With the right password, records produced over
 * SASL_SSL are consumed and their offsets stored, the unattributed ones reach the dead-letter topic
 * and the dead-letter tool reads them back, and a record attributed through the directory topic is
 * stored, all over SASL_SSL. With a wrong one, {@code serve}
 * fails at start with one message naming the settings and holding no password.
 */
class SecuredKafkaIT {
  private static final String USER = "cdrvault-node";
  private static final String PASSWORD = "right-Pa55-\"quoted\"";
  private static final String WRONG = "wrong-Pa55-0815";
  private static final int RECORDS = 200;

  @TempDir
  static Path shared;
  private static EmbeddedKafkaBroker broker;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.startSecured(shared.resolve("kafka"), USER, PASSWORD);
    broker.createTopic("cdr.raw", 2);
    broker.createTopic("cdr.raw.dlq", 1);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static Path secret(Path dir, String name, String value) throws Exception {
    Path f = dir.resolve("secrets").resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, value + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
    return f;
  }

  /** The shipped example config on the SASL_SSL listener, every secret from a file. */
  private Path config(String kafkaPassword) throws Exception {
    Path config = ExampleConfigs.installedIn(dir.resolve("install"), broker.saslSslBootstrapServers());
    String text = Files.readString(config)
        .replace("    passwordEnv: CDRVAULT_KEYSTORE_PASSWORD\n", "    passwordEnv: CDRVAULT_KEYSTORE_PASSWORD\n"
            + "    passwordFile: " + secret(dir, "keystore-password", "ks-secret-4711") + "\n")
        .replace("    signingKeyFile: ", "    signingKeyPasswordFile: "
            + secret(dir, "signing-password", "sig-secret-0815") + "\n    signingKeyFile: ")
        .replace("ingest:\n", "ingest:\n"
            + "  kafka:\n"
            + "    securityProtocol: SASL_SSL\n"
            + "    sasl:\n"
            + "      mechanism: SCRAM-SHA-512\n"
            + "      username: " + USER + "\n"
            + "      passwordFile: " + secret(dir, "kafka-password", kafkaPassword) + "\n"
            + "    ssl:\n"
            + "      truststore:\n"
            + "        path: " + broker.tls().truststore() + "\n"
            + "        type: PKCS12\n"
            + "        passwordFile: " + secret(dir, "truststore-password", broker.tls().password()) + "\n");
    Files.writeString(config, text);
    CliRun init = CliRun.of(CdrVaultCli.commandLine(new InitCommand(Map.of())), "init", "--config",
        config.toString());
    assertThat(init.code()).as(init.err()).isZero();
    return config;
  }

  private static KafkaSecurity security(Path config) {
    return IngestConfig.settings(IngestConfig.DEF.parse(
        YamlConfigFiles.section(YamlConfigFiles.load(config), "ingest")), Map.of()).kafka();
  }

  @Test
  void rightPasswordFromAFile_ingestsOverSaslSsl_andDeadLettersGoOutOverItToo() throws Exception {
    Path config = config(PASSWORD);
    KafkaSecurity security = security(config);
    try (Node node = ServeCommand.start(config, Map.of())) {
      TrafficSimulator.builder().seed(17).customers(50).build()
          .produce(broker.saslSslBootstrapServers(), security, "cdr.raw", RECORDS);
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
          assertThat(node.store().storedOffsets().values().stream().mapToLong(Long::longValue).sum())
              .isEqualTo(RECORDS));
      assertThat(node.ingesting()).isTrue();
    }
    // no subscriber directory: the stored offsets cover dead letters, sent by the node's producer
    var letters = DeadLetters.connect(broker.saslSslBootstrapServers(), security, "cdr.raw.dlq",
        Duration.ofSeconds(30)).list(Selection.ALL, 10);
    assertThat(letters).isNotEmpty();

    // the CLI tools connect as the node does with --kafka-config (or topics' --config)
    String saslSsl = broker.saslSslBootstrapServers();
    CliRun topics = CliRun.of("topics", "create", "--config", config.toString(), "--directory-topic", "cdr.subscribers");
    assertThat(topics.code()).as(topics.err()).isZero();
    assertThat(topics.out()).contains("exists cdr.raw", "created cdr.subscribers");
    CliRun publish = CliRun.of("directory", "publish", "--bootstrap", saslSsl, "--kafka-config", config.toString(),
        "--topic", "cdr.subscribers", "--number", "+12025550143", "--customer", "ACME-0042", "--from", "2026-03-01");
    assertThat(publish.code()).as(publish.err()).isZero();
    CliRun show = CliRun.of("directory", "show", "--bootstrap", saslSsl, "--kafka-config", config.toString(),
        "--topic", "cdr.subscribers");
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("1 number");

    // attributed records are stored: the directory feed and the producer also talk SASL_SSL
    Files.writeString(config, Files.readString(config).replace("# directoryTopic: cdr.subscribers",
        "directoryTopic: cdr.subscribers"));
    Path record = dir.resolve("one.ndjson");
    Files.writeString(record, "{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"pbx7\",\"originId\":\"r-1\","
        + "\"type\":\"VOICE\",\"calling\":\"+12025550143\",\"called\":\"+12025550177\","
        + "\"start\":\"2026-03-02T09:00:00Z\",\"answer\":\"2026-03-02T09:00:05Z\","
        + "\"end\":\"2026-03-02T09:01:05Z\",\"disposition\":\"ANSWERED\"}\n");
    try (Node node = ServeCommand.start(config, Map.of())) {
      CliRun produce = CliRun.of("produce", "--bootstrap", saslSsl, "--kafka-config", config.toString(),
          "--topic", "cdr.raw", "--format", "canonical-json", record.toString());
      assertThat(produce.code()).as(produce.err()).isZero();
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(node.registry()
          .find("cdr.ingest.records").tag("outcome", "stored").counters().stream()
          .mapToDouble(c -> c.count()).sum()).isEqualTo(1.0));
    }
    CliRun summary = CliRun.of("dlq", "summary", "--bootstrap", saslSsl, "--kafka-config", config.toString(),
        "--topic", "cdr.raw.dlq");
    assertThat(summary.code()).as(summary.err()).isZero();
    assertThat(summary.out()).contains("unattributed");
    CliRun simulate = CliRun.of("simulate", "--bootstrap", saslSsl, "--kafka-config", config.toString(),
        "--topic", "cdr.raw", "--rate", "50", "--duration", "1s");
    assertThat(simulate.code()).as(simulate.err()).isZero();
    // without the security the listener is not reachable, and the tool says so once
    CliRun plain = CliRun.of("simulate", "--bootstrap", saslSsl, "--topic", "cdr.raw", "--rate", "10", "--duration", "1s");
    assertThat(plain.code()).isEqualTo(2);
    assertThat(plain.err()).contains("--kafka-config");
  }

  @Test
  void wrongPassword_failsAtStart_withOneMessageNamingTheSettings_andNoPassword() throws Exception {
    Path config = config(WRONG);
    assertThatThrownBy(() -> ServeCommand.start(config, Map.of()).close())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
            .contains("rejected the credentials of ingest.kafka.sasl.username", "SCRAM-SHA-512",
                "ingest.kafka.sasl.passwordFile")
            .doesNotContain(WRONG, PASSWORD, "ks-secret-4711"));

    long t0 = System.nanoTime();
    CliRun serve = CliRun.of(CdrVaultCli.commandLine(new ServeCommand()), "serve", "--config", config.toString());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
    assertThat(serve.code()).isEqualTo(2);
    assertThat(serve.err()).contains("cdrvault: invalid configuration", "ingest.kafka.sasl.passwordFile")
        .doesNotContain(WRONG, "\tat ", "Exception");
  }

  @Test
  void sslClientCertificate_isAccepted_andWithoutOneTheHandshakeFailureNamesTheTlsKeys() throws Exception {
    Path ts = secret(dir, "truststore-password", broker.tls().password());
    Path client = broker.tls().issueClient("cdrvault-node", dir.resolve("client.p12"));
    Map<String, Object> raw = new java.util.HashMap<>(Map.of("bootstrapServers", broker.sslBootstrapServers(),
        "kafka.securityProtocol", "SSL", "kafka.ssl.truststore.path", broker.tls().truststore().toString(),
        "kafka.ssl.truststore.passwordFile", ts.toString()));
    KafkaSecurity serverOnly = IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of()).kafka();
    raw.put("kafka.ssl.keystore.path", client.toString());
    raw.put("kafka.ssl.keystore.passwordFile", ts.toString());
    KafkaSecurity withCert = IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of()).kafka();

    io.cdrvault.ingest.kafka.KafkaPreflight.check(broker.sslBootstrapServers(), withCert, "cdr.raw",
        Duration.ofSeconds(15));
    TrafficSimulator.builder().seed(3).customers(5).build()
        .produce(broker.sslBootstrapServers(), withCert, "cdr.raw", 5);
    assertThatThrownBy(() -> io.cdrvault.ingest.kafka.KafkaPreflight.check(broker.sslBootstrapServers(),
        serverOnly, "cdr.raw", Duration.ofSeconds(15)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TLS handshake").hasMessageContaining("ingest.kafka.ssl.keystore.path")
        .hasMessageNotContaining(broker.tls().password());
  }
}
