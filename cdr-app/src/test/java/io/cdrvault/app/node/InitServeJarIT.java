package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does, from the built {@code target/cdrvault.jar} in its own processes, in an
 * installation directory holding the shipped {@code config/} with the example config's relative
 * paths unchanged (only the broker address and the port differ): {@code init}, {@code serve} to
 * {@code /health}, {@code init} again refusing (exit 2).
 */
class InitServeJarIT {
  private static final Path JAR = Path.of("target", "cdrvault.jar").toAbsolutePath();
  private static final Pattern API = Pattern.compile("API (http://\\S+)");
  private static final Map<String, String> ENV = Map.of("CDRVAULT_KEYSTORE_PASSWORD", "jar-ks-secret",
      "CDRVAULT_SIGNING_KEY_PASSWORD", "jar-sig-secret");

  @TempDir
  Path dir;

  @Test
  void init_serve_initAgain_fromTheJar_withTheExampleConfigsRelativePaths() throws Exception {
    Path home = dir.resolve("install");
    Files.createDirectories(home.resolve("config"));
    for (String f : new String[] {"principals.yaml", "policy.yaml", "subscribers.example.csv", "logback.xml"}) {
      Files.copy(Path.of("..", "config", f), home.resolve("config").resolve(f));
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
      broker.createTopic("cdr.raw", 2);
      String text = Files.readString(Path.of("..", "config", "node.example.yaml"), StandardCharsets.UTF_8)
          .replace("bootstrapServers: 127.0.0.1:9092", "bootstrapServers: " + broker.bootstrapServers())
          .replace("port: 8080", "port: 0");
      Files.writeString(home.resolve("config/node.example.yaml"), text, StandardCharsets.UTF_8);

      Process init = launch(home, "init.out", "init", "--config", "config/node.example.yaml");
      assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String initOut = Files.readString(home.resolve("init.out"));
      assertThat(init.exitValue()).as(initOut).isZero();
      assertThat(home.resolve("node-data/keys/keystore.p12")).isRegularFile();
      assertThat(home.resolve("node-data/keys/signing-key.p8")).isRegularFile();
      assertThat(initOut).doesNotContain("jar-ks-secret", "jar-sig-secret");

      Process serve = launch(home, "serve.out", "serve", "--config", "config/node.example.yaml");
      try {
        String url = awaitApi(serve, home.resolve("serve.out"));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      } finally {
        serve.destroy(); // SIGTERM: the shutdown hook closes the node
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
      }
      assertThat(home.resolve("node-data/rocksdb")).isDirectory();

      Process again = launch(home, "again.out", "init", "--config", "config/node.example.yaml");
      assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(again.exitValue()).isEqualTo(2);
      assertThat(Files.readString(home.resolve("again.out"))).contains("refusing to overwrite",
          home.resolve("node-data/keys/keystore.p12").toAbsolutePath().toString());
    }
  }

  private static String awaitApi(Process serve, Path out) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Matcher m = API.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
      assertThat(serve.isAlive()).as("serve exited early:%n%s", text).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("serve printed no API URL within 90 s:\n" + Files.readString(out));
  }

  private static Process launch(Path home, String outFile, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")));
    cmd.add("-Dlogback.configurationFile=" + home.resolve("config/logback.xml"));
    cmd.add("-Dcdrvault.home=" + home);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(home.resolve(outFile).toFile());
    pb.environment().putAll(ENV);
    return pb.start();
  }
}
