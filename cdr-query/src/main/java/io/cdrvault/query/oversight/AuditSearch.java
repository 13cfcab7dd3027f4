package io.cdrvault.query.oversight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The audit trail as the compliance officer searches it: entries matching an {@link AuditQuery},
 * newest first, each exactly as the ledger stores it (docs/audit.md members), and where to go on.
 * A search reads at most {@link #MAX_READ} entries: when that many were read before the page was
 * full, the answer says so ({@code complete: false}) and {@code next} continues below the last
 * entry read.
 *
 * <p>Thread-safe.
 */
final class AuditSearch {
  /** Most entries one search reads. */
  static final long MAX_READ = 100_000;

  private final LedgerScan scan;
  private final ObjectMapper json;

  AuditSearch(AuditLedger ledger, ObjectMapper json) {
    this.scan = new LedgerScan(ledger);
    this.json = Objects.requireNonNull(json, "json");
  }

  /** {@code {"entries":[…],"next":seq|null,"read":n,"complete":bool}}. */
  ObjectNode search(AuditQuery q) {
    ObjectNode body = json.createObjectNode();
    ArrayNode entries = body.putArray("entries");
    long[] lastMatched = {0};
    LedgerScan.Result r = scan.walk(q.before(), q.from(), q.to(), MAX_READ, e -> {
      JsonNode members = members(e);
      if (matches(q, members)) {
        entries.add(members);
        lastMatched[0] = e.sequence();
      }
      return entries.size() < q.limit();
    });
    long next = switch (r.end()) {
      case STOPPED -> lastMatched[0];
      case BOUND -> r.lowest();
      case EXHAUSTED -> 0;
    };
    if (next > 1) {
      body.put("next", next);
    } else {
      body.putNull("next");
    }
    body.put("read", r.read());
    body.put("complete", r.end() != LedgerScan.End.BOUND);
    return body;
  }

  private JsonNode members(AuditEntry e) {
    try {
      return json.readTree(e.canonicalJson());
    } catch (IOException ex) {
      throw new UncheckedIOException("an audit entry could not be read back", ex);
    }
  }

  static boolean matches(AuditQuery q, JsonNode e) {
    return eq(q.principal(), e, "principal") && eq(q.purpose(), e, "purpose")
        && eq(q.outcome(), e, "outcome") && eq(q.operation(), e, "operation")
        && (q.subject() == null || q.subject().equals(e.path("subject").asText(null))
            || contains(e.path("subjects"), q.subject()));
  }

  private static boolean eq(String wanted, JsonNode e, String member) {
    return wanted == null || wanted.equals(e.path(member).asText(null));
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (value.equals(v.asText())) {
        return true;
      }
    }
    return false;
  }
}
