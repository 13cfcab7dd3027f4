package io.cdrvault.app.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped monitoring files — the Grafana dashboard {@code config/grafana/cdrvault.json} and the
 * Prometheus rules {@code config/prometheus/alerts.yml} — read with Jackson, and the PromQL in them.
 * Paths are relative to the {@code cdr-app} module (the tests' working directory). Stateless and
 * thread-safe.
 */
final class MonitoringFiles {
  static final Path DASHBOARD = Path.of("..", "config", "grafana", "cdrvault.json");
  static final Path ALERTS = Path.of("..", "config", "prometheus", "alerts.yml");

  /** The dashboard's variables a query may use, with what stands in for them in Prometheus. */
  static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$instance", ".*");

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*\\}?");

  /** One query of a dashboard panel. */
  record PanelQuery(String panel, String refId, String expr) {}

  /** One alerting rule. */
  record AlertRule(String name, String expr, String forDuration, Map<String, String> labels,
      Map<String, String> annotations) {}

  /** A {@code label_values(selector, label)} variable query. */
  record VariableQuery(String variable, String selector, String label) {}

  private MonitoringFiles() {}

  static JsonNode dashboard() {
    try {
      return new ObjectMapper().readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DASHBOARD, e);
    }
  }

  static JsonNode rules() {
    try {
      return new YAMLMapper().readTree(ALERTS.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ALERTS, e);
    }
  }

  /** Every panel of the dashboard, those inside collapsed rows included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  /** Every query of every panel. */
  static List<PanelQuery> panelQueries(JsonNode dashboard) {
    List<PanelQuery> out = new ArrayList<>();
    for (JsonNode p : panels(dashboard)) {
      for (JsonNode t : p.path("targets")) {
        out.add(new PanelQuery(p.path("title").asText(), t.path("refId").asText(),
            t.path("expr").asText()));
      }
    }
    return out;
  }

  /**
   * The dashboard's query variables, each a {@code label_values(selector, label)}.
   *
   * @throws IllegalArgumentException for another kind of variable query
   */
  static List<VariableQuery> variableQueries(JsonNode dashboard) {
    List<VariableQuery> out = new ArrayList<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (!v.path("type").asText().equals("query")) {
        continue;
      }
      JsonNode q = v.path("query");
      String text = q.isTextual() ? q.asText() : q.path("query").asText();
      Matcher m = LABEL_VALUES.matcher(text.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("variable " + v.path("name").asText()
            + ": not a label_values(selector, label) query: " + text);
      }
      out.add(new VariableQuery(v.path("name").asText(), m.group(1).strip(), m.group(2)));
    }
    return out;
  }

  /** Every alerting rule of every group. */
  static List<AlertRule> alertRules(JsonNode rules) {
    List<AlertRule> out = new ArrayList<>();
    for (JsonNode g : rules.path("groups")) {
      for (JsonNode r : g.path("rules")) {
        if (r.has("alert")) {
          out.add(new AlertRule(r.path("alert").asText(), r.path("expr").asText(),
              r.path("for").asText(null), strings(r.path("labels")), strings(r.path("annotations"))));
        }
      }
    }
    return out;
  }

  /** Every rule's name (alerting and recording) of every group. */
  static List<String> ruleNames(JsonNode rules) {
    List<String> out = new ArrayList<>();
    for (JsonNode g : rules.path("groups")) {
      for (JsonNode r : g.path("rules")) {
        out.add(r.has("alert") ? r.path("alert").asText() : r.path("record").asText());
      }
    }
    return out;
  }

  /** Every PromQL expression of both files, dashboard variables replaced ({@link #forPrometheus}). */
  static List<String> expressions() {
    JsonNode dashboard = dashboard();
    List<String> out = new ArrayList<>();
    panelQueries(dashboard).forEach(q -> out.add(forPrometheus(q.expr())));
    variableQueries(dashboard).forEach(v -> out.add(v.selector()));
    alertRules(rules()).forEach(r -> out.add(r.expr()));
    return out;
  }

  /** Every metric name both files read, in order of first appearance. */
  static Set<String> metricNames() {
    Set<String> out = new LinkedHashSet<>();
    expressions().forEach(e -> out.addAll(PromQl.metricNames(e)));
    return out;
  }

  /**
   * {@code expr} as Prometheus can evaluate it: the dashboard's variables replaced by what stands
   * for them over every node ({@link #VARIABLES}).
   *
   * @throws IllegalArgumentException when it uses another variable
   */
  static String forPrometheus(String expr) {
    String out = expr;
    for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
      out = out.replace(v.getKey(), v.getValue());
    }
    Matcher left = VARIABLE.matcher(out);
    if (left.find()) {
      throw new IllegalArgumentException("unknown dashboard variable " + left.group() + " in: " + expr);
    }
    return out;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
