package io.cdrvault.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.config.QueryConfig;
import io.cdrvault.query.http.ApiServer;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.testing.ObservedStore;
import io.cdrvault.store.access.PolicyEngine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code query.console.enabled}: on by default, the node serves the console; off, no path under
 * {@code /console/} exists (404) and the API answers as before.
 */
class ConsoleSwitchIT {
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void byDefault_theConsoleIsServed(@TempDir Path dir) throws Exception {
    QueryConfig config = QueryConfig.parse(Map.of("http.port", 0));
    assertThat(config.apiSettings().consoleEnabled()).isTrue();
    try (Running n = Running.start(dir, config.apiSettings())) {
      assertThat(status(n, "/console/sign-in")).isEqualTo(200);
      assertThat(status(n, "/console/")).as("to sign-in").isEqualTo(303);
      assertThat(status(n, "/health")).isEqualTo(200);
    }
  }

  @Test
  void switchedOff_noConsolePathExists_andTheApiIsUnchanged(@TempDir Path dir) throws Exception {
    QueryConfig config = QueryConfig.parse(Map.of("http.port", 0, "console.enabled", false));
    assertThat(config.consoleEnabled()).isFalse();
    try (Running n = Running.start(dir, config.apiSettings())) {
      for (String path : List.of("/console/", "/console/sign-in", "/console/console.css",
          "/console/care", "/console/legal/requests")) {
        assertThat(status(n, path)).as(path).isEqualTo(404);
      }
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(n.server.baseUrl()
          + "/console/sign-in")).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("token=x")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(404);
      assertThat(status(n, "/health")).isEqualTo(200);
      assertThat(status(n, "/v1/legal/holds")).as("the API still asks for a token").isEqualTo(401);
    }
  }

  private int status(Running n, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(n.server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A node's API over a real store. */
  private record Running(ObservedStore store, PrometheusMeterRegistry registry, ApiServer server)
      implements AutoCloseable {
    static Running start(Path dir, ApiSettings settings) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ObservedStore store = ObservedStore.open(dir, registry, Clock.systemUTC());
      PolicyEngine policy = PolicyEngine.create(PolicyFile.load(Path.of("..", "config",
          "policy.yaml")), store, Clock.systemUTC());
      ApiServer server = QueryApi.start(settings, store, policy,
          TokenAuthenticator.create(Principals.of(List.of()), Optional.empty()), registry);
      return new Running(store, registry, server);
    }

    @Override
    public void close() {
      server.close();
      store.close();
      registry.close();
    }
  }
}
