package io.cdrvault.query.oversight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.audit.DisclosureReport.Disclosure;

/**
 * One line of the compliance officer's disclosure report, the same for {@code cdrvault audit
 * report} (NDJSON) and {@code POST /v1/audit/disclosures}: seq, time, principal, purpose,
 * operation, scopeKind, caseRef, fields, resultCount, gagged (docs/audit.md "Disclosure report").
 * Holds no customer id.
 *
 * <p>Stateless and thread-safe.
 */
public final class DisclosureJson {
  private DisclosureJson() {}

  /** The report line of {@code d}. */
  public static ObjectNode of(Disclosure d) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("seq", d.decisionSequence());
    n.put("time", d.time().toString());
    n.put("principal", d.principal());
    n.put("purpose", d.purpose());
    n.put("operation", d.operation());
    n.put("scopeKind", d.scopeKind());
    n.put("caseRef", d.caseRef());
    ArrayNode fields = n.putArray("fields");
    d.fields().forEach(fields::add);
    if (d.resultCount() == null) {
      n.putNull("resultCount");
    } else {
      n.put("resultCount", d.resultCount());
    }
    n.put("gagged", d.gagged());
    return n;
  }
}
