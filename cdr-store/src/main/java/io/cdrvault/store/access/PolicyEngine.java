package io.cdrvault.store.access;

import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerId;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides every read and is the only place that mints an {@link AccessGrant}. Each decision,
 * allowed or denied, is appended to the audit ledger <em>before</em> it is returned; if the ledger
 * cannot record it, {@link AuditUnavailableException} propagates and no grant exists (fail closed).
 *
 * <p>Thread-safe.
 */
public final class PolicyEngine {

  /** Fields for BILLING and CUSTOMER_ACCESS (DESIGN.md §7): what a bill itemises, nothing more. */
  public static final Set<CdrField> BILLING_FIELDS = Set.copyOf(EnumSet.of(
      CdrField.RECORD_ID, CdrField.TYPE, CdrField.DIRECTION, CdrField.START, CdrField.ANSWER,
      CdrField.END, CdrField.DURATION, CdrField.BILLABLE, CdrField.CALLING, CdrField.CALLED,
      CdrField.DISPOSITION, CdrField.SMS_SEGMENTS, CdrField.CHARGE));

  private static final Map<Purpose, Set<CdrField>> FIELDS = Map.of(
      Purpose.BILLING, BILLING_FIELDS,
      Purpose.CUSTOMER_ACCESS, BILLING_FIELDS);

  private final Policy policy;
  private final AuditLedger ledger;
  private final CustomerTagger tagger;
  private final Clock clock;

  private PolicyEngine(Policy policy, AuditLedger ledger, CustomerTagger tagger, Clock clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.tagger = Objects.requireNonNull(tagger, "tagger");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static PolicyEngine create(Policy policy, AuditLedger ledger, CustomerTagger tagger, Clock clock) {
    return new PolicyEngine(policy, ledger, tagger, clock);
  }

  /** The purposes this version of the engine can grant at all. */
  public static Set<Purpose> supportedPurposes() {
    return FIELDS.keySet();
  }

  /**
   * Decides a request from an authenticated principal and audits the decision.
   *
   * @throws AuditUnavailableException if the decision could not be audited
   */
  public Decision decide(AccessRequest request) {
    Principal p = request.principal();
    Purpose purpose = request.purpose();
    if (!policy.allows(p.roles(), purpose)) {
      return deny(request, "role-lacks-purpose",
          "principal's roles do not allow purpose " + purpose);
    }
    Set<CdrField> fields = FIELDS.get(purpose);
    if (fields == null) {
      return deny(request, "purpose-not-supported",
          "purpose " + purpose + " is not served by this version");
    }
    if (purpose == Purpose.CUSTOMER_ACCESS) {
      Optional<CustomerId> authenticated = p.customer();
      if (authenticated.isEmpty()) {
        return deny(request, "no-customer-authentication",
            "CUSTOMER_ACCESS needs a principal authenticated as the customer");
      }
      if (!authenticated.get().equals(request.scope().customer())) {
        return deny(request, "customer-mismatch",
            "a customer may only read their own records");
      }
    }
    AuditEntry entry = append(request.principal().name(), purpose.name(), request.operation(),
        request.scope(), fields, AuditEvent.ALLOWED, "purpose-allowed", request.caseRef());
    AccessGrant grant = new AccessGrant(p, purpose, request.scope(), fields, request.caseRef(),
        entry.sequence());
    return new Decision.Allowed(grant);
  }

  /**
   * Records a refusal that happened before a principal or purpose could be established (no or
   * unknown token, missing or unknown purpose, malformed request) and returns it.
   *
   * @param principal the principal if known, else {@link Principal#ANONYMOUS}
   * @param purpose the purpose as sent, or null
   * @param scope the scope asked for, or null if it could not be parsed
   */
  public Decision.Denied denyBeforeDecision(Principal principal, String purpose, String operation,
      AccessScope scope, String rule, String reason) {
    AuditEntry e = append(principal.name(), purpose, operation, scope, Set.of(), AuditEvent.DENIED,
        rule, Optional.empty());
    return new Decision.Denied(rule, reason, e.sequence());
  }

  private Decision.Denied deny(AccessRequest r, String rule, String reason) {
    AuditEntry e = append(r.principal().name(), r.purpose().name(), r.operation(), r.scope(),
        Set.of(), AuditEvent.DENIED, rule, r.caseRef());
    return new Decision.Denied(rule, reason, e.sequence());
  }

  private AuditEntry append(String principal, String purpose, String operation, AccessScope scope,
      Set<CdrField> fields, String outcome, String rule, Optional<String> caseRef) {
    List<String> names = fields.stream().map(CdrField::jsonName).sorted().toList();
    Instant now = clock.instant();
    AuditEvent event = new AuditEvent(now, principal, purpose, operation,
        scope == null ? null : tagger.tagHex(scope.customer()),
        scope == null ? null : scope.from(), scope == null ? null : scope.to(),
        names, outcome, rule, caseRef.orElse(null), null);
    try {
      return ledger.append(event);
    } catch (AuditUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AuditUnavailableException("audit ledger rejected the decision", e);
    }
  }
}
