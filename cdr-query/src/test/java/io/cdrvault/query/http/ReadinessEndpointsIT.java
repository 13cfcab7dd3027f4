package io.cdrvault.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ready} and {@code /health} over a real store, unauthenticated. */
class ReadinessEndpointsIT {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private PrometheusMeterRegistry registry;
  private RocksCdrStore store;
  private ApiServer server;

  private void start(Function<RocksCdrStore, Readiness> readiness) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Keyring keyring = Keyring.create(dir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    store = RocksCdrStore.open(new StoreSettings(dir.resolve("data"), false, 10, 0), keyring, registry,
        Clock.systemUTC());
    PolicyEngine engine = PolicyEngine.create(PolicyFile.load(Path.of("..", "config", "policy.yaml")),
        store, Clock.systemUTC());
    server = QueryApi.start(ApiSettings.of("127.0.0.1", 0), store, engine,
        TokenAuthenticator.create(Principals.of(List.of())), Optional.empty(), Optional.empty(),
        registry, readiness.apply(store));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void ready_overAWritableStore_is200WithEveryComponent() throws Exception {
    start(Readiness::of);

    HttpResponse<String> ready = get("/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"READY\",\"components\":{"
        + "\"ledger\":{\"ok\":true,\"state\":\"writable\"},\"store\":{\"ok\":true,\"state\":\"writable\"},"
        + "\"ingest\":{\"ok\":true,\"state\":\"absent\"}}}");
    assertThat(get("/health").body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void ready_whenTheStoreIsBelowItsMinimumFreeSpace_is503NamingIt_whileHealthStaysUp() throws Exception {
    start(Readiness::of);
    store.setMinFreeDiskBytes(Long.MAX_VALUE);

    HttpResponse<String> ready = get("/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("\"status\":\"NOT_READY\"")
        .contains("\"ledger\":{\"ok\":true,\"state\":\"writable\"}")
        .contains("\"store\":{\"ok\":false,\"state\":\"not-writable\",\"problem\":\"below-min-free-space\"}");
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void health_whenIngestFailedForGood_is503DownNamingIngest() throws Exception {
    start(s -> () -> {
      Map<String, Readiness.Component> c = Readiness.storeComponents(s);
      c.put("ingest", new Readiness.Component(false, "failed", "non-retriable"));
      return new Readiness.Report(c, false);
    });

    HttpResponse<String> health = get("/health");
    HttpResponse<String> ready = get("/ready");

    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).isEqualTo("{\"status\":\"DOWN\",\"components\":{"
        + "\"ingest\":{\"ok\":false,\"state\":\"failed\",\"problem\":\"non-retriable\"}}}");
    assertThat(ready.statusCode()).isEqualTo(503);
  }
}
