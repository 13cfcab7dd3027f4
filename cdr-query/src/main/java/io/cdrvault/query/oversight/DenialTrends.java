package io.cdrvault.query.oversight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditLedger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Denial trends over a window: how many requests the node refused, per UTC day and rule and per
 * principal. A {@code DENIED} entry counts one request; an aggregated anonymous refusal counts
 * the requests it stands for ({@code resultCount}, docs/audit.md). Reads at most
 * {@link #MAX_READ} entries, newest first; the answer says when the window was not read whole.
 *
 * <p>Thread-safe.
 */
final class DenialTrends {
  /** Most entries one report reads. */
  static final long MAX_READ = 1_000_000;

  private final LedgerScan scan;
  private final ObjectMapper json;

  DenialTrends(AuditLedger ledger, ObjectMapper json) {
    this.scan = new LedgerScan(ledger);
    this.json = Objects.requireNonNull(json, "json");
  }

  /**
   * {@code {"from","to","total","days":[{"day","rule","count"}],"principals":[{"principal",
   * "count"}],"read","complete","oldestRead"}}, days and rules in order.
   */
  ObjectNode trends(Instant from, Instant to) {
    Map<String, Map<String, Long>> byDay = new TreeMap<>();
    Map<String, Long> byPrincipal = new TreeMap<>();
    long[] total = {0};
    Instant[] oldest = {null};
    LedgerScan.Result r = scan.walk(0, from, to, MAX_READ, e -> {
      oldest[0] = e.event().time();
      if (e.event().outcome() != AuditEvent.Outcome.DENIED) {
        return true;
      }
      long n = count(e);
      String day = LocalDate.ofInstant(e.event().time(), ZoneOffset.UTC).toString();
      byDay.computeIfAbsent(day, d -> new TreeMap<>()).merge(e.event().rule(), n, Long::sum);
      byPrincipal.merge(e.event().principal(), n, Long::sum);
      total[0] += n;
      return true;
    });
    ObjectNode body = json.createObjectNode();
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("total", total[0]);
    ArrayNode days = body.putArray("days");
    byDay.forEach((day, rules) -> rules.forEach((rule, n) ->
        days.addObject().put("day", day).put("rule", rule).put("count", n)));
    ArrayNode principals = body.putArray("principals");
    byPrincipal.forEach((p, n) -> principals.addObject().put("principal", p).put("count", n));
    body.put("read", r.read());
    body.put("complete", r.end() != LedgerScan.End.BOUND);
    if (r.end() == LedgerScan.End.BOUND && oldest[0] != null) {
      body.put("oldestRead", oldest[0].toString());
    } else {
      body.putNull("oldestRead");
    }
    return body;
  }

  /** The requests a denied entry stands for. */
  private static long count(AuditEntry e) {
    if (e.event() instanceof AuditEvent.AnonymousRefusals a) {
      return a.count();
    }
    return 1;
  }
}
