package io.cdrvault.query.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ActionOutcome;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.store.access.Duty;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.compliance.Breach;
import io.cdrvault.store.compliance.BreachNotification;
import io.cdrvault.store.compliance.BreachRules;
import io.cdrvault.store.compliance.BreachText;
import io.cdrvault.store.compliance.ComplianceException;
import io.cdrvault.store.compliance.ComplianceRegistry;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * The breach register over HTTP (47 CFR 64.2011; docs/compliance.md): record a breach, list the
 * register with each breach's deadlines, read one with its free text and notifications, and record
 * a notification or a law enforcement direction to delay. Duty OVERSIGHT (ADR 0035); each request
 * writes exactly one audit entry, with the breach id as its case reference and nothing of the body.
 * There is no route that deletes or changes a breach's text.
 *
 * <p>Thread-safe. Logs nothing itself (the access flow logs operation, id and rule).
 */
final class BreachEndpoints {
  static final Set<String> BREACH_MEMBERS = Set.of("discoveredAt", "determinedAt", "description",
      "circumstances", "cpniInvolved", "customersAffected");
  static final Set<String> NOTIFICATION_MEMBERS = Set.of("kind", "at", "reference", "delayUntil");
  private static final String ID_PROBLEM = "path parameter 'id' must be BR- and 16 lowercase hex digits";

  private final ComplianceRegistry registry;
  private final AccessFlow flow;
  private final ObjectMapper json;
  private final BreachRules rules;

  BreachEndpoints(ApiContext api, BreachRules rules) {
    this.registry = api.store().complianceRegistry();
    this.flow = api.flow();
    this.json = api.json();
    this.rules = rules;
  }

  /** {@code POST /v1/compliance/breaches}. */
  void record(Context ctx) {
    flow.duty(ctx, "breach-record", Duty.OVERSIGHT, (p, now) -> {
      try {
        JsonNode root = ComplianceBodies.object(json, flow.body(ctx), BREACH_MEMBERS);
        Instant discovered = ComplianceBodies.instant(root, "discoveredAt", rules.zone());
        Instant determined = ComplianceBodies.instant(root, "determinedAt", rules.zone());
        BreachText text = new BreachText(ComplianceBodies.text(root, "description"),
            ComplianceBodies.text(root, "circumstances"), ComplianceBodies.text(root, "cpniInvolved"));
        long affected = ComplianceBodies.count(root, "customersAffected");
        Breach b = registry.recordBreach(discovered, determined, text, affected, p.name(), now);
        return ok(201, b.id(), BreachJson.full(json, b, rules, now));
      } catch (ComplianceBodies.Problem | IllegalArgumentException e) {
        return bad(Optional.empty(), e.getMessage());
      }
    });
  }

  /** {@code GET /v1/compliance/breaches}: the register, each breach with its clocks. */
  void list(Context ctx) {
    flow.duty(ctx, "breach-list", Duty.OVERSIGHT, (p, now) -> {
      ObjectNode body = json.createObjectNode();
      ArrayNode arr = body.putArray("breaches");
      for (Breach b : registry.breaches()) {
        arr.add(BreachJson.summary(json, b, rules, now));
      }
      body.set("rules", rules(now));
      return ok(200, null, body);
    });
  }

  /** {@code GET /v1/compliance/breaches/{id}}. */
  void read(Context ctx) {
    flow.duty(ctx, "breach-read", Duty.OVERSIGHT, (p, now) -> {
      String id = ctx.pathParam("id");
      if (!Breach.ID.matcher(id).matches()) {
        return bad(Optional.empty(), ID_PROBLEM);
      }
      return registry.breach(id).map(b -> ok(200, id, BreachJson.full(json, b, rules, now)))
          .orElseGet(() -> unknown(id));
    });
  }

  /** {@code POST /v1/compliance/breaches/{id}/notifications}. */
  void addNotification(Context ctx) {
    flow.duty(ctx, "breach-notify", Duty.OVERSIGHT, (p, now) -> {
      String id = ctx.pathParam("id");
      if (!Breach.ID.matcher(id).matches()) {
        return bad(Optional.empty(), ID_PROBLEM);
      }
      try {
        JsonNode root = ComplianceBodies.object(json, flow.body(ctx), NOTIFICATION_MEMBERS);
        BreachNotification.Kind kind = ComplianceBodies.oneOf(root, "kind",
            BreachNotification.Kind.class);
        Instant at = ComplianceBodies.instant(root, "at", rules.zone());
        String reference = ComplianceBodies.text(root, "reference").strip();
        LocalDate until = null;
        if (kind == BreachNotification.Kind.DELAY_REQUEST) {
          until = ComplianceBodies.date(root, "delayUntil");
        } else if (root.hasNonNull("delayUntil")) {
          return bad(Optional.of(id), "member 'delayUntil' belongs to a DELAY_REQUEST only");
        }
        Breach b = registry.addNotification(id, kind, at, reference, until, p.name(), now);
        return ok(201, id, BreachJson.full(json, b, rules, now));
      } catch (ComplianceBodies.Problem | IllegalArgumentException e) {
        return bad(Optional.of(id), e.getMessage());
      } catch (ComplianceException e) {
        return e.reason() == ComplianceException.Reason.UNKNOWN ? unknown(id)
            : ActionOutcome.refused(409, "conflict", "notification-out-of-order", Optional.of(id),
                e.getMessage());
      }
    });
  }

  private ObjectNode rules(Instant now) {
    ObjectNode o = json.createObjectNode();
    o.put("zone", rules.zone().getId());
    o.put("lawEnforcementBusinessDays", rules.lawEnforcementBusinessDays());
    o.put("customerWaitBusinessDays", rules.customerWaitBusinessDays());
    o.put("customerDeadlineDays", rules.customerDeadlineDays());
    o.put("today", now.atZone(rules.zone()).toLocalDate().toString());
    return o;
  }

  static ActionOutcome ok(int status, String caseRef, JsonNode body) {
    return ActionOutcome.ok(status, Optional.ofNullable(caseRef), body);
  }

  static ActionOutcome bad(Optional<String> caseRef, String problem) {
    return ActionOutcome.refused(400, "bad-request", Rules.BAD_REQUEST, caseRef, problem);
  }

  private static ActionOutcome unknown(String id) {
    return ActionOutcome.refused(404, "not-found", "breach-unknown", Optional.of(id),
        "no breach has this id");
  }
}
