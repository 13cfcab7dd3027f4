package io.cdrvault.app.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.app.monitoring.MonitoringFiles.AlertRule;
import io.cdrvault.app.monitoring.MonitoringFiles.PanelQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard and Prometheus rules are well-formed and complete, and the PromQL
 * reader that finds their metric names (for {@code MonitoringIT}, which checks them against a real
 * node) reads metrics, not functions, keywords or labels.
 */
class MonitoringFilesTest {
  /** Issue 17's panels (those backed by a metric the node exports) and the meter each reads. */
  private static final Map<String, String> PANELS = Map.of(
      "Ingest rate by format and outcome", "cdr_ingest_records_total",
      "Consumer lag per partition", "cdr_ingest_lag_records",
      "Dead letters by reason", "cdr_ingest_deadletters_total",
      "Batch write latency", "cdr_store_batch_write_seconds_count",
      "Access decisions by purpose and outcome", "cdr_access_decisions_total",
      "Ingest paused", "cdr_ingest_paused",
      "Audit ledger health", "cdr_audit_appends_total",
      "Retention sweep results", "cdr_retention_sweeps_total");
  /** Issue 17's alerts (those backed by a metric the node exports) and the meter each reads. */
  private static final Map<String, String> ALERTS = Map.of(
      "CdrVaultIngestLagGrowing", "cdr_ingest_lag_records",
      "CdrVaultDeadLetterRateHigh", "cdr_ingest_deadletters_total",
      "CdrVaultIngestPaused", "cdr_ingest_paused",
      "CdrVaultAccessDenialsSpike", "cdr_access_decisions_total",
      "CdrVaultAuditUnavailable", "cdr_audit_appends_total",
      "CdrVaultRetentionSweepFailed", "cdr_retention_sweep_failing");

  @Test
  void promQl_readsMetricNames_notFunctionsAggregationsKeywordsOrLabels() {
    assertThat(PromQl.metricNames(
        "sum by (format, outcome) (rate(cdr_ingest_records_total{instance=~\"a b\", outcome!=\"x\"}[5m]))"))
        .containsExactly("cdr_ingest_records_total");
    assertThat(PromQl.metricNames("deriv(lag_records[10m]) > 0 and lag_records > 1e4"))
        .containsExactly("lag_records");
    assertThat(PromQl.metricNames("a_total / on (instance) group_left(job) b_info offset 5m"))
        .containsExactly("a_total", "b_info");
    assertThat(PromQl.metricNames("max(x_max)without(instance)"))
        .containsExactly("x_max");
    assertThat(PromQl.metricNames(
        "histogram_quantile(0.99, sum by (le) (rate(lat_seconds_bucket[$__rate_interval])))"))
        .containsExactly("lat_seconds_bucket");
    assertThat(PromQl.metricNames("topk(3, a) or count_values(\"v\", b) unless c == bool 1"))
        .containsExactly("a", "b", "c");
    assertThat(PromQl.metricNames("label_replace(up, \"dst\", \"$1\", \"src\", \"(by|sum)\")"))
        .containsExactly("up");
    assertThat(PromQl.metricNames("sum(rate({__name__=~\"cdr_.*\"}[1m]))")).isEmpty();
  }

  @Test
  void promQl_readsSelectorsAndLabelNames() {
    PromQl.Reads r = PromQl.read("sum by (purpose) (rate(d_total{outcome=\"DENIED\"}[5m]))"
        + " / ignoring(x) sum by (purpose) (rate(d_total[5m]))");
    assertThat(r.selectors()).containsExactly("d_total{outcome=\"DENIED\"}", "d_total");
    assertThat(r.labels()).containsExactly("purpose", "outcome", "x");
  }

  @Test
  void promQl_rejectsUnknownFunctionsAndUnbalancedExpressions() {
    assertThatThrownBy(() -> PromQl.read("rates(a_total[5m])"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown function 'rates'");
    assertThatThrownBy(() -> PromQl.read("sum(a{b=\"c\"")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromQl.read("a{b=\"c}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dashboard_isAnExportWithAPrometheusInput_andEveryPanelQueriesIt() {
    JsonNode d = MonitoringFiles.dashboard();
    assertThat(d.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(d.path("uid").asText()).isNotBlank();
    assertThat(d.path("id").isNull()).as("an export carries no instance id").isTrue();
    JsonNode input = d.path("__inputs").path(0);
    assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
    assertThat(input.path("type").asText()).isEqualTo("datasource");
    assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");

    List<JsonNode> panels = MonitoringFiles.panels(d);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : panels) {
      String title = p.path("title").asText();
      assertThat(ids.add(p.path("id").asInt())).as("unique id of panel %s", title).isTrue();
      assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
      assertThat(p.path("targets").size()).as("queries of %s", title).isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : p.path("targets")) {
        assertThat(t.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
        assertThat(refIds.add(t.path("refId").asText())).as("unique refId in %s", title).isTrue();
        assertThat(t.path("expr").asText()).as(title).isNotBlank();
      }
      JsonNode g = p.path("gridPos");
      assertThat(g.path("w").asInt()).as(title).isPositive();
      assertThat(g.path("x").asInt() + g.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
    }
    assertThat(overlaps(panels)).as("panels drawn over each other").isEmpty();
    assertThat(panels).extracting(p -> p.path("title").asText())
        .containsExactlyInAnyOrderElementsOf(PANELS.keySet());
  }

  @Test
  void dashboard_eachPanelReadsItsMeter_andUsesOnlyTheInstanceAndRateIntervalVariables() {
    List<PanelQuery> queries = MonitoringFiles.panelQueries(MonitoringFiles.dashboard());
    PANELS.forEach((title, metric) -> assertThat(queries.stream()
        .filter(q -> q.panel().equals(title))
        .flatMap(q -> PromQl.metricNames(q.expr()).stream()))
        .as("metrics of panel %s", title).contains(metric));
    for (PanelQuery q : queries) {
      assertThat(MonitoringFiles.forPrometheus(q.expr())).as(q.panel()).doesNotContain("$");
    }
    assertThat(MonitoringFiles.variableQueries(MonitoringFiles.dashboard()))
        .singleElement().satisfies(v -> {
          assertThat(v.variable()).isEqualTo("instance");
          assertThat(v.label()).isEqualTo("instance");
        });
    assertThatThrownBy(() -> MonitoringFiles.forPrometheus("rate(a[$__interval])"))
        .hasMessageContaining("$__interval");
  }

  @Test
  void alerts_eachHaveAnExpressionADurationASeverityAndASummary() {
    JsonNode rules = MonitoringFiles.rules();
    List<AlertRule> alerts = MonitoringFiles.alertRules(rules);
    assertThat(MonitoringFiles.ruleNames(rules)).doesNotHaveDuplicates()
        .hasSameSizeAs(alerts); // alerting rules only
    assertThat(alerts).extracting(AlertRule::name).containsExactlyInAnyOrderElementsOf(ALERTS.keySet());
    for (AlertRule a : alerts) {
      assertThat(PromQl.metricNames(a.expr())).as("metrics of %s", a.name()).contains(ALERTS.get(a.name()));
      assertThat(a.forDuration()).as("for: of %s", a.name()).isNotNull();
      assertThat(promDuration(a.forDuration())).as("for: of %s", a.name())
          .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
      assertThat(a.labels().get("severity")).as("severity of %s", a.name()).isIn("warning", "critical");
      assertThat(a.annotations().get("summary")).as("summary of %s", a.name()).isNotBlank();
      assertThat(a.annotations().get("description")).as("description of %s", a.name())
          .contains("docs/operations.md");
    }
  }

  @Test
  void metricNames_ofBothFiles_areMicrometersPrometheusNamesOfCdrvaultMeters() {
    Set<String> names = MonitoringFiles.metricNames();
    assertThat(names).containsAll(PANELS.values()).containsAll(ALERTS.values());
    assertThat(names).allMatch(n -> n.matches("cdr_[a-z0-9_]+"), "cdr_ and lower case");
    // counters end in _total, timers in _seconds_{count,sum,max}; never a dotted Micrometer name
    assertThat(names).filteredOn(n -> n.contains("batch_write") || n.contains("batch_latency"))
        .allMatch(n -> n.matches(".*_seconds_(count|sum|max)"), "timer series");
  }

  /** A Prometheus duration such as {@code 15m} or {@code 1h30m}. */
  private static Duration promDuration(String s) {
    assertThat(s).matches("([0-9]+(ms|s|m|h|d|w|y))+");
    Duration total = Duration.ZERO;
    Matcher m = Pattern.compile("([0-9]+)(ms|s|m|h|d|w|y)").matcher(s);
    while (m.find()) {
      long v = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(v);
        case "s" -> Duration.ofSeconds(v);
        case "m" -> Duration.ofMinutes(v);
        case "h" -> Duration.ofHours(v);
        case "d" -> Duration.ofDays(v);
        case "w" -> Duration.ofDays(7 * v);
        default -> Duration.ofDays(365 * v);
      });
    }
    return total;
  }

  private static List<String> overlaps(List<JsonNode> panels) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        JsonNode a = panels.get(i).path("gridPos");
        JsonNode b = panels.get(j).path("gridPos");
        boolean x = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
            && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt();
        boolean y = a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
            && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
        if (x && y) {
          out.add(panels.get(i).path("title").asText() + " / " + panels.get(j).path("title").asText());
        }
      }
    }
    return out;
  }
}
