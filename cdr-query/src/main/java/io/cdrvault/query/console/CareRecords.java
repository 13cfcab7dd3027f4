package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The itemised records of an NDJSON answer of the API as a table whose columns are exactly the
 * fields the answer holds (in the order they first appear; the console adds none): what the API
 * sends under CUSTOMER_ACCESS is the purpose's fields, so the table shows those and no other. At
 * most {@link #MAX_ROWS} rows are kept for the page; the rest of the stream is still read to its
 * end (and counted), so the API's completion entry records the whole read.
 *
 * <p>Immutable.
 *
 * @param columns field names, in order of first appearance
 * @param rows each record's values by column ("" where a record lacks the field)
 * @param total records in the answer
 * @param complete whether the stream ended cleanly (a stream cut short is incomplete)
 * @param auditSequence the decision's audit entry, or null
 */
record CareRecords(List<String> columns, List<List<String>> rows, long total, boolean complete,
    Long auditSequence) {
  /** Rows kept for a page. */
  static final int MAX_ROWS = 1000;

  CareRecords {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** Reads the NDJSON {@code body} to its end (closing it). */
  static CareRecords read(InputStream body, ObjectMapper json, Long auditSequence) {
    Set<String> columns = new LinkedHashSet<>();
    List<Map<String, String>> kept = new ArrayList<>();
    long total = 0;
    boolean complete = true;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        total++;
        if (kept.size() >= MAX_ROWS) {
          continue;
        }
        JsonNode r = json.readTree(line);
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          columns.add(f.getKey());
          values.put(f.getKey(), text(f.getValue()));
        }
        kept.add(values);
      }
    } catch (IOException e) {
      complete = false; // cut short: the page says so
    }
    List<String> cols = List.copyOf(columns);
    List<List<String>> rows = new ArrayList<>(kept.size());
    for (Map<String, String> v : kept) {
      rows.add(cols.stream().map(c -> v.getOrDefault(c, "")).toList());
    }
    return new CareRecords(cols, rows, total, complete, auditSequence);
  }

  /** A value as a cell's text: a scalar as it is, an object's members as "name: value; …". */
  private static String text(JsonNode v) {
    if (v.isValueNode() || v.isNull()) {
      return v.isNull() ? "" : v.asText();
    }
    if (v.isObject()) {
      StringBuilder b = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> m = it.next();
        b.append(b.length() == 0 ? "" : "; ").append(m.getKey()).append(": ").append(text(m.getValue()));
      }
      return b.toString();
    }
    return v.toString();
  }

  /** Whether some records are not shown. */
  boolean truncated() {
    return total > rows.size();
  }

  @Override
  public String toString() {
    return "CareRecords[" + total + " records]";
  }
}
