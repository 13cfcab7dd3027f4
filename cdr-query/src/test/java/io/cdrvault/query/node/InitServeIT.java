package io.cdrvault.query.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.query.cli.CdrVaultCli;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import picocli.CommandLine;

/**
 * First-time setup as docs/first-node.md describes it: {@code init} with the shipped example
 * config on an empty directory, then {@code serve} (in-process) against a real broker until
 * {@code /health} answers, and {@code init} refusing to overwrite the key material.
 */
class InitServeIT {
  private static final Map<String, String> ENV = Map.of("CDRVAULT_KEYSTORE_PASSWORD", "ks-secret-4711",
      "CDRVAULT_SIGNING_KEY_PASSWORD", "sig-secret-0815");

  @TempDir
  Path dir;

  @Test
  void init_thenServe_withTheExampleConfig_reachesHealth_andInitRefusesToOverwrite() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
      broker.createTopic("cdr.raw", 2);
      Path config = ExampleConfigs.installedIn(dir.resolve("install"), broker.bootstrapServers());
      Path keystore = dir.resolve("install/node-data/keys/keystore.p12");
      Path signingKey = dir.resolve("install/node-data/keys/signing-key.p8");

      Run first = init(config);
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(keystore).isRegularFile();
      assertThat(signingKey).isRegularFile();
      assertThat(first.out()).contains(keystore.toString(), signingKey.toString(), "Back up", "sha256:")
          .doesNotContain("ks-secret-4711", "sig-secret-0815");

      try (Node node = ServeCommand.start(config, ENV)) {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(node.apiBaseUrl() + "/health")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(node.ingesting()).isTrue();
      }

      byte[] before = Files.readAllBytes(keystore);
      byte[] keyBefore = Files.readAllBytes(signingKey);
      Run again = init(config);
      assertThat(again.code()).isEqualTo(2);
      assertThat(again.err()).contains("refusing to overwrite", keystore.toString(), signingKey.toString());
      assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
      assertThat(Files.readAllBytes(signingKey)).isEqualTo(keyBefore);

      Files.delete(keystore);
      Run partly = init(config);
      assertThat(partly.code()).isEqualTo(2);
      assertThat(partly.err()).contains(signingKey.toString());
      assertThat(keystore).doesNotExist(); // nothing created when any part exists
    }
  }

  @Test
  void init_withoutThePasswords_namesTheVariables_andCreatesNothing() throws Exception {
    Path config = ExampleConfigs.installedIn(dir.resolve("install"), "127.0.0.1:9");
    StringWriter err = new StringWriter();
    CommandLine cl = CdrVaultCli.commandLine(new InitCommand(Map.of()));
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cl.execute("init", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("CDRVAULT_KEYSTORE_PASSWORD");
    assertThat(dir.resolve("install/node-data/keys")).doesNotExist();
  }

  private record Run(int code, String out, String err) {}

  private static Run init(Path config) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CdrVaultCli.commandLine(new InitCommand(ENV));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("init", "--config", config.toString());
    return new Run(code, out.toString(), err.toString());
  }
}
