package io.cdrvault.query.http;

import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.tls.ClientCertificates;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessRequest;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Decision;
import io.cdrvault.store.access.Duty;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.model.CustomerId;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access flow every CPNI endpoint goes through: the per-address rate limit (429), the bearer
 * token and client certificate (401), unambiguous headers and path (400), then — only now, so no body is read for an
 * unauthenticated caller — the scope (and body, capped: 413), the purpose header, the case header,
 * a customer assertion when one is sent; then the {@link PolicyEngine} decides (and audits the
 * decision before returning), and only then is data read. Every request of an authenticated caller
 * produces exactly one decision entry in the audit ledger; an allowed read adds one completion
 * entry ({@link #complete}, written by the {@link AuditedRead} runner); if the ledger cannot record
 * the decision the request fails with 503 and nothing is read. Refusals of unauthenticated callers
 * (401, 429) are counted and written as one entry per (operation, rule) per interval
 * ({@link DenialAggregator}, docs/adr/0013).
 *
 * <p>Thread-safe. Logs operation names, rules and audit sequence numbers only.
 */
public final class AccessFlow {
  private static final Logger log = LoggerFactory.getLogger(AccessFlow.class);
  /** Header carrying a customer authentication assertion (CUSTOMER_ACCESS). */
  public static final String ASSERTION = "X-CPNI-Customer-Assertion";

  private final PolicyEngine policy;
  private final AccessMetrics metrics;
  private final ApiErrors errors;
  private final Optional<CustomerAssertions> assertions;
  private final int maxWindowDays;
  private final int maxBodyBytes;
  private final com.fasterxml.jackson.databind.ObjectMapper json;
  private final Authentication authentication;

  AccessFlow(PolicyEngine policy, TokenAuthenticator auth, AccessMetrics metrics, ApiErrors errors,
      Optional<CustomerAssertions> assertions, ApiSettings settings,
      com.fasterxml.jackson.databind.ObjectMapper json, DenialAggregator denials,
      Optional<ClientCertificates> certificates, RateLimiter limiter) {
    this.authentication = new Authentication(auth, new CertificateCaller(certificates, auth),
        limiter, denials, metrics, errors, policy.clock());
    this.json = json;
    this.policy = policy;
    this.metrics = metrics;
    this.errors = errors;
    this.assertions = assertions;
    this.maxWindowDays = settings.maxWindowDays();
    this.maxBodyBytes = settings.maxBodyBytes();
  }

  /**
   * The request body, read with the node's limit enforced on the stream (chunked bodies too).
   * Call only inside a read's {@code scopeOf} ({@link AuditedRead}) or {@link #action}'s action,
   * i.e. after the caller was authenticated; a longer body is refused there with 413
   * ({@code body-too-large}, audited once).
   */
  public byte[] body(Context ctx) {
    return RequestBody.read(ctx, maxBodyBytes);
  }

  /** The policy engine (for completion entries and administrative actions). */
  public PolicyEngine policy() {
    return policy;
  }

  /** The widest window a request may ask for, in days. */
  public int maxWindowDays() {
    return maxWindowDays;
  }

  /**
   * Runs the flow for a read; on refusal writes the error response and returns empty, on success
   * returns the grant (the decision is already audited). {@code scopeOf} parses the request's
   * scope from the context; it must not read data. Endpoints read through {@link AuditedRead},
   * which calls this and {@link #complete}.
   */
  Optional<AccessGrant> authorize(Context ctx, String operation,
      Function<Context, RequestScope> scopeOf) {
    String rawPurpose = ctx.header(CpniHeaders.PURPOSE);
    String purposeTag = AccessMetrics.purposeTag(rawPurpose);
    String auditPurpose = CpniHeaders.auditPurpose(rawPurpose);
    try {
      Optional<Principal> principal = authentication.authenticate(ctx, operation, purposeTag);
      if (principal.isEmpty()) {
        return Optional.empty();
      }
      Principal p = principal.get();
      if (ambiguous(ctx, p, operation, auditPurpose, purposeTag)) {
        return Optional.empty();
      }
      RequestScope requested;
      try {
        // parsed only now: a body is never read before the caller is authenticated
        requested = scopeOf.apply(ctx);
      } catch (RequestBody.TooLarge e) {
        refuse(ctx, 413, p, auditPurpose, operation, null, purposeTag, Rules.BODY_TOO_LARGE,
            e.getMessage());
        return Optional.empty();
      }
      Purpose purpose = purposeOrRefuse(ctx, p, operation, rawPurpose, auditPurpose, purposeTag,
          requested.scope());
      if (purpose == null) {
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
            Rules.BAD_REQUEST, problem);
        return Optional.empty();
      }
      Optional<CustomerId> asserted = Optional.empty();
      String rawAssertion = ctx.header(ASSERTION);
      if (rawAssertion != null) {
        String why = null;
        if (assertions.isEmpty()) {
          why = "this node accepts no customer assertions (no assertion key configured)";
        } else {
          try {
            asserted = Optional.of(assertions.get().verify(rawAssertion, policy.clock().instant(),
                p.name()));
          } catch (CustomerAssertions.InvalidAssertionException e) {
            why = e.getMessage();
          }
        }
        if (why != null) {
          refuse(ctx, 403, p, auditPurpose, operation, requested.scope(), purposeTag,
              Rules.INVALID_CUSTOMER_ASSERTION, why);
          return Optional.empty();
        }
      }
      Decision decision = policy.decide(new AccessRequest(p, purpose, requested.scope(), operation,
          CpniHeaders.caseRef(rawCase), asserted));
      if (decision instanceof Decision.Denied d) {
        metrics.record(purposeTag, AccessMetrics.DENIED);
        log.info("{} denied by rule {} (audit#{})", operation, d.rule(), d.auditSequence());
        errors.write(ctx, 403, ApiErrors.FORBIDDEN, d.rule(), d.reason(), d.auditSequence());
        return Optional.empty();
      }
      AccessGrant grant = ((Decision.Allowed) decision).grant();
      metrics.record(purposeTag, AccessMetrics.ALLOWED);
      ctx.header(CpniHeaders.AUDIT_SEQUENCE, Long.toString(grant.auditSequence()));
      return Optional.of(grant);
    } catch (AuditUnavailableException e) {
      auditUnavailable(ctx, operation, purposeTag, e);
      return Optional.empty();
    }
  }

  /**
   * For an administrative action (not a read): authenticates, requires the purpose header to be
   * {@code required} and the principal's roles to allow it. Refusals are written and audited here;
   * on success nothing is audited yet — the caller records the action's outcome exactly once with
   * {@link PolicyEngine#recordAction}.
   */
  public Optional<Principal> authorizeAction(Context ctx, String operation, Purpose required) {
    String rawPurpose = ctx.header(CpniHeaders.PURPOSE);
    String purposeTag = AccessMetrics.purposeTag(rawPurpose);
    String auditPurpose = CpniHeaders.auditPurpose(rawPurpose);
    try {
      Optional<Principal> principal = authentication.authenticate(ctx, operation, purposeTag);
      if (principal.isEmpty()) {
        return Optional.empty();
      }
      Principal p = principal.get();
      if (ambiguous(ctx, p, operation, auditPurpose, purposeTag)) {
        return Optional.empty();
      }
      Purpose purpose = purposeOrRefuse(ctx, p, operation, rawPurpose, auditPurpose, purposeTag, null);
      if (purpose == null) {
        return Optional.empty();
      }
      if (!policy.policy().allows(p.roles(), purpose)) {
        refuse(ctx, 403, p, auditPurpose, operation, null, purposeTag, Rules.ROLE_LACKS_PURPOSE,
            "principal's roles do not allow purpose " + purpose);
        return Optional.empty();
      }
      if (purpose != required) {
        refuse(ctx, 403, p, auditPurpose, operation, null, purposeTag, Rules.OPERATION_NOT_ALLOWED,
            "operation '" + operation + "' needs purpose " + required);
        return Optional.empty();
      }
      metrics.record(purposeTag, AccessMetrics.ALLOWED);
      return Optional.of(p);
    } catch (AuditUnavailableException e) {
      auditUnavailable(ctx, operation, purposeTag, e);
      return Optional.empty();
    }
  }

  /**
   * For an action of an administrative {@link Duty} (ADR 0035): authenticates, refuses an
   * ambiguous request, and requires the principal's roles to hold the duty ({@code role-lacks-duty},
   * 403, audited). The purpose header is not part of a duty's contract: it is not read. On success
   * nothing is audited yet (the caller records the outcome once).
   */
  public Optional<Principal> authorizeDuty(Context ctx, String operation, Duty duty) {
    String purposeTag = AccessMetrics.purposeTag(null);
    try {
      Optional<Principal> principal = authentication.authenticate(ctx, operation, purposeTag);
      if (principal.isEmpty() || ambiguous(ctx, principal.get(), operation, null, purposeTag)) {
        return Optional.empty();
      }
      if (!policy.policy().holds(principal.get().roles(), duty)) {
        refuse(ctx, 403, principal.get(), null, operation, null, purposeTag, Rules.ROLE_LACKS_DUTY,
            "principal's roles do not hold duty " + duty);
        return Optional.empty();
      }
      metrics.record(purposeTag, AccessMetrics.ALLOWED);
      return principal;
    } catch (AuditUnavailableException e) {
      auditUnavailable(ctx, operation, purposeTag, e);
      return Optional.empty();
    }
  }

  /**
   * Runs an administrative action (a registry change or lookup, not a read of records) for
   * {@code required}: {@link #authorizeAction}, then {@code action}, then exactly one audit entry
   * with its outcome (under its case reference), then the answer. If the entry cannot be written
   * the answer is 503.
   */
  public void action(Context ctx, String operation, Purpose required,
      BiFunction<Principal, Instant, ActionOutcome> action) {
    authorizeAction(ctx, operation, required)
        .ifPresent(p -> run(ctx, operation, p, required.name(), Rules.PURPOSE_ALLOWED, action));
  }

  /**
   * Runs an action of an administrative duty: {@link #authorizeDuty}, then {@code action}, then
   * exactly one audit entry (no purpose; rule {@code duty-allowed} when done), then the answer.
   */
  public void duty(Context ctx, String operation, Duty duty,
      BiFunction<Principal, Instant, ActionOutcome> action) {
    authorizeDuty(ctx, operation, duty)
        .ifPresent(p -> run(ctx, operation, p, null, Rules.DUTY_ALLOWED, action));
  }

  private void run(Context ctx, String operation, Principal p, String auditPurpose,
      String allowedRule, BiFunction<Principal, Instant, ActionOutcome> action) {
    try {
      ActionOutcome o;
      try {
        o = action.apply(p, policy.clock().instant());
      } catch (RequestBody.TooLarge e) {
        o = ActionOutcome.refused(413, "payload-too-large", Rules.BODY_TOO_LARGE, Optional.empty(),
            e.getMessage());
      }
      io.cdrvault.store.audit.AuditEntry entry = policy.recordAction(p, auditPurpose, operation,
          o.subject(), o.caseRef(), o.allowed(), o.allowed() ? allowedRule : o.rule());
      if (o.allowed()) {
        log.info("{} of {} by {} (audit#{})", operation, o.caseRef().orElse("-"), p.name(),
            entry.sequence());
        ctx.status(o.status()).header("Cache-Control", "no-store")
            .header(CpniHeaders.AUDIT_SEQUENCE, Long.toString(entry.sequence()))
            .contentType("application/json").result(json.writeValueAsBytes(o.body()));
      } else {
        log.info("{} refused by rule {} (audit#{})", operation, o.rule(), entry.sequence());
        errors.write(ctx, o.status(), o.error(), o.rule(), o.reason(), entry.sequence());
      }
    } catch (AuditUnavailableException e) {
      auditUnavailable(ctx, operation, auditPurpose == null ? AccessMetrics.purposeTag(null)
          : auditPurpose, e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an action's answer", e);
    }
  }

  /**
   * Records what an allowed read returned (the completion entry). A failure to write it is logged
   * and counted; the data has already been sent, so it cannot be taken back.
   */
  void complete(AccessGrant grant, long count, Collection<CustomerId> customers, boolean ok) {
    try {
      policy.complete(grant, count, customers, ok);
    } catch (RuntimeException e) {
      log.error("completion of audit#{} could not be recorded ({})", grant.auditSequence(),
          e.getClass().getSimpleName());
    }
  }

  /** Writes the 503 answer for a decision that could not be audited. */
  public void auditUnavailable(Context ctx, String operation, String purposeTag, RuntimeException e) {
    metrics.record(purposeTag, AccessMetrics.DENIED);
    log.error("{} refused: the audit ledger could not record the decision ({})", operation,
        e.getClass().getSimpleName());
    errors.write(ctx, 503, ApiErrors.AUDIT_UNAVAILABLE, null,
        "the access decision could not be recorded, so no data was read; retry later", null);
  }

  /** Refuses (400, audited) a request whose headers or path are ambiguous; true if refused. */
  private boolean ambiguous(Context ctx, Principal p, String operation, String auditPurpose,
      String purposeTag) {
    String problem = CpniHeaders.ambiguity(ctx);
    if (problem == null) {
      return false;
    }
    refuse(ctx, 400, p, CpniHeaders.count(ctx, CpniHeaders.PURPOSE) > 1 ? null : auditPurpose,
        operation, null, purposeTag, Rules.BAD_REQUEST, problem);
    return true;
  }

  private Purpose purposeOrRefuse(Context ctx, Principal p, String operation, String rawPurpose,
      String auditPurpose, String purposeTag, AccessScope scope) {
    if (rawPurpose == null || rawPurpose.isBlank()) {
      refuse(ctx, 403, p, auditPurpose, operation, scope, purposeTag, Rules.MISSING_PURPOSE,
          "header " + CpniHeaders.PURPOSE + " is required (one of " + EnumSet.allOf(Purpose.class) + ")");
      return null;
    }
    Purpose purpose = CpniHeaders.purpose(rawPurpose);
    if (purpose == null) {
      refuse(ctx, 403, p, auditPurpose, operation, scope, purposeTag, Rules.UNKNOWN_PURPOSE,
          "header " + CpniHeaders.PURPOSE + " does not name a purpose (one of "
              + EnumSet.allOf(Purpose.class) + ")");
    }
    return purpose;
  }

  private void refuse(Context ctx, int status, Principal p, String auditPurpose, String operation,
      AccessScope scope, String purposeTag, String rule, String reason) {
    String rawCase = ctx.header(CpniHeaders.CASE);
    boolean caseUsable = CpniHeaders.count(ctx, CpniHeaders.CASE) <= 1
        && CpniHeaders.validCase(rawCase);
    Decision.Denied d = policy.denyBeforeDecision(p, auditPurpose, operation, scope, rule, reason,
        caseUsable ? CpniHeaders.caseRef(rawCase) : Optional.empty());
    metrics.record(purposeTag, AccessMetrics.DENIED);
    log.info("{} refused by rule {} (audit#{})", operation, rule, d.auditSequence());
    String error = switch (status) {
      case 400 -> ApiErrors.BAD_REQUEST;
      case 413 -> ApiErrors.PAYLOAD_TOO_LARGE;
      default -> ApiErrors.FORBIDDEN;
    };
    errors.write(ctx, status, error, rule, reason, d.auditSequence());
  }
}
