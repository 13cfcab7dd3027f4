package io.cdrvault.query.legal.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.store.model.CdrField;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CSV columns for a field set, flattened from the canonical projection: a party becomes
 * {@code calling.raw}, {@code calling.e164}, {@code calling.kind}; {@code CAUSE} becomes
 * {@code causeCode} and {@code cause}; the charge becomes {@code charge.amountMicros} and
 * {@code charge.currency}. The header depends only on the field set, so it is the same for every
 * export of the same request. RFC 4180 quoting, CRLF line ends.
 *
 * <p>Immutable and thread-safe.
 */
final class CsvColumns {
  private final List<String> columns;

  private CsvColumns(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  static CsvColumns of(Set<CdrField> fields) {
    List<String> cols = new ArrayList<>();
    for (CdrField f : CdrField.values()) {
      if (!fields.contains(f)) {
        continue;
      }
      String n = f.jsonName();
      switch (f) {
        case CALLING, CALLED, REDIRECTING -> {
          cols.add(n + ".raw");
          cols.add(n + ".e164");
          cols.add(n + ".kind");
        }
        case CAUSE -> {
          cols.add("causeCode");
          cols.add(n);
        }
        case CHARGE -> {
          cols.add(n + ".amountMicros");
          cols.add(n + ".currency");
        }
        default -> cols.add(n);
      }
    }
    return new CsvColumns(cols);
  }

  String header() {
    return line(columns);
  }

  /** One CSV line (with CRLF) of a projected record; absent values are empty cells. */
  String row(JsonNode projected) {
    List<String> cells = new ArrayList<>(columns.size());
    for (String c : columns) {
      JsonNode n = projected;
      for (String part : c.split("\\.", -1)) {
        n = n == null ? null : n.get(part);
      }
      cells.add(n == null || n.isNull() ? "" : n.asText());
    }
    return line(cells);
  }

  private static String line(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(quote(cells.get(i)));
    }
    return sb.append("\r\n").toString();
  }

  static String quote(String v) {
    boolean needs = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0
        || v.indexOf('\n') >= 0;
    return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
