package io.cdrvault.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.ingest.pipeline.IngestConfig;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.store.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityConfigTest {
  private static final String PASSWORD = "s3cr\"et\\pw";

  @TempDir
  Path dir;

  private Map<String, Object> saslSsl() throws Exception {
    Path pw = Files.writeString(dir.resolve("kafka-password"), PASSWORD + "\n");
    Path ts = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    Map<String, Object> raw = new HashMap<>();
    raw.put("bootstrapServers", "kafka-1.example.net:9093");
    raw.put("kafka.securityProtocol", "SASL_SSL");
    raw.put("kafka.sasl.username", "cdrvault-node");
    raw.put("kafka.sasl.passwordFile", pw.toString());
    raw.put("kafka.ssl.truststore.path", ts.toString());
    raw.put("kafka.ssl.truststore.type", "PEM");
    return raw;
  }

  @Test
  void plaintext_isTheDefault_andAddsOnlyTheProtocol() {
    IngestSettings s = IngestSettings.defaults("127.0.0.1:9092", "cdr.raw");
    assertThat(s.kafka()).isEqualTo(KafkaSecurity.PLAINTEXT);
    assertThat(s.kafkaClientProperties()).containsOnly(Map.entry("security.protocol", "PLAINTEXT"),
        Map.entry("bootstrap.servers", "127.0.0.1:9092"));
  }

  @Test
  void saslSsl_rendersScramJaasConfig_asAHiddenPassword_withThePasswordFromTheFile() throws Exception {
    KafkaSecurity k = IngestConfig.settings(IngestConfig.DEF.parse(saslSsl()), Map.of()).kafka();
    Map<String, Object> p = k.clientProperties();

    assertThat(p).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.endpoint.identification.algorithm", "https")
        .doesNotContainKey("ssl.truststore.password");
    assertThat(p.get("sasl.jaas.config")).isInstanceOf(Password.class);
    Password jaas = (Password) p.get("sasl.jaas.config");
    assertThat(jaas.value()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required "
        + "username=\"cdrvault-node\" password=\"s3cr\\\"et\\\\pw\";");
    // what Kafka's config logging and ours print
    assertThat(jaas.toString()).isEqualTo("[hidden]");
    assertThat(p.toString()).doesNotContain("s3cr");
    assertThat(k.describe()).contains("SASL_SSL", "SCRAM-SHA-512", "cdrvault-node", "kafka.sasl.passwordFile",
        "hostname verification on").doesNotContain("s3cr");
    assertThat(k.toString()).doesNotContain("s3cr");
    // Kafka itself accepts the rendered settings
    Map<String, Object> consumer = k.applyTo(new HashMap<>(Map.of("bootstrap.servers", "x:1",
        "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer")));
    assertThat(new ConsumerConfig(consumer).getPassword("sasl.jaas.config").toString()).isEqualTo("[hidden]");
  }

  @Test
  void passwordFromTheEnvironment_andPlainMechanism() throws Exception {
    Map<String, Object> raw = saslSsl();
    raw.remove("kafka.sasl.passwordFile");
    raw.put("kafka.sasl.passwordEnv", "KAFKA_PW");
    raw.put("kafka.sasl.mechanism", "PLAIN");
    KafkaSecurity k = IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of("KAFKA_PW", "pw1")).kafka();
    assertThat(((Password) k.clientProperties().get("sasl.jaas.config")).value())
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
        .contains("password=\"pw1\"");
  }

  @Test
  void everyProblemIsReportedAtOnce_namingTheKeys_neverAValue() throws Exception {
    Map<String, Object> raw = saslSsl();
    raw.put("kafka.sasl.passwordEnv", "KAFKA_PW");
    raw.remove("kafka.sasl.username");
    raw.put("kafka.ssl.keystore.path", dir.resolve("missing.p12").toString());
    assertThatThrownBy(() -> IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of("KAFKA_PW", "pw")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(m -> assertThat(m).contains("kafka.sasl.passwordEnv", "kafka.sasl.passwordFile", "only one"))
            .anySatisfy(m -> assertThat(m).contains("kafka.sasl.username", "required"))
            .anySatisfy(m -> assertThat(m).contains("kafka.ssl.keystore.path", "does not exist"))
            .anySatisfy(m -> assertThat(m).contains("kafka.ssl.keystore.passwordFile", "required"))
            .allSatisfy(m -> assertThat(m).doesNotContain("s3cr")));
  }

  @Test
  void anUnreadablePasswordFile_namesTheKeyAndFile() throws Exception {
    Map<String, Object> raw = saslSsl();
    raw.put("kafka.sasl.passwordFile", dir.resolve("nope").toString());
    assertThatThrownBy(() -> IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.sasl.passwordFile").hasMessageContaining("does not exist");
  }

  @Test
  void saslPlaintext_onlyOnLoopback_andSaslKeysOnlyWithSasl() throws Exception {
    Map<String, Object> raw = saslSsl();
    raw.remove("kafka.ssl.truststore.path");
    raw.put("kafka.securityProtocol", "SASL_PLAINTEXT");
    assertThatThrownBy(() -> IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of()))
        .hasMessageContaining("SASL_PLAINTEXT").hasMessageContaining("loopback");
    raw.put("bootstrapServers", "127.0.0.1:9092,localhost:9093,[::1]:9094");
    assertThat(IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of()).kafka().protocol())
        .isEqualTo(KafkaSecurity.Protocol.SASL_PLAINTEXT);
    raw.put("kafka.securityProtocol", "PLAINTEXT");
    assertThatThrownBy(() -> IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of()))
        .hasMessageContaining("kafka.sasl.*").hasMessageContaining("PLAINTEXT");
  }

  @Test
  void sslClientCertificate_pkcs12_rendersKeystoreAndKeyPasswords() throws Exception {
    Path ks = Files.writeString(dir.resolve("client.p12"), "x");
    Map<String, Object> raw = new HashMap<>(Map.of("bootstrapServers", "k:9093",
        "kafka.securityProtocol", "SSL", "kafka.ssl.keystore.path", ks.toString(),
        "kafka.ssl.keystore.passwordEnv", "KS_PW", "kafka.ssl.endpointIdentification", "none"));
    KafkaSecurity k = IngestConfig.settings(IngestConfig.DEF.parse(raw), Map.of("KS_PW", "kspw")).kafka();
    Map<String, Object> p = k.clientProperties();
    assertThat(p).containsEntry("ssl.keystore.location", ks.toString())
        .containsEntry("ssl.keystore.type", "PKCS12")
        .containsEntry("ssl.endpoint.identification.algorithm", "")
        .doesNotContainKey("sasl.jaas.config");
    assertThat(((Password) p.get("ssl.keystore.password")).value()).isEqualTo("kspw");
    assertThat(k.describe()).contains("hostname verification OFF", "client.p12").doesNotContain("kspw");
  }
}
