package io.cdrvault.query.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The annual certification report ({@code GET /v1/compliance/certification}) as CSV for the
 * compliance officer's records: one row per figure, columns {@code section,item,value}. Values are
 * quoted when they hold a comma, quote or line break, and a value that a spreadsheet would run as
 * a formula ({@code = + - @} first) is prefixed with {@code '}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CertificationCsv {
  /** The CSV's media type. */
  public static final String MEDIA_TYPE = "text/csv; charset=utf-8";

  private CertificationCsv() {}

  /** The report {@code r} (the API's JSON) as CSV text, CRLF line ends (RFC 4180). */
  public static String of(JsonNode r) {
    StringBuilder b = new StringBuilder();
    row(b, "section", "item", "value");
    row(b, "period", "year", r.path("year").asText());
    row(b, "period", "from", r.path("period").path("from").asText());
    row(b, "period", "to", r.path("period").path("to").asText());
    row(b, "period", "generatedAt", r.path("generatedAt").asText());
    row(b, "disclosures", "total", r.path("disclosures").path("total").asText());
    fields(b, "disclosures-by-purpose", r.path("disclosures").path("byPurpose"));
    fields(b, "legal-process-by-instrument", r.path("disclosures").path("legalProcessByInstrument"));
    row(b, "denials", "total", r.path("denials").path("total").asText());
    fields(b, "denials-by-rule", r.path("denials").path("byRule"));
    row(b, "consent", "operations", r.path("consentOperations").asText());
    row(b, "breaches", "count", r.path("breaches").path("count").asText());
    for (JsonNode x : r.path("breaches").path("items")) {
      String id = x.path("id").asText();
      row(b, "breach " + id, "discoveredAt", x.path("discoveredAt").asText());
      row(b, "breach " + id, "determinedAt", x.path("determinedAt").asText());
      row(b, "breach " + id, "customersAffected", x.path("customersAffected").asText());
      row(b, "breach " + id, "lawEnforcementNotifiedAt", x.path("lawEnforcementNotifiedAt").asText(""));
      row(b, "breach " + id, "customersNotifiedAt", x.path("customersNotifiedAt").asText(""));
    }
    row(b, "complaints", "total", r.path("complaints").path("total").asText());
    fields(b, "complaints-by-category", r.path("complaints").path("byCategory"));
    return b.toString();
  }

  private static void fields(StringBuilder b, String section, JsonNode o) {
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      row(b, section, e.getKey(), e.getValue().asText());
    }
  }

  private static void row(StringBuilder b, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(cell(cells[i]));
    }
    b.append("\r\n");
  }

  static String cell(String v) {
    String s = v;
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
