package io.cdrvault.app.monitoring;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus ({@link PrometheusPackage#PROMETHEUS}) on 127.0.0.1 and a free port, with its
 * configuration and storage in a directory the caller owns: it scrapes one target's
 * {@code /metrics} every second and evaluates one rule file every second. {@link #close()} stops
 * the process and is idempotent.
 *
 * <p>Not thread-safe.
 */
final class PrometheusServer implements AutoCloseable {
  static final String JOB = "cdrvault";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(Process process, Path log, String baseUrl) {
    this.process = process;
    this.log = log;
    this.baseUrl = baseUrl;
  }

  /**
   * Starts Prometheus scraping {@code http://<target>/metrics} (no credentials) and evaluating
   * {@code rules}, and waits until it is ready.
   *
   * @param dir an empty directory for the configuration, the storage and the log
   */
  static PrometheusServer start(Path dir, String target, Path rules) throws IOException {
    PrometheusPackage.ensureInstalled();
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "rule_files:",
        "  - '" + rules.toAbsolutePath().normalize() + "'",
        "scrape_configs:",
        "  - job_name: " + JOB,
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: ['" + target + "']",
        ""));
    Path log = dir.resolve("prometheus.log");
    Process p = new ProcessBuilder(PrometheusPackage.PROMETHEUS.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=info")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(p, log, "http://127.0.0.1:" + port);
    try {
      await("Prometheus ready on port " + port).atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(200)).until(server::ready);
    } catch (RuntimeException e) {
      String tail = server.logTail();
      server.close();
      throw new IllegalStateException("Prometheus did not become ready:\n" + tail, e);
    }
    return server;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("prometheus exited with " + process.exitValue());
    }
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** GET {@code path} of the HTTP API, as JSON (whatever the status). */
  JsonNode get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** An instant query ({@code /api/v1/query}) of {@code promql}, now. */
  JsonNode query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The series of one metric ({@code /api/v1/series}). */
  JsonNode series(String metric) {
    return get("/api/v1/series?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
  }

  /** The end of the server's log, for failure messages. */
  String logTail() {
    try {
      return PrometheusPackage.tail(Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
