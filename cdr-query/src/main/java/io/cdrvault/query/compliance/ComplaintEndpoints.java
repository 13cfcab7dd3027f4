package io.cdrvault.query.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.store.access.Duty;
import io.cdrvault.store.compliance.Complaint;
import io.cdrvault.store.compliance.ComplaintCategory;
import io.cdrvault.store.compliance.ComplianceRegistry;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

/**
 * The log of customer complaints about the unauthorised release of CPNI (47 CFR 64.2009(e)):
 * record one (received at, category, an optional sealed note) and list them, optionally for one
 * calendar year (UTC). Duty OVERSIGHT; one audit entry per request, the complaint id as case
 * reference, never the note.
 *
 * <p>Thread-safe.
 */
final class ComplaintEndpoints {
  static final Set<String> MEMBERS = Set.of("receivedAt", "category", "note");

  private final ComplianceRegistry registry;
  private final AccessFlow flow;
  private final ObjectMapper json;
  private final java.time.ZoneId zone;

  /** Dates received are midnight in {@code zone} (the breach rules' zone). */
  ComplaintEndpoints(ApiContext api, java.time.ZoneId zone) {
    this.zone = zone;
    this.registry = api.store().complianceRegistry();
    this.flow = api.flow();
    this.json = api.json();
  }

  /** {@code POST /v1/compliance/complaints}. */
  void record(Context ctx) {
    flow.duty(ctx, "complaint-record", Duty.OVERSIGHT, (p, now) -> {
      try {
        JsonNode root = ComplianceBodies.object(json, flow.body(ctx), MEMBERS);
        Instant received = ComplianceBodies.instant(root, "receivedAt", zone);
        ComplaintCategory category = ComplianceBodies.oneOf(root, "category", ComplaintCategory.class);
        String note = ComplianceBodies.optionalText(root, "note");
        if (note != null && note.isBlank()) {
          note = null;
        }
        Complaint c = registry.recordComplaint(received, category, note, p.name(), now);
        return BreachEndpoints.ok(201, c.id(), BreachJson.complaint(json, c));
      } catch (ComplianceBodies.Problem | IllegalArgumentException e) {
        return BreachEndpoints.bad(Optional.empty(), e.getMessage());
      }
    });
  }

  /** {@code GET /v1/compliance/complaints[?year=YYYY]}. */
  void list(Context ctx) {
    flow.duty(ctx, "complaint-list", Duty.OVERSIGHT, (p, now) -> {
      Integer year;
      try {
        year = ComplianceBodies.year(ctx.queryParam("year"), false);
      } catch (ComplianceBodies.Problem e) {
        return BreachEndpoints.bad(Optional.empty(), e.getMessage());
      }
      ObjectNode body = json.createObjectNode();
      if (year != null) {
        body.put("year", year);
      }
      ArrayNode arr = body.putArray("complaints");
      for (Complaint c : registry.complaints()) {
        if (year == null || c.receivedAt().atZone(ZoneOffset.UTC).getYear() == year) {
          arr.add(BreachJson.complaint(json, c));
        }
      }
      return BreachEndpoints.ok(200, null, body);
    });
  }
}
