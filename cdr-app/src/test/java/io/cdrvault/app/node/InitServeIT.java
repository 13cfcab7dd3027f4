package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.app.cli.CdrVaultCli;
import io.cdrvault.app.testing.CliRun;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First-time setup as docs/first-node.md describes it: {@code init} with the shipped example
 * config on an empty directory, then {@code serve} (in-process) against a real broker until
 * {@code /health} and {@code /ready} answer 200, and {@code init} refusing to overwrite the key material.
 */
class InitServeIT {
  private static final Map<String, String> ENV = Map.of("CDRVAULT_KEYSTORE_PASSWORD", "ks-secret-4711",
      "CDRVAULT_SIGNING_KEY_PASSWORD", "sig-secret-0815");

  @TempDir
  Path dir;

  @Test
  void init_thenServe_withTheExampleConfig_reachesHealth_servesAUsageQuery_andInitRefusesToOverwrite() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
      broker.createTopic("cdr.raw", 2);
      Path config = ExampleConfigs.installedIn(dir.resolve("install"), broker.bootstrapServers());
      Path keystore = dir.resolve("install/node-data/keys/keystore.p12");
      Path signingKey = dir.resolve("install/node-data/keys/signing-key.p8");

      CliRun first = init(config);
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(keystore).isRegularFile();
      assertThat(signingKey).isRegularFile();
      assertThat(first.out()).contains(keystore.toString(), signingKey.toString(), "Back up", "sha256:")
          .doesNotContain("ks-secret-4711", "sig-secret-0815");

      try (Node node = ServeCommand.start(config, ENV)) {
        HttpResponse<String> health = get(node.apiBaseUrl() + "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(node.ingesting()).isTrue();
        // readiness: ledger and store writable, ingest running
        HttpResponse<String> ready = get(node.apiBaseUrl() + "/ready", null);
        for (int i = 0; i < 60 && ready.statusCode() != 200; i++) {
          Thread.sleep(500);
          ready = get(node.apiBaseUrl() + "/ready", null);
        }
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("READY");
      }

      // docs/first-node.md steps 4-7: directory topic, a principal, a record in, usage out
      String bootstrap = broker.bootstrapServers();
      assertThat(cli("directory", "publish", "--bootstrap", bootstrap, "--topic", "cdr.subscribers",
          "--number", "+12025550143", "--customer", "ACME-0042", "--from", "2026-03-01").code()).isZero();
      Files.writeString(config, Files.readString(config).replace("# directoryTopic: cdr.subscribers",
          "directoryTopic: cdr.subscribers"));
      String token = "first-node-test-token";
      Path principals = dir.resolve("install/config/principals.yaml");
      Files.writeString(principals, Files.readString(principals).replace(
          "0000000000000000000000000000000000000000000000000000000000000001",
          java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
              .digest(token.getBytes(StandardCharsets.UTF_8)))));
      Path record = dir.resolve("one.ndjson");
      Files.writeString(record, "{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"pbx7\",\"originId\":\"r-1\","
          + "\"type\":\"VOICE\",\"calling\":\"+12025550143\",\"called\":\"+12025550177\","
          + "\"start\":\"2026-03-02T09:00:00Z\",\"answer\":\"2026-03-02T09:00:05Z\","
          + "\"end\":\"2026-03-02T09:01:05Z\",\"disposition\":\"ANSWERED\"}\n");
      try (Node node = ServeCommand.start(config, ENV)) {
        assertThat(cli("produce", "--bootstrap", bootstrap, "--format", "canonical-json", record.toString())
            .code()).isZero();
        String url = node.apiBaseUrl() + "/v1/customers/ACME-0042/usage?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z";
        HttpResponse<String> usage = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
          usage = get(url, token);
          if (usage.statusCode() == 200 && usage.body().contains("\"records\":1")) {
            break;
          }
          Thread.sleep(250);
        }
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        assertThat(usage.body()).contains("\"records\":1", "\"ORIGINATING\"");
      }

      byte[] before = Files.readAllBytes(keystore);
      byte[] keyBefore = Files.readAllBytes(signingKey);
      CliRun again = init(config);
      assertThat(again.code()).isEqualTo(2);
      assertThat(again.err()).contains("refusing to overwrite", keystore.toString(), signingKey.toString());
      assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
      assertThat(Files.readAllBytes(signingKey)).isEqualTo(keyBefore);

      Files.delete(keystore);
      CliRun partly = init(config);
      assertThat(partly.code()).isEqualTo(2);
      assertThat(partly.err()).contains(signingKey.toString());
      assertThat(keystore).doesNotExist(); // nothing created when any part exists
    }
  }

  @Test
  void init_withoutThePasswords_namesTheVariables_andCreatesNothing() throws Exception {
    Path config = ExampleConfigs.installedIn(dir.resolve("install"), "127.0.0.1:9");
    CliRun run = CliRun.of(CdrVaultCli.commandLine(new InitCommand(Map.of())), "init", "--config",
        config.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("CDRVAULT_KEYSTORE_PASSWORD");
    assertThat(dir.resolve("install/node-data/keys")).doesNotExist();
  }


  private static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token).header("X-CPNI-Purpose", "BILLING");
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  private static CliRun init(Path config) {
    return CliRun.of(CdrVaultCli.commandLine(new InitCommand(ENV)), "init", "--config", config.toString());
  }
}
