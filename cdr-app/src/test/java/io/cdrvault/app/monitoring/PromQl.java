package io.cdrvault.app.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a PromQL expression reads: its metric names, its selectors (a metric name with its label
 * matchers) and the label names it matches or groups on. A small tokenizer, not a parser: string
 * literals, ranges ({@code [5m]}) and numbers are skipped; an identifier followed by {@code (} is a
 * function and must be a known one; aggregation operators and keywords are not metrics; names in
 * {@code {...}} and in the lists after {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left} and {@code group_right} are labels. Every other identifier — whatever follows
 * it: a brace, a bracket, a closing parenthesis, a comma, whitespace or the end — is a metric
 * name. Grafana variables ({@code $__rate_interval}, {@code $instance}, <code>${x}</code>) are
 * skipped.
 *
 * <p>Stateless and thread-safe.
 */
final class PromQl {
  /** The functions of Prometheus 2.x; a name followed by '(' that is not one of these is an error. */
  static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh",
      "asin", "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max",
      "clamp_min", "cos", "cosh", "count_over_time", "day_of_month", "day_of_week", "day_of_year",
      "days_in_month", "deg", "delta", "deriv", "exp", "floor", "histogram_count",
      "histogram_fraction", "histogram_quantile", "histogram_sum", "holt_winters", "hour",
      "idelta", "increase", "irate", "label_join", "label_replace", "last_over_time", "ln",
      "log10", "log2", "max_over_time", "min_over_time", "minute", "month", "pi",
      "predict_linear", "present_over_time", "quantile_over_time", "rad", "rate", "resets",
      "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt", "stddev_over_time",
      "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year");
  static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev",
      "stdvar", "count", "count_values", "bottomk", "topk", "quantile");
  /** Keywords followed by a parenthesised list of label names. */
  static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right");
  static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2",
      "inf", "nan");

  /** The result of reading one expression. */
  record Reads(Set<String> metrics, List<String> selectors, Set<String> labels) {}

  private PromQl() {}

  /** The metric names {@code expr} reads, in order of first appearance. */
  static Set<String> metricNames(String expr) {
    return read(expr).metrics();
  }

  /**
   * Reads {@code expr}.
   *
   * @throws IllegalArgumentException when it calls an unknown function or has unbalanced braces,
   *     brackets or quotes
   */
  static Reads read(String expr) {
    Set<String> metrics = new LinkedHashSet<>();
    List<String> selectors = new ArrayList<>();
    Set<String> labels = new LinkedHashSet<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        i = endOfString(expr, i);
      } else if (c == '[') {
        i = closing(expr, i, '[', ']') + 1;
      } else if (c == '{') {
        int end = closing(expr, i, '{', '}');
        labels.addAll(matcherLabels(expr.substring(i + 1, end))); // a selector without a name
        i = end + 1;
      } else if (c == '$') {
        i = endOfVariable(expr, i);
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
          i++; // a number or a duration (0.05, 1e3, 5m, 1h30m)
        }
      } else if (isIdentifierStart(c)) {
        int start = i;
        while (i < n && isIdentifierPart(expr.charAt(i))) {
          i++;
        }
        String word = expr.substring(start, i);
        int next = skipSpace(expr, i);
        boolean call = next < n && expr.charAt(next) == '(';
        if (GROUPING.contains(word)) {
          if (call) {
            int end = closing(expr, next, '(', ')');
            for (String l : expr.substring(next + 1, end).split(",")) {
              if (!l.isBlank()) {
                labels.add(l.strip());
              }
            }
            i = end + 1;
          }
        } else if (AGGREGATIONS.contains(word) || KEYWORDS.contains(word)) {
          // an operator: not a metric
        } else if (call) {
          if (!FUNCTIONS.contains(word)) {
            throw new IllegalArgumentException("unknown function '" + word + "' in: " + expr);
          }
        } else {
          metrics.add(word);
          if (next < n && expr.charAt(next) == '{') {
            int end = closing(expr, next, '{', '}');
            labels.addAll(matcherLabels(expr.substring(next + 1, end)));
            selectors.add(word + expr.substring(next, end + 1));
            i = end + 1;
          } else {
            selectors.add(word);
          }
        }
      } else {
        i++; // operators, parentheses, commas
      }
    }
    return new Reads(metrics, selectors, labels);
  }

  /** The label names of a matcher list such as {@code a="x", b=~"y|z"}. */
  private static List<String> matcherLabels(String matchers) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = matchers.length();
    while (i < n) {
      char c = matchers.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = endOfString(matchers, i);
      } else if (isIdentifierStart(c)) {
        int start = i;
        while (i < n && isIdentifierPart(matchers.charAt(i))) {
          i++;
        }
        out.add(matchers.substring(start, i));
      } else {
        i++;
      }
    }
    return out;
  }

  private static int endOfString(String s, int open) {
    char quote = s.charAt(open);
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated string at " + open + " in: " + s);
  }

  private static int closing(String s, int open, char o, char c) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char x = s.charAt(i);
      if (x == '"' || x == '\'' || x == '`') {
        i = endOfString(s, i) - 1;
      } else if (x == o) {
        depth++;
      } else if (x == c && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced '" + o + "' at " + open + " in: " + s);
  }

  private static int endOfVariable(String s, int dollar) {
    int i = dollar + 1;
    if (i < s.length() && s.charAt(i) == '{') {
      return closing(s, i, '{', '}') + 1;
    }
    while (i < s.length() && isIdentifierPart(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
