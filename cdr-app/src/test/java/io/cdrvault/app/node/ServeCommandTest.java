package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.model.CustomerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

  @TempDir
  Path dir;

  @Test
  void load_reportsEveryProblemOfEverySection_atOnce_withoutThePassword() throws Exception {
    Path f = dir.resolve("node.yaml");
    Files.writeString(f, """
        store:
          keystore:
            type: JKS
        ingest:
          batchSize: 0
        query:
          http:
            port: 99999
        extra:
          x: 1
        """);
    assertThatThrownBy(() -> ServeCommand.load(f, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "unknown section 'extra' (expected store, ingest, query)",
            "store: key 'keystore.type' is invalid: must be PKCS12 or BCFKS",
            "ingest: missing required key 'bootstrapServers'",
            "ingest: key 'batchSize' is invalid: must be 1..100000",
            "query: key 'http.port' is invalid: must be 0..65535"));
  }

  @Test
  void load_reportsRetentionRules_withTheOtherProblems_atOnce() throws Exception {
    Path f = dir.resolve("node.yaml");
    Files.writeString(f, """
        store:
          retention:
            overrides: [US.VOICE=P6M]
        ingest:
          batchSize: 0
        """);
    assertThatThrownBy(() -> ServeCommand.load(f, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "store: key 'retention.overrides' entry 0 sets the retention of VOICE below its "
                + "statutory minimum P18M (key 'erasure.statutoryMinimum')",
            "ingest: missing required key 'bootstrapServers'",
            "ingest: key 'batchSize' is invalid: must be 1..100000"));
  }

  @Test
  void load_keepsTheParsedSections_forTheStartupLog() throws Exception {
    Path f = dir.resolve("node.yaml");
    Files.writeString(f, "ingest:\n  bootstrapServers: 127.0.0.1:9092\n"
        + "query:\n  principalsFile: " + Path.of("..", "config", "principals.yaml").toAbsolutePath()
        + "\n  policyFile: " + Path.of("..", "config", "policy.yaml").toAbsolutePath() + "\n");

    ServeCommand.Loaded loaded = ServeCommand.load(f, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw"));

    assertThat(loaded.configs()).extracting(Object::toString).satisfiesExactly(
        store -> assertThat(store).startsWith("store{dataDir=data, "),
        ingest -> assertThat(ingest).startsWith("ingest{bootstrapServers=127.0.0.1:9092, "),
        query -> assertThat(query).startsWith("query{http.host=127.0.0.1, "));
  }

  @Test
  void load_namesTheMissingPasswordVariable() throws Exception {
    Path f = dir.resolve("node.yaml");
    Files.writeString(f, """
        store:
          keystore:
            passwordEnv: MY_KS_PASSWORD
        ingest:
          bootstrapServers: 127.0.0.1:9092
        """);
    assertThatThrownBy(() -> ServeCommand.load(f, Map.of("OTHER", "secret-value")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MY_KS_PASSWORD")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void load_validFile_buildsTheNodeSettings() throws Exception {
    Path subscribers = dir.resolve("subscribers.csv");
    Files.writeString(subscribers, "number,customerId\n+12025550143,ACME-0042\n");
    Path f = dir.resolve("node.yaml");
    Path config = Path.of("..", "config").toAbsolutePath();
    Files.writeString(f, "store:\n  dataDir: " + dir.resolve("data") + "\n"
        + "ingest:\n  bootstrapServers: 127.0.0.1:9092\n  topic: cdr.in\n  directoryFile: " + subscribers + "\n"
        + "query:\n  http:\n    port: 0\n  principalsFile: " + config.resolve("principals.yaml") + "\n"
        + "  policyFile: " + config.resolve("policy.yaml") + "\n");
    ServeCommand.Loaded loaded = ServeCommand.load(f, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw"));
    assertThat(loaded.settings().store().dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(loaded.settings().ingest().topic()).isEqualTo("cdr.in");
    assertThat(loaded.settings().ingest().deadLetterTopic()).isEqualTo("cdr.in.dlq");
    assertThat(loaded.settings().api().port()).isZero();
    assertThat(loaded.settings().directory().customerAt("+12025550143", Instant.now()))
        .contains(CustomerId.of("ACME-0042"));
    assertThat(loaded.password()).containsExactly('p', 'w');
  }

  @Test
  void load_plainHttpOnAllInterfaces_isRefusedNamingTheKeys_unlessAllowed() throws Exception {
    Path config = Path.of("..", "config").toAbsolutePath();
    String common = "store:\n  dataDir: " + dir.resolve("data") + "\n"
        + "ingest:\n  bootstrapServers: 127.0.0.1:9092\n  topic: cdr.in\n"
        + "query:\n  principalsFile: " + config.resolve("principals.yaml") + "\n"
        + "  policyFile: " + config.resolve("policy.yaml") + "\n  http:\n    host: 0.0.0.0\n";
    Path refused = Files.writeString(dir.resolve("refused.yaml"), common);
    assertThatThrownBy(() -> ServeCommand.load(refused, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("plain HTTP on 0.0.0.0").contains("query.http.tls")
            .contains("query.http.allowPlaintext"));
    Path allowed = Files.writeString(dir.resolve("allowed.yaml"), common + "    allowPlaintext: true\n");
    assertThat(ServeCommand.load(allowed, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw")).settings().api()
        .allowPlaintext()).isTrue();
  }

  @Test
  void exampleConfig_sectionsParse_includingRetentionAndAudit() {
    Map<String, Object> all = io.cdrvault.store.config.YamlConfigFiles.load(
        Path.of("..", "config", "node.example.yaml"));
    io.cdrvault.store.config.Config store = io.cdrvault.store.rocks.StoreConfig.parse(
        io.cdrvault.store.config.YamlConfigFiles.section(all, "store"));
    io.cdrvault.store.lifecycle.RetentionPolicy retention =
        io.cdrvault.store.lifecycle.RetentionPolicy.from(store);
    io.cdrvault.query.config.QueryConfig query = io.cdrvault.query.config.QueryConfig.parse(
        io.cdrvault.store.config.YamlConfigFiles.section(all, "query"));

    assertThat(retention.retentionOf(io.cdrvault.store.model.ServiceType.VOICE))
        .isEqualTo(java.time.Period.ofMonths(18));
    assertThat(retention.retentionOf(io.cdrvault.store.model.ServiceType.SMS))
        .isEqualTo(java.time.Period.ofMonths(6));
    assertThat(query.audit().retention()).isEqualTo(java.time.Duration.ofDays(2557));
    assertThat(query.signingKeyFile()).isEqualTo(Path.of("node-data/keys/signing-key.p8"));
  }

  @Test
  void exampleConfig_validatesAsShipped_withADistinctGroupAndAnExistingDirectoryFile() throws Exception {
    Path config = ExampleConfigs.installedIn(dir.resolve("install"), "127.0.0.1:9092");

    ServeCommand.Loaded loaded = ServeCommand.load(config, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw"));

    assertThat(loaded.ingest().groupId()).isEqualTo("cdrvault-node")
        .isNotEqualTo(io.cdrvault.ingest.pipeline.IngestSettings.defaults("x:1", "t").groupId());
    assertThat(loaded.ingest().directoryFile()).isRegularFile();
    assertThat(loaded.ingest().directoryTopic()).isNull();
    assertThat(loaded.settings().directory().size()).isZero();
    assertThat(loaded.storeConfig().getPath(io.cdrvault.store.rocks.StoreConfig.KEYSTORE_PATH))
        .isEqualTo(dir.resolve("install").toAbsolutePath().resolve("node-data/keys/keystore.p12"));
  }

  @Test
  void start_beforeInit_namesTheMissingKeystoreAndTheInitCommand() throws Exception {
    Path config = ExampleConfigs.installedIn(dir.resolve("install"), "127.0.0.1:9");
    Path keystore = dir.resolve("install").toAbsolutePath().resolve("node-data/keys/keystore.p12");

    assertThatThrownBy(() -> ServeCommand.start(config, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw",
        "CDRVAULT_SIGNING_KEY_PASSWORD", "pw2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(keystore.toString()).hasMessageContaining("store.keystore.path")
        .hasMessageContaining("cdrvault init");
  }

  @Test
  void load_badDirectoryFile_namesThePathAndEveryBadLine_withoutValues() throws Exception {
    Path subscribers = dir.resolve("subs.csv");
    Files.writeString(subscribers, "number,customerId\n+12025550143,ACME-0042\n12025550199,ACME-7\n"
        + "+12025550144,ACME-9,notadate\n");
    Path missing = dir.resolve("nope.csv");
    for (Path p : new Path[] {subscribers, missing}) {
      Path f = dir.resolve("node.yaml");
      Files.writeString(f, "ingest:\n  bootstrapServers: 127.0.0.1:9092\n  directoryFile: " + p + "\n"
          + "query:\n  principalsFile: ../config/principals.yaml\n  policyFile: ../config/policy.yaml\n");
      assertThatThrownBy(() -> ServeCommand.load(f, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "pw")))
          .hasMessageContaining(p.toString());
    }
    assertThatThrownBy(() -> io.cdrvault.ingest.directory.SubscriberDirectory.load(subscribers))
        .hasMessageContaining("line 3").hasMessageContaining("line 4")
        .hasMessageNotContaining("12025550199").hasMessageNotContaining("ACME").hasMessageNotContaining("notadate");
  }
}
