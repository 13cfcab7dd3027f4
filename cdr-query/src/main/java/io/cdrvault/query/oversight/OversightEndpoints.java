package io.cdrvault.query.oversight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ActionOutcome;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.Duty;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.audit.DisclosureReport;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.model.CustomerId;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The compliance officer's routes over the audit trail (duty OVERSIGHT, ADR 0035): search the
 * trail, a customer's pseudonym, the ledger's verification status, a customer's disclosure report
 * and denial trends. Each request runs through {@link AccessFlow#duty} — authenticated, refused
 * {@code role-lacks-duty} without the duty, and audited exactly once under its fixed operation.
 * A customer id arrives only in a POST body, is never answered or logged, and reaches the ledger
 * only as the customer's tag (the entry's subject).
 *
 * <p>Thread-safe. Logs nothing of its own.
 */
final class OversightEndpoints {
  static final String SEARCH = "audit-search";
  static final String CUSTOMER_TAG = "audit-customer-tag";
  static final String STATUS = "audit-status";
  static final String DISCLOSURES = "audit-disclosures";
  static final String DENIALS = "audit-denials";
  /** The denial trends' window when none is asked for: the last 30 days. */
  static final Duration DEFAULT_DENIAL_WINDOW = Duration.ofDays(30);
  static final Duration MAX_DENIAL_WINDOW = Duration.ofDays(366);
  private static final Set<String> SEARCH_PARAMETERS = Set.of("from", "to", "principal", "purpose",
      "outcome", "operation", "subject", "before", "limit");
  private static final Set<String> DENIAL_PARAMETERS = Set.of("from", "to");

  private final CdrStore store;
  private final AccessFlow flow;
  private final ObjectMapper json;
  private final AuditSearch search;
  private final LedgerStatus status;
  private final DenialTrends denials;

  OversightEndpoints(ApiContext api) {
    this.store = api.store();
    this.flow = api.flow();
    this.json = api.json();
    this.search = new AuditSearch(store.auditLedger(), json);
    this.status = new LedgerStatus(store.auditLedger(), flow.policy().clock(), json);
    this.denials = new DenialTrends(store.auditLedger(), json);
  }

  /** {@code GET /v1/audit/entries}. */
  void entries(Context ctx) {
    flow.duty(ctx, SEARCH, Duty.OVERSIGHT, (p, now) -> {
      String problem = parameterProblem(ctx, SEARCH_PARAMETERS);
      AuditQuery.Parsed q = problem == null ? AuditQuery.parse(ctx::queryParam) : null;
      if (problem != null || q.problem() != null) {
        return bad(problem != null ? problem : q.problem());
      }
      return ActionOutcome.ok(200, Optional.empty(), search.search(q.query()));
    });
  }

  /** {@code POST /v1/audit/customer-tag}: the customer's pseudonym, for searching the trail. */
  void customerTag(Context ctx) {
    flow.duty(ctx, CUSTOMER_TAG, Duty.OVERSIGHT, (p, now) -> {
      Customer c = customer(ctx);
      if (c.problem() != null) {
        return bad(c.problem());
      }
      ObjectNode body = json.createObjectNode();
      body.put("subject", store.customerTagger().tagHex(c.id()));
      body.put("kind", "customer");
      return ActionOutcome.ok(200, Optional.empty(), body).about(c.id());
    });
  }

  /** {@code GET /v1/audit/status}. */
  void status(Context ctx) {
    flow.duty(ctx, STATUS, Duty.OVERSIGHT, (p, now) -> {
      String problem = parameterProblem(ctx, Set.of());
      return problem != null ? bad(problem)
          : ActionOutcome.ok(200, Optional.empty(), status.status());
    });
  }

  /** {@code POST /v1/audit/disclosures}: as {@code cdrvault audit report}, gagged ones flagged. */
  void disclosures(Context ctx) {
    flow.duty(ctx, DISCLOSURES, Duty.OVERSIGHT, (p, now) -> {
      Customer c = customer(ctx);
      if (c.problem() != null) {
        return bad(c.problem());
      }
      String tag = store.customerTagger().tagHex(c.id());
      List<DisclosureReport.Disclosure> report = DisclosureReport.of(store.auditLedger(), tag,
          this::gagged, true);
      ObjectNode body = json.createObjectNode();
      body.put("subject", tag);
      ArrayNode list = body.putArray("disclosures");
      report.forEach(d -> list.add(DisclosureJson.of(d)));
      return ActionOutcome.ok(200, Optional.empty(), body).about(c.id());
    });
  }

  /** {@code GET /v1/audit/denials[?from=&to=]}. */
  void denials(Context ctx) {
    flow.duty(ctx, DENIALS, Duty.OVERSIGHT, (p, now) -> {
      String problem = parameterProblem(ctx, DENIAL_PARAMETERS);
      if (problem != null) {
        return bad(problem);
      }
      Instant to = now.plusMillis(1); // up to and including now
      Instant from = null;
      for (String name : List.of("to", "from")) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
          continue;
        }
        Instant i = RequestScope.instant(raw);
        if (i == null) {
          return bad("query parameter '" + name
              + "' must be an ISO-8601 instant (2026-12-01T00:00:00Z) or a date (2026-12-01)");
        }
        if (name.equals("to")) {
          to = i;
        } else {
          from = i;
        }
      }
      if (from == null) {
        from = to.minus(DEFAULT_DENIAL_WINDOW);
      }
      if (!from.isBefore(to)) {
        return bad("query parameter 'from' must be before 'to'");
      }
      if (Duration.between(from, to).compareTo(MAX_DENIAL_WINDOW) > 0) {
        return bad("the window from 'from' to 'to' is longer than "
            + MAX_DENIAL_WINDOW.toDays() + " days");
      }
      return ActionOutcome.ok(200, Optional.empty(), denials.trends(from, to));
    });
  }

  /** A customer id from a POST body {@code {"customerId":"…"}}, or what is wrong with the body. */
  private record Customer(CustomerId id, String problem) {}

  private Customer customer(Context ctx) {
    JsonNode root;
    try {
      root = json.readTree(flow.body(ctx));
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject() || root.size() != 1 || !root.path("customerId").isTextual()) {
      return new Customer(null, "the body must be a JSON object {\"customerId\": \"…\"}");
    }
    try {
      return new Customer(CustomerId.of(root.get("customerId").asText()), null);
    } catch (IllegalArgumentException e) {
      return new Customer(null, "member 'customerId' must be 1..64 characters of [A-Za-z0-9._:-]");
    }
  }

  /** Refuses a repeated or unknown query parameter (without naming it: it is caller text). */
  private static String parameterProblem(Context ctx, Set<String> allowed) {
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        return "an unknown query parameter was sent (allowed: "
            + allowed.stream().sorted().toList() + ")";
      }
      if (e.getValue().size() > 1) {
        return "query parameter '" + e.getKey() + "' must be sent at most once";
      }
    }
    return null;
  }

  /** Whether a case reference names a legal request under a gag order. */
  private boolean gagged(String caseRef) {
    if (caseRef == null || !LegalRequest.ID.matcher(caseRef).matches()) {
      return false;
    }
    return store.legalRegistry().find(caseRef).map(LegalRequest::gag).orElse(false);
  }

  private static ActionOutcome bad(String reason) {
    return ActionOutcome.refused(400, "bad-request", Rules.BAD_REQUEST, Optional.empty(), reason);
  }
}
