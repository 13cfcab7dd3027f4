package io.cdrvault.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.billing.Usage;
import io.cdrvault.query.billing.UsageService;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessRequest;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Decision;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.json.CanonicalJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPNI read endpoints and the flow every one of them goes through: authenticate, check the
 * purpose header, parse the scope, let the {@link PolicyEngine} decide (which audits the decision
 * before returning), and only then read. Every request produces exactly one audit entry; if it
 * cannot be written the request fails with 503 and nothing is read.
 *
 * <p>Thread-safe. Logs operation names, rules and audit sequence numbers only.
 */
final class CpniEndpoints {
  private static final Logger log = LoggerFactory.getLogger(CpniEndpoints.class);
  static final String NDJSON = "application/x-ndjson";

  private final CdrStore store;
  private final PolicyEngine policy;
  private final TokenAuthenticator auth;
  private final AccessMetrics metrics;
  private final ApiErrors errors;
  private final ObjectMapper json;
  private final UsageService usage;
  private final int maxWindowDays;

  CpniEndpoints(CdrStore store, PolicyEngine policy, TokenAuthenticator auth, AccessMetrics metrics,
      ApiErrors errors, ObjectMapper json, int maxWindowDays) {
    this.store = store;
    this.policy = policy;
    this.auth = auth;
    this.metrics = metrics;
    this.errors = errors;
    this.json = json;
    this.usage = new UsageService(store);
    this.maxWindowDays = maxWindowDays;
  }

  /** {@code GET /v1/customers/{customerId}/usage}. */
  void usage(Context ctx) throws IOException {
    Optional<AccessGrant> granted = authorize(ctx, "usage");
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    Usage u = usage.usage(grant);
    ObjectNode body = json.createObjectNode();
    body.put("customerId", u.customer().value());
    body.put("from", u.from().toString());
    body.put("to", u.to().toString());
    ObjectNode voice = body.putObject("voice");
    ObjectNode sms = body.putObject("sms");
    for (Direction d : Direction.values()) {
      Usage.Voice v = u.voice().get(d);
      voice.putObject(d.name()).put("calls", v.calls()).put("answeredCalls", v.answeredCalls())
          .put("billableSeconds", v.billableSeconds());
      Usage.Sms s = u.sms().get(d);
      sms.putObject(d.name()).put("messages", s.messages()).put("segments", s.segments());
    }
    body.put("records", u.records());
    body.put("auditSequence", u.auditSequence());
    ctx.status(200).header("Cache-Control", "no-store")
        .header(CpniHeaders.AUDIT_SEQUENCE, Long.toString(grant.auditSequence()))
        .contentType("application/json").result(json.writeValueAsBytes(body));
  }

  /**
   * {@code GET /v1/customers/{customerId}/records}: one projected record per line, written to the
   * response as it is read from the store (never collected in memory). A failure after the first
   * bytes were sent can only abort the connection: clients must treat a stream that does not end
   * cleanly as incomplete.
   */
  void records(Context ctx) throws IOException {
    Optional<AccessGrant> granted = authorize(ctx, "records");
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    AccessScope scope = grant.scope();
    Set<CdrField> fields = grant.fields();
    ctx.status(200).header("Cache-Control", "no-store")
        .header(CpniHeaders.AUDIT_SEQUENCE, Long.toString(grant.auditSequence()))
        .contentType(NDJSON);
    long written = 0;
    try (CdrStore.RecordCursor cursor = store.records(grant);
        JsonGenerator gen = json.getFactory().createGenerator(ctx.outputStream())) {
      gen.setRootValueSeparator(null);
      while (cursor.hasNext()) {
        CustomerCdr r = cursor.next();
        if (!r.customer().equals(scope.customer()) || !scope.covers(r.cdr().start())) {
          continue;
        }
        CanonicalJson.writeProjected(gen, r, fields);
        gen.writeRaw('\n');
        written++;
      }
    }
    log.debug("records stream for audit#{} ended after {} records", grant.auditSequence(), written);
  }

  /**
   * Runs the access flow; on refusal writes the error response and returns empty, on success
   * returns the grant (the decision is already audited).
   */
  private Optional<AccessGrant> authorize(Context ctx, String operation) {
    String rawPurpose = ctx.header(CpniHeaders.PURPOSE);
    String purposeTag = AccessMetrics.purposeTag(rawPurpose);
    String auditPurpose = CpniHeaders.auditPurpose(rawPurpose);
    RequestScope requested = RequestScope.parse(ctx.pathParam("customerId"),
        ctx.queryParam("from"), ctx.queryParam("to"), maxWindowDays);
    try {
      String authorization = ctx.header(CpniHeaders.AUTHORIZATION);
      Optional<Principal> principal = auth.authenticate(authorization);
      if (principal.isEmpty()) {
        boolean presented = authorization != null && !authorization.isBlank();
        String reason = presented
            ? "the bearer token is malformed or not recognised"
            : "a bearer token is required (Authorization: Bearer <token>)";
        policy.denyBeforeDecision(Principal.ANONYMOUS, auditPurpose, operation, requested.scope(),
            ApiErrors.UNAUTHENTICATED, reason);
        metrics.record(purposeTag, AccessMetrics.DENIED);
        ctx.header("WWW-Authenticate", presented
            ? "Bearer realm=\"cdrvault\", error=\"invalid_token\""
            : "Bearer realm=\"cdrvault\"");
        errors.write(ctx, 401, ApiErrors.UNAUTHENTICATED, ApiErrors.UNAUTHENTICATED, reason, null);
        return Optional.empty();
      }
      Principal p = principal.get();
      if (rawPurpose == null || rawPurpose.isBlank()) {
        refuse(ctx, 403, p, auditPurpose, operation, requested.scope(), purposeTag, "missing-purpose",
            "header " + CpniHeaders.PURPOSE + " is required (one of " + EnumSet.allOf(Purpose.class) + ")");
        return Optional.empty();
      }
      Purpose purpose = CpniHeaders.purpose(rawPurpose);
      if (purpose == null) {
        refuse(ctx, 403, p, auditPurpose, operation, requested.scope(), purposeTag, "unknown-purpose",
            "header " + CpniHeaders.PURPOSE + " does not name a purpose (one of "
                + EnumSet.allOf(Purpose.class) + ")");
        return Optional.empty();
      }
      String rawCase = ctx.header(CpniHeaders.CASE);
      String problem = requested.problem();
      if (problem == null && !CpniHeaders.validCase(rawCase)) {
        problem = "header " + CpniHeaders.CASE + " must be 1.." + CpniHeaders.MAX_CASE_LENGTH
            + " printable ASCII characters";
      }
      if (problem != null) {
        refuse(ctx, 400, p, auditPurpose, operation, requested.scope(), purposeTag,
            ApiErrors.BAD_REQUEST, problem);
        return Optional.empty();
      }
      Decision decision = policy.decide(new AccessRequest(p, purpose, requested.scope(), operation,
          CpniHeaders.caseRef(rawCase)));
      if (decision instanceof Decision.Denied d) {
        metrics.record(purposeTag, AccessMetrics.DENIED);
        log.info("{} denied by rule {} (audit#{})", operation, d.rule(), d.auditSequence());
        errors.write(ctx, 403, ApiErrors.FORBIDDEN, d.rule(), d.reason(), d.auditSequence());
        return Optional.empty();
      }
      AccessGrant grant = ((Decision.Allowed) decision).grant();
      metrics.record(purposeTag, AccessMetrics.ALLOWED);
      return Optional.of(grant);
    } catch (AuditUnavailableException e) {
      metrics.record(purposeTag, AccessMetrics.DENIED);
      log.error("{} refused: the audit ledger could not record the decision ({})", operation,
          e.getClass().getSimpleName());
      errors.write(ctx, 503, ApiErrors.AUDIT_UNAVAILABLE, null,
          "the access decision could not be recorded, so no data was read; retry later", null);
      return Optional.empty();
    }
  }

  private void refuse(Context ctx, int status, Principal p, String auditPurpose, String operation,
      AccessScope scope, String purposeTag, String rule, String reason) {
    Decision.Denied d = policy.denyBeforeDecision(p, auditPurpose, operation, scope, rule, reason);
    metrics.record(purposeTag, AccessMetrics.DENIED);
    log.info("{} refused by rule {} (audit#{})", operation, rule, d.auditSequence());
    errors.write(ctx, status, status == 400 ? ApiErrors.BAD_REQUEST : ApiErrors.FORBIDDEN, rule,
        reason, d.auditSequence());
  }
}
