package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} from the built {@code target/cdrvault.jar}, in its own process: the jar's class
 * path has no broker, so this is the demo loading it from {@code lib-demo/} (ADR 0027); it starts,
 * ingests, prints its banner and stops cleanly on SIGTERM. The API is HTTPS with the demo's local
 * CA: the printed curl commands (a token, the billing job's client certificate, /health) run as
 * printed, verifying the server with {@code --cacert}, never {@code -k}.
 */
class DemoJarIT {
  private static final Path JAR = Path.of("target", "cdrvault.jar").toAbsolutePath();

  @TempDir
  Path dir;

  @Test
  void demo_fromTheJar_loadsTheBrokerFromLibDemo_runs_andStopsCleanly() throws Exception {
    Path out = dir.resolve("demo.out");
    Process demo = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
        "-Dlogback.configurationFile=" + Path.of("..", "config", "logback.xml").toAbsolutePath(),
        "-Dcdrvault.home=" + Path.of("..").toAbsolutePath().normalize(),
        "-jar", JAR.toString(), "demo", "--data-dir", dir.resolve("data").toString(),
        "--kafka-dir", dir.resolve("kafka").toString(), "--port", "0", "--customers", "10",
        "--initial", "200", "--rate", "0"))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.readString(out).contains("cdrvault demo is running.") && demo.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      String banner = Files.readString(out);
      assertThat(banner).contains("cdrvault demo is running.  API: https://127.0.0.1:",
          "Kafka bootstrap: 127.0.0.1:").doesNotContain("curl -k", " --insecure", "http://127.0.0.1");
      List<String> curls = banner.lines().filter(l -> l.startsWith("curl -s --cacert ")).toList();
      assertThat(curls).isNotEmpty();
      String byToken = curls.stream().filter(l -> l.contains("Bearer") && l.contains("/usage?")
          && l.contains("BILLING")).findFirst().orElseThrow();
      String byCertificate = curls.stream().filter(l -> l.contains(" --cert ")).findFirst().orElseThrow();
      String health = curls.stream().filter(l -> l.endsWith("/health")).findFirst().orElseThrow();
      for (String line : List.of(byToken, byCertificate, health)) {
        Process curl = new ProcessBuilder("bash", "-c", line + " -w '\\nHTTP %{http_code}'")
            .directory(dir.toFile()).redirectErrorStream(true).start();
        String answer = new String(curl.getInputStream().readAllBytes());
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answer).as(line).endsWith("HTTP 200").startsWith("{");
      }
      assertThat(dir.resolve("data/tls/ca.pem")).isRegularFile();
      // the printed produce example names a switch file the demo wrote, so it runs as pasted
      String produce = banner.lines().filter(l -> l.startsWith("./cdrvault produce ")).findFirst()
          .orElseThrow();
      Path sample = dir.resolve(produce.substring(produce.lastIndexOf(' ') + 1));
      assertThat(sample).as(produce).isRegularFile();
      assertThat(Files.readAllLines(sample)).hasSizeGreaterThanOrEqualTo(10)
          .allSatisfy(l -> assertThat(l).contains(","));
      demo.destroy(); // SIGTERM, as Ctrl-C
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(out)).contains("cdrvault demo: stopped cleanly.")
          .doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
      assertThat(dir.resolve("data/keys/demo-keystore.p12")).isRegularFile();
    } finally {
      demo.destroyForcibly();
    }
  }
}
