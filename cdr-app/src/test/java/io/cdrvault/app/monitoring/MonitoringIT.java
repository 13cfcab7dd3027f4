package io.cdrvault.app.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.app.monitoring.MonitoringFiles.AlertRule;
import io.cdrvault.app.monitoring.MonitoringFiles.PanelQuery;
import io.cdrvault.app.node.Node;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.StoreSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped dashboard and alert rules against a real node: a node on an embedded broker ingests
 * simulated traffic (malformed payloads included, so there are dead letters) and answers one
 * allowed and one denied read; its {@code /metrics} exports every metric the two files read. Then
 * a real Prometheus (Debian's package, installed when missing) accepts the rules
 * ({@code promtool check rules}), scrapes the node without a token, evaluates every alert
 * expression and every panel query, finds series for every selector with the labels the queries
 * use, and reports every rule healthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {
  private static final String TOPIC = "cdr.raw";
  private static final int PAYLOADS = 2_000;
  private static final String TOKEN = "monitoring-billing-token-0123456789";
  private static final String FROM = "2026-08-01T00:00:00Z";
  private static final String TO = "2026-12-01T00:00:00Z";
  private static final Duration BOUND = Duration.ofSeconds(90);

  @TempDir
  static Path base;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EmbeddedKafkaBroker broker;
  private Node node;
  private PrometheusServer prometheus;
  private RuntimeException prometheusFailure;

  @BeforeAll
  void nodeWithTrafficAndAccesses() throws Exception {
    broker = EmbeddedKafkaBroker.start(base.resolve("kafka"));
    broker.createTopic(TOPIC, 2);
    broker.createTopic(TOPIC + ".dlq", 1);
    TrafficSimulator sim = TrafficSimulator.builder().seed(17).customers(50)
        .window(Instant.parse("2026-09-01T00:00:00Z"), Duration.ofDays(30))
        .malformedFraction(0.05).duplicateFraction(0.01).build();
    Keyring keyring = Keyring.create(base.resolve("keys/keystore.p12"), "PKCS12",
        "monitoring-password".toCharArray());
    Principals principals = Principals.of(List.of(new Principals.Entry(
        new Principal("billing-job", Set.of("billing-job"), Optional.empty()), Principals.sha256(TOKEN))));
    node = Node.start(new Node.Settings(StoreSettings.defaults(base.resolve("data")),
            IngestSettings.defaults(broker.bootstrapServers(), TOPIC).withRegion(sim.homeRegion()),
            ApiSettings.of("127.0.0.1", 0), principals,
            PolicyFile.load(Path.of("..", "config", "policy.yaml")), sim.directory()),
        keyring, Clock.systemUTC());
    sim.produce(broker.bootstrapServers(), TOPIC, PAYLOADS);
    await("all payloads consumed").atMost(BOUND).pollInterval(Duration.ofMillis(100))
        .until(() -> node.store().storedOffsets().values().stream().mapToLong(Long::longValue).sum(),
            n -> n == PAYLOADS);

    String usage = "/v1/customers/" + sim.customers().get(0).id().value() + "/usage?from=" + FROM
        + "&to=" + TO;
    HttpResponse<String> allowed = get(usage, "BILLING");
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
    HttpResponse<String> denied = get(usage, "MARKETING"); // the billing job's role lacks it
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(403);
  }

  @AfterAll
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (node != null) {
      node.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  void metricsEndpoint_exportsEveryMetricTheDashboardAndTheAlertsRead() throws Exception {
    HttpResponse<String> scrape = get("/metrics", null);
    assertThat(scrape.statusCode()).isEqualTo(200);
    Set<String> exported = new LinkedHashSet<>();
    for (String line : scrape.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        exported.add(line.split("[{ ]", 2)[0]);
      }
    }
    Set<String> read = MonitoringFiles.metricNames();
    assertThat(read).hasSizeGreaterThanOrEqualTo(8);
    assertThat(exported).as("metrics exported at /metrics").containsAll(read);
  }

  @Test
  @Order(2)
  void promtool_acceptsTheAlertRules() {
    PrometheusPackage.ensureInstalled();
    PrometheusPackage.Run check = PrometheusPackage.promtool("check", "rules",
        MonitoringFiles.ALERTS.toAbsolutePath().normalize().toString());
    assertThat(check.code()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + MonitoringFiles.alertRules(MonitoringFiles.rules()).size()
        + " rules found");
  }

  @Test
  @Order(3)
  void prometheus_scrapesTheNodesMetrics_withoutAToken() {
    JsonNode targets = prometheus().get("/api/v1/targets").path("data").path("activeTargets");
    assertThat(targets).hasSize(1);
    assertThat(targets.get(0).path("health").asText()).as(targets.toString()).isEqualTo("up");
    assertThat(targets.get(0).path("scrapeUrl").asText()).isEqualTo(node.apiBaseUrl() + "/metrics");
  }

  @Test
  @Order(4)
  void everyAlertExpression_evaluates_andPrometheusReportsEveryRuleHealthy() {
    PrometheusServer p = prometheus();
    List<AlertRule> alerts = MonitoringFiles.alertRules(MonitoringFiles.rules());
    for (AlertRule a : alerts) {
      JsonNode r = p.query(a.expr());
      assertThat(r.path("status").asText()).as("%s: %s", a.name(), r).isEqualTo("success");
    }
    await("every rule evaluated").atMost(BOUND).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> {
          Map<String, String> health = new LinkedHashMap<>();
          for (JsonNode g : p.get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode r : g.path("rules")) {
              health.put(r.path("name").asText(), r.path("health").asText()
                  + (r.path("lastError").asText("").isEmpty() ? "" : ": " + r.path("lastError").asText()));
            }
          }
          assertThat(health.keySet()).containsExactlyInAnyOrderElementsOf(
              alerts.stream().map(AlertRule::name).toList());
          assertThat(health).as("rule health").allSatisfy((name, h) -> assertThat(h).isEqualTo("ok"));
        });
  }

  @Test
  @Order(5)
  void everyPanelQuery_returnsSeries() {
    PrometheusServer p = prometheus();
    List<PanelQuery> queries = MonitoringFiles.panelQueries(MonitoringFiles.dashboard());
    for (PanelQuery q : queries) {
      String promql = MonitoringFiles.forPrometheus(q.expr());
      // rates need two scrapes in their window: poll until the panel has data
      await(q.panel() + " " + q.refId()).atMost(BOUND).pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> {
            JsonNode r = p.query(promql);
            assertThat(r.path("status").asText()).as("%s: %s", promql, r).isEqualTo("success");
            assertThat(r.path("data").path("result")).as("%s: %s", promql, r).isNotEmpty();
          });
    }
  }

  @Test
  @Order(6)
  void everySelector_matchesSeries_thatCarryTheLabelsItsExpressionUses() {
    PrometheusServer p = prometheus();
    Map<String, Set<String>> labelsOf = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String expr : MonitoringFiles.expressions()) {
      PromQl.Reads reads = PromQl.read(expr);
      for (String selector : reads.selectors()) {
        JsonNode r = p.query(selector);
        if (!r.path("status").asText().equals("success") || r.path("data").path("result").isEmpty()) {
          problems.add("no series for " + selector + " (in " + expr + "): " + r);
        }
      }
      Set<String> available = new HashSet<>();
      for (String metric : reads.metrics()) {
        available.addAll(labelsOf.computeIfAbsent(metric, m -> {
          Set<String> names = new HashSet<>();
          p.series(m).path("data").forEach(s -> s.fieldNames().forEachRemaining(names::add));
          return names;
        }));
      }
      for (String label : reads.labels()) {
        if (!available.contains(label)) {
          problems.add("label " + label + " is on no series of " + reads.metrics() + " (in " + expr + ")");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The Prometheus of this class, started on first use and waited for until the node is up. */
  private PrometheusServer prometheus() {
    if (prometheusFailure != null) {
      throw prometheusFailure;
    }
    if (prometheus == null) {
      try {
        Path dir = Files.createDirectories(base.resolve("prometheus"));
        String target = URI.create(node.apiBaseUrl()).getAuthority();
        prometheus = PrometheusServer.start(dir, target, MonitoringFiles.ALERTS);
        PrometheusServer p = prometheus;
        await("the node's target up").atMost(BOUND).pollInterval(Duration.ofMillis(250))
            .until(() -> p.get("/api/v1/targets").path("data").path("activeTargets").path(0)
                .path("health").asText(), h -> h.equals("up"));
      } catch (Exception e) {
        String log = prometheus == null ? "" : "\n" + prometheus.logTail();
        prometheusFailure = new IllegalStateException("Prometheus did not scrape the node" + log, e);
        throw prometheusFailure;
      }
    }
    return prometheus;
  }

  private HttpResponse<String> get(String path, String purpose) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.apiBaseUrl() + path))
        .timeout(Duration.ofSeconds(20)).GET();
    if (purpose != null) {
      b.header("Authorization", "Bearer " + TOKEN).header("X-CPNI-Purpose", purpose);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
