package io.cdrvault.query.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.JsonAnswer;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.consent.ConsentException;
import io.cdrvault.store.consent.ConsentKind;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.consent.ConsentState;
import io.cdrvault.store.consent.ConsentVersion;
import io.cdrvault.store.model.CustomerId;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET} and {@code POST /v1/customers/{customerId}/consent}: a customer's CPNI marketing
 * approval (history and current state), read and recorded under purpose CUSTOMER_ACCESS, operation
 * {@code consent}. Both run the {@link AuditedRead} runner with a customer scope over
 * {@code [1970-01-01, now + 1 day)} (consent is not bounded by a record window; the scope names
 * the customer for the decision and the audit entry). A malformed body is refused before the
 * decision (400, audited as {@code bad-request}); after an allowed decision the registry is read or
 * appended to and the completion entry counts the versions returned or written.
 *
 * <p>Thread-safe. Logs nothing about the customer.
 */
final class ConsentEndpoints {
  /** How far past now the audit scope of a consent request reaches. */
  static final Duration SCOPE_AHEAD = Duration.ofDays(1);

  private final ConsentRegistry registry;
  private final AccessFlow flow;
  private final AuditedRead reads;
  private final ObjectMapper json;

  ConsentEndpoints(ApiContext api) {
    this.registry = api.store().consentRegistry();
    this.flow = api.flow();
    this.reads = api.reads();
    this.json = api.json();
  }

  /** {@code GET /v1/customers/{customerId}/consent}: history and state now. */
  void history(Context ctx) throws IOException {
    Instant now = flow.policy().clock().instant();
    reads.json(ctx, Operations.CONSENT, c -> scope(c.pathParam("customerId"), now),
        (grant, tally) -> {
          CustomerId customer = grant.scope().customer();
          tally.customer(customer);
          List<ConsentVersion> history = registry.history(customer);
          ObjectNode body = json.createObjectNode();
          body.put("customerId", customer.value());
          body.set("state", state(ConsentState.at(history, now)));
          ArrayNode versions = body.putArray("history");
          history.forEach(v -> versions.add(version(v)));
          tally.records(history.size());
          return JsonAnswer.ok(200, body);
        });
  }

  /**
   * {@code POST /v1/customers/{customerId}/consent} with {@code {"kind", "effectiveAt"?, "note"?}}:
   * appends a version recorded by the authenticated principal; answers 201 with the version and
   * the state now. A value the registry rejects is answered 400 after the decision (the
   * completion entry records the read as not complete).
   */
  void record(Context ctx) throws IOException {
    Instant parsedAt = flow.policy().clock().instant();
    NewVersion[] parsed = new NewVersion[1];
    reads.json(ctx, Operations.CONSENT, c -> {
      RequestScope s = scope(c.pathParam("customerId"), parsedAt);
      if (s.problem() != null) {
        return s;
      }
      // runs after authentication; the body is read through the flow's cap
      String problem = parseBody(flow.body(c), parsedAt, parsed);
      return problem == null ? s : RequestScope.invalid(s.scope(), problem);
    }, (grant, tally) -> {
      CustomerId customer = grant.scope().customer();
      tally.customer(customer);
      NewVersion n = parsed[0];
      Instant now = flow.policy().clock().instant();
      ConsentVersion v;
      try {
        v = registry.record(customer, n.kind(), n.effectiveAt() == null ? now : n.effectiveAt(),
            grant.principal().name(), n.note(), now);
      } catch (ConsentException e) {
        return JsonAnswer.refused(400, "bad-request", e.getMessage());
      }
      tally.records(1);
      ObjectNode body = json.createObjectNode();
      body.put("customerId", customer.value());
      body.set("version", version(v));
      body.set("state", state(registry.stateAt(customer, now)));
      return JsonAnswer.ok(201, body);
    });
  }

  private record NewVersion(ConsentKind kind, Instant effectiveAt, String note) {}

  private static RequestScope scope(String rawCustomer, Instant now) {
    CustomerId customer;
    try {
      customer = CustomerId.of(rawCustomer);
    } catch (IllegalArgumentException | NullPointerException e) {
      return RequestScope.invalid(null,
          "path parameter 'customerId' must be 1..64 characters of [A-Za-z0-9._:-]");
    }
    return RequestScope.of(AccessScope.customer(customer, Instant.EPOCH, now.plus(SCOPE_AHEAD)));
  }

  /** Parses the body into {@code out[0]}; returns what is wrong (naming fields) or null. */
  private String parseBody(byte[] body, Instant now, NewVersion[] out) {
    JsonNode n;
    try {
      n = body.length == 0 ? null : json.readTree(body);
    } catch (IOException e) {
      return "the body must be a JSON object";
    }
    if (n == null || !n.isObject()) {
      return "the body must be a JSON object {\"kind\", \"effectiveAt\"?, \"note\"?}";
    }
    for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("kind") && !f.equals("effectiveAt") && !f.equals("note")) {
        return "the body has an unknown field (allowed: kind, effectiveAt, note)";
      }
    }
    JsonNode k = n.get("kind");
    ConsentKind kind = null;
    if (k != null && k.isTextual()) {
      try {
        kind = ConsentKind.valueOf(k.asText());
      } catch (IllegalArgumentException e) {
        kind = null;
      }
    }
    if (kind == null) {
      return "field 'kind' must be one of OPT_IN, OPT_OUT_NOTICE, OPT_OUT";
    }
    Instant effectiveAt = null;
    JsonNode e = n.get("effectiveAt");
    if (e != null && !e.isNull()) {
      effectiveAt = e.isTextual() ? RequestScope.instant(e.asText()) : null;
      if (effectiveAt == null) {
        return "field 'effectiveAt' must be an ISO-8601 date-time with offset";
      }
      Optional<String> timing = kind.timingProblem(effectiveAt, now);
      if (timing.isPresent()) {
        return "field 'effectiveAt': " + timing.get();
      }
    }
    String note = "";
    JsonNode t = n.get("note");
    if (t != null && !t.isNull()) {
      if (!t.isTextual()) {
        return "field 'note' must be text";
      }
      note = t.asText();
      String p = ConsentVersion.noteProblem(note);
      if (p != null) {
        return "field 'note': " + p;
      }
    }
    out[0] = new NewVersion(kind, effectiveAt, note);
    return null;
  }

  private ObjectNode version(ConsentVersion v) {
    ObjectNode o = json.createObjectNode();
    o.put("version", v.version());
    o.put("kind", v.kind().name());
    o.put("effectiveAt", v.effectiveAt().toString());
    o.put("recordedAt", v.recordedAt().toString());
    o.put("recordedBy", v.recordedBy());
    o.put("note", v.note());
    return o;
  }

  private ObjectNode state(ConsentState s) {
    ObjectNode o = json.createObjectNode();
    o.put("status", s.status().name());
    o.put("allowsMarketing", s.allowsMarketing());
    s.since().ifPresent(t -> o.put("since", t.toString()));
    s.basis().ifPresent(v -> o.put("basisVersion", v.version()));
    s.approvalBegins().ifPresent(t -> o.put("approvalBegins", t.toString()));
    return o;
  }
}
