package io.cdrvault.query.legal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ActionOutcome;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.HoldException;
import io.cdrvault.store.lifecycle.HoldRegistry;
import io.cdrvault.store.model.PrintableText;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Legal holds over HTTP, so preservation (18 U.S.C. 2703(f)) does not need the node stopped:
 * {@code POST /v1/legal/holds} (create, 90 days), {@code GET /v1/legal/holds},
 * {@code POST /v1/legal/holds/{id}/renewal} (+90 days from now) and {@code .../release}. Purpose
 * LEGAL_PROCESS, role {@code legal}. Each request writes exactly one decision entry (the registry
 * adds its own {@code hold.*} entry for a change).
 *
 * <p>Thread-safe. Logs hold ids and rules only, never targets.
 */
final class HoldEndpoints {
  private static final Set<String> MEMBERS = Set.of("targets", "from", "to", "reference");
  private static final String ID_PROBLEM = "path parameter 'id' must be LH- and 16 lowercase hex digits";

  private final HoldRegistry holds;
  private final AccessFlow flow;
  private final ObjectMapper json;

  HoldEndpoints(ApiContext api) {
    this.holds = api.store().holdRegistry();
    this.flow = api.flow();
    this.json = api.json();
  }

  /** {@code POST /v1/legal/holds}. */
  void create(Context ctx) {
    flow.action(ctx, "hold-create", Purpose.LEGAL_PROCESS, (p, now) -> {
      JsonNode root;
      try {
        root = json.readTree(flow.body(ctx));
      } catch (IOException e) {
        root = null;
      }
      if (root == null || !root.isObject()) {
        return bad("the body must be a JSON object {targets, from, to, reference}");
      }
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        if (!MEMBERS.contains(it.next())) {
          return bad("the body has an unknown member (allowed: " + MEMBERS.stream().sorted().toList() + ")");
        }
      }
      LegalRequestJson.Targets targets = LegalRequestJson.targets(root.get("targets"));
      if (targets.problem() != null) {
        return bad(targets.problem());
      }
      Instant from = LegalRequestJson.instantOf(root, "from");
      Instant to = LegalRequestJson.instantOf(root, "to");
      if (from == null) {
        return bad(LegalRequestJson.instantProblemOf("from"));
      }
      if (to == null) {
        return bad(LegalRequestJson.instantProblemOf("to"));
      }
      String outside = RequestScope.outsideStoreTimes(from, to);
      if (outside != null) {
        return bad("member '" + outside + "' must lie " + RequestScope.STORE_TIMES);
      }
      if (!from.isBefore(to)) {
        return bad("member 'from' must be before 'to'");
      }
      String reference = LegalRequestJson.textOf(root, "reference");
      if (reference == null || reference.strip().length() > Hold.MAX_REFERENCE) {
        return bad("member 'reference' is required: 1.." + Hold.MAX_REFERENCE
            + " characters (a legal request id or case number)");
      }
      int unprintable = PrintableText.firstUnprintable(reference.strip());
      if (unprintable >= 0) {
        return bad("member 'reference' must be printable text: it has a control or other "
            + "unprintable character at index " + unprintable);
      }
      Hold h = holds.create(targets.targets(), from, to, reference.strip(), p.name(), now);
      return ActionOutcome.ok(201, Optional.of(h.id()), write(h, now));
    });
  }

  /** {@code GET /v1/legal/holds}: every hold, with its state now. */
  void list(Context ctx) {
    flow.action(ctx, "hold-list", Purpose.LEGAL_PROCESS, (p, now) -> {
      ObjectNode body = json.createObjectNode();
      ArrayNode arr = body.putArray("holds");
      for (Hold h : holds.all()) {
        arr.add(write(h, now));
      }
      return ActionOutcome.ok(200, Optional.empty(), body);
    });
  }

  /** {@code POST /v1/legal/holds/{id}/renewal}. */
  void renew(Context ctx) {
    change(ctx, "hold-renew", true);
  }

  /** {@code POST /v1/legal/holds/{id}/release}. */
  void release(Context ctx) {
    change(ctx, "hold-release", false);
  }

  private void change(Context ctx, String operation, boolean renew) {
    flow.action(ctx, operation, Purpose.LEGAL_PROCESS, (p, now) -> {
      String id = ctx.pathParam("id");
      if (!Hold.ID.matcher(id).matches()) {
        return bad(ID_PROBLEM);
      }
      try {
        Hold h = renew ? holds.renew(id, p.name(), now) : holds.release(id, p.name(), now);
        return ActionOutcome.ok(200, Optional.of(id), write(h, now));
      } catch (HoldException e) {
        return e.reason() == HoldException.Reason.UNKNOWN
            ? ActionOutcome.refused(404, "not-found", "hold-unknown", Optional.of(id), "no hold has this id")
            : ActionOutcome.refused(409, "conflict", "hold-not-active", Optional.of(id),
                "the hold was released or has expired");
      }
    });
  }

  private static ActionOutcome bad(String problem) {
    return ActionOutcome.refused(400, "bad-request", Rules.BAD_REQUEST, Optional.empty(), problem);
  }

  private ObjectNode write(Hold h, Instant now) {
    ObjectNode o = json.createObjectNode();
    o.put("id", h.id());
    o.put("state", h.state().name());
    o.put("preserving", h.activeAt(now));
    ArrayNode t = o.putArray("targets");
    for (LegalTarget target : h.targets()) {
      t.addObject().put("kind", target.kind().name()).put("value", target.value());
    }
    o.put("from", h.from().toString());
    o.put("to", h.to().toString());
    o.put("reference", h.reference());
    o.put("createdBy", h.createdBy());
    o.put("createdAt", h.createdAt().toString());
    o.put("expiresAt", h.expiresAt().toString());
    if (h.closedAt() != null) {
      o.put("closedBy", h.closedBy());
      o.put("closedAt", h.closedAt().toString());
    }
    return o;
  }
}
