package io.cdrvault.store.access;

import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.Usability;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides every read and is the only place that mints an {@link AccessGrant}. Each decision,
 * allowed or denied, is appended to the audit ledger <em>before</em> it is returned; if the ledger
 * cannot record it, {@link AuditUnavailableException} propagates and no grant exists (fail closed).
 * The rules per purpose are DESIGN.md §7; {@link PurposeRules} holds their field sets and scopes.
 *
 * <p>Denials name the rule that refused (stable identifiers, listed in {@link Rules}).
 *
 * <p>Thread-safe.
 */
public final class PolicyEngine {

  /** Fields for BILLING and CUSTOMER_ACCESS (DESIGN.md §7): what a bill itemises, nothing more. */
  public static final Set<CdrField> BILLING_FIELDS = PurposeRules.BILLING_FIELDS;

  /**
   * Customer tags listed in one completion entry at most; a read that returned more is accounted
   * for in several entries (DESIGN invariant 3: every customer whose records a read returned).
   */
  public static final int SUBJECTS_PER_ENTRY = 1_000;
  /**
   * How many customers a read remembers as already listed in its chunk entries, so it does not
   * list them again ({@link DisclosedCustomers}); ≈ 100 bytes each.
   */
  public static final int REMEMBERED_SUBJECTS = 100_000;

  private final Policy policy;
  private final AuditLedger ledger;
  private final CustomerTagger tagger;
  private final Clock clock;
  private final LegalRegistry legal;
  private final ConsentRegistry consent;

  private PolicyEngine(Policy policy, AuditLedger ledger, CustomerTagger tagger, Clock clock,
      LegalRegistry legal, ConsentRegistry consent) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.tagger = Objects.requireNonNull(tagger, "tagger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.legal = Objects.requireNonNull(legal, "legal");
    this.consent = Objects.requireNonNull(consent, "consent");
  }

  /**
   * An engine deciding with the given registries: legal requests for LEGAL_PROCESS, consent for
   * MARKETING (checked at decision time for one customer and per customer while reading all).
   */
  public static PolicyEngine create(Policy policy, AuditLedger ledger, CustomerTagger tagger,
      Clock clock, LegalRegistry legal, ConsentRegistry consent) {
    return new PolicyEngine(policy, ledger, tagger, clock, legal, consent);
  }

  /**
   * An engine over a store's (or any other source's) audit ledger, customer tagger, legal and
   * consent registries.
   */
  public static PolicyEngine create(Policy policy, PolicySources sources, Clock clock) {
    return new PolicyEngine(policy, sources.auditLedger(), sources.customerTagger(), clock,
        sources.legalRegistry(), sources.consentRegistry());
  }

  /** The purposes this version of the engine can grant: all of DESIGN.md §7. */
  public static Set<Purpose> supportedPurposes() {
    return PurposeRules.SUPPORTED;
  }

  /** The policy (roles and limits) this engine decides by. */
  public Policy policy() {
    return policy;
  }

  /** The clock decisions are timed with. */
  public Clock clock() {
    return clock;
  }

  /**
   * Decides a request from an authenticated principal and audits the decision.
   *
   * @throws AuditUnavailableException if the decision could not be audited
   */
  public Decision decide(AccessRequest request) {
    Principal p = request.principal();
    Purpose purpose = request.purpose();
    AccessScope scope = request.scope();
    Instant now = clock.instant();
    if (!policy.allows(p.roles(), purpose)) {
      return deny(request, Rules.ROLE_LACKS_PURPOSE,
          "principal's roles do not allow purpose " + purpose);
    }
    PurposeRules rules = PurposeRules.of(purpose);
    if (!rules.operations().contains(request.operation())) {
      return deny(request, Rules.OPERATION_NOT_ALLOWED, "operation '" + request.operation()
          + "' is not available for purpose " + purpose + " (allowed: " + rules.operations() + ")");
    }
    if (!rules.scopeKinds().contains(scope.target().kind())) {
      return deny(request, Rules.SCOPE_NOT_ALLOWED, "purpose " + purpose + " cannot read a "
          + scope.target().kind() + " scope (allowed: " + rules.scopeKinds() + ")");
    }
    Set<CdrField> fields = rules.fields();
    Optional<LegalRequest> legalRequest = Optional.empty();
    Predicate<CustomerId> condition = c -> true;
    switch (purpose) {
      case FRAUD -> {
        if (request.caseRef().isEmpty()) {
          return deny(request, Rules.MISSING_CASE_REFERENCE,
              "FRAUD needs a case reference (header X-CPNI-Case)");
        }
        if (Duration.between(scope.from(), scope.to()).compareTo(policy.limits().fraudMaxWindow()) > 0) {
          return deny(request, Rules.WINDOW_TOO_WIDE, "a FRAUD window may span at most "
              + policy.limits().fraudMaxWindow().toDays() + " days");
        }
      }
      case LEGAL_PROCESS -> {
        if (request.caseRef().isEmpty()) {
          return deny(request, Rules.MISSING_LEGAL_REQUEST,
              "LEGAL_PROCESS needs the id of a registered legal request (header X-CPNI-Case)");
        }
        String id = request.caseRef().get();
        Usability u = legal.usable(id, now);
        switch (u) {
          case USABLE -> { }
          case UNKNOWN -> {
            return deny(request, Rules.LEGAL_REQUEST_UNKNOWN, "no legal request has this id");
          }
          case UNAPPROVED -> {
            return deny(request, Rules.LEGAL_REQUEST_UNAPPROVED,
                "the legal request has not been approved by a second person");
          }
          case EXPIRED -> {
            return deny(request, Rules.LEGAL_REQUEST_EXPIRED, "the legal request has expired");
          }
          case REVOKED -> {
            return deny(request, Rules.LEGAL_REQUEST_REVOKED, "the legal request was revoked");
          }
          default -> {
            return deny(request, Rules.LEGAL_REQUEST_UNKNOWN, "the legal request is not usable: " + u);
          }
        }
        LegalRequest lr = legal.find(id).orElse(null);
        if (lr == null) {
          return deny(request, Rules.LEGAL_REQUEST_UNKNOWN, "no legal request has this id");
        }
        fields = PurposeRules.legalFields(lr.instrument());
        if (fields.isEmpty()) {
          return deny(request, Rules.LEGAL_INSTRUMENT_DISCLOSES_NOTHING, "a " + lr.instrument()
              + " preserves records; it does not authorise disclosure");
        }
        if (!withinLegalScope(lr, scope)) {
          return deny(request, Rules.LEGAL_SCOPE_EXCEEDED, "the scope asked for is not one of the"
              + " request's targets within its window");
        }
        legalRequest = Optional.of(lr);
      }
      case CUSTOMER_ACCESS -> {
        Optional<CustomerId> authenticated = request.assertedCustomer().or(p::customer);
        if (authenticated.isEmpty()) {
          return deny(request, Rules.NO_CUSTOMER_AUTHENTICATION,
              "CUSTOMER_ACCESS needs an authentication assertion for the customer");
        }
        if (!authenticated.get().equals(scope.customer())) {
          return deny(request, Rules.CUSTOMER_MISMATCH, "a customer may only read their own records");
        }
      }
      case MARKETING -> {
        if (scope.customerId().isPresent()) {
          if (!consent.allowsMarketing(scope.customer(), now)) {
            return deny(request, Rules.NO_MARKETING_APPROVAL,
                "the customer's CPNI approval does not allow marketing use");
          }
        }
        // checked again for every customer while reading, at read time
        condition = c -> consent.allowsMarketing(c, clock.instant());
      }
      default -> { }
    }
    AuditEntry entry = decision(p.name(), purpose.name(), request.operation(), scope, fields,
        Outcome.ALLOWED, Rules.PURPOSE_ALLOWED, request.caseRef());
    AccessGrant grant = new AccessGrant(p, purpose, request.operation(), scope, fields,
        request.caseRef(), legalRequest, condition, entry.sequence());
    return new Decision.Allowed(grant);
  }

  private static boolean withinLegalScope(LegalRequest lr, AccessScope scope) {
    if (scope.from().isBefore(lr.from()) || scope.to().isAfter(lr.to())) {
      return false;
    }
    if (scope.target() instanceof AccessScope.LegalTargets lt) {
      return lt.requestId().equals(lr.id()) && lt.targets().equals(lr.targets());
    }
    for (LegalTarget t : lr.targets()) {
      boolean match = switch (t.kind()) {
        case CUSTOMER -> scope.target() instanceof AccessScope.Customer c
            && c.id().value().equals(t.value());
        case NUMBER -> scope.target() instanceof AccessScope.Party n && n.e164().equals(t.value());
      };
      if (match) {
        return true;
      }
    }
    return false;
  }

  /**
   * The capability to erase the customer an allowed decision for operation
   * {@link Operations#ERASURE} was made for (CUSTOMER_ACCESS, the customer's own assertion; the
   * decision is already in the ledger).
   *
   * @throws IllegalArgumentException if {@code decided} is not such a decision
   */
  public ErasureGrant erasure(AccessGrant decided) {
    Objects.requireNonNull(decided, "decided");
    if (!Operations.ERASURE.equals(decided.operation())
        || decided.purpose() != Purpose.CUSTOMER_ACCESS
        || decided.scope().customerId().isEmpty()) {
      throw new IllegalArgumentException("only an allowed erasure decision for one customer yields"
          + " an erasure grant");
    }
    return new ErasureGrant(decided.principal().name(), decided.scope().customer(),
        java.util.OptionalLong.of(decided.auditSequence()));
  }

  /**
   * The capability to erase {@code customer} for an operator administering the node's own data
   * directory offline (who holds its keystore anyway). The erasure audits the request, with
   * {@code operator}, before it acts.
   */
  public static ErasureGrant operatorErasure(String operator, CustomerId customer) {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(customer, "customer");
    return new ErasureGrant(operator, customer, java.util.OptionalLong.empty());
  }

  /**
   * For a read that may return many customers: collects them as the read proceeds and writes a
   * completion chunk entry every {@link #SUBJECTS_PER_ENTRY} customers; pass
   * {@link DisclosedCustomers#pending()} to {@link #complete} at the end.
   */
  public DisclosedCustomers disclosedCustomers(AccessGrant grant) {
    Objects.requireNonNull(grant, "grant");
    return new DisclosedCustomers(grant, SUBJECTS_PER_ENTRY, REMEMBERED_SUBJECTS,
        chunk -> writeChunk(grant, chunk));
  }

  /**
   * Records what an allowed read returned: the number of records and, when the scope was not one
   * customer, the tags of the customers whose records they were — every one of them: beyond
   * {@link #SUBJECTS_PER_ENTRY} customers, chunk entries (rule {@link Rules#IN_PROGRESS}) list the
   * rest, and the last entry (rule {@code complete} / {@code aborted}) carries the count. Call once
   * per grant, after the last record was sent (also when the read ended early: {@code complete}
   * false).
   *
   * @throws AuditUnavailableException if an entry could not be written
   */
  public AuditEntry complete(AccessGrant grant, long resultCount, Collection<CustomerId> customers,
      boolean complete) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(customers, "customers");
    if (resultCount < 0) {
      throw new IllegalArgumentException("resultCount must not be negative");
    }
    List<String> subjects = grant.scope().customerId().isPresent() ? List.of()
        : customers.stream().map(tagger::tagHex).distinct().sorted().toList();
    int last = subjects.isEmpty() ? 0 : (subjects.size() - 1) / SUBJECTS_PER_ENTRY * SUBJECTS_PER_ENTRY;
    for (int i = 0; i < last; i += SUBJECTS_PER_ENTRY) {
      appendChunk(grant, subjects.subList(i, i + SUBJECTS_PER_ENTRY));
    }
    return completion(grant, complete ? Rules.COMPLETE : Rules.ABORTED, resultCount,
        subjects.subList(last, subjects.size()));
  }

  private void writeChunk(AccessGrant grant, List<CustomerId> customers) {
    appendChunk(grant, customers.stream().map(tagger::tagHex).distinct().sorted().toList());
  }

  private void appendChunk(AccessGrant grant, List<String> subjects) {
    completion(grant, Rules.IN_PROGRESS, null, subjects);
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
    return denyBeforeDecision(principal, purpose, operation, scope, rule, reason, Optional.empty());
  }

  /** As {@link #denyBeforeDecision(Principal, String, String, AccessScope, String, String)}, with the case sent. */
  public Decision.Denied denyBeforeDecision(Principal principal, String purpose, String operation,
      AccessScope scope, String rule, String reason, Optional<String> caseRef) {
    AuditEntry e = decision(principal.name(), AuditText.purpose(purpose), operation, scope,
        Set.of(), Outcome.DENIED, rule, caseRef);
    return new Decision.Denied(rule, reason, e.sequence());
  }

  /**
   * Records, in one entry, {@code count} refusals of unauthenticated (or rate-limited) requests
   * for {@code operation} under {@code rule} between {@code from} and {@code to}: principal
   * {@code anonymous}, outcome DENIED, no purpose, subject or case, {@code resultCount} = how
   * many requests were refused, {@code from}/{@code to} = the interval they fell in (docs/audit.md).
   *
   * @throws AuditUnavailableException if the entry could not be written
   */
  public AuditEntry recordAnonymousDenials(String operation, String rule, long count, Instant from,
      Instant to) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    return write(new AuditEvent.AnonymousRefusals(clock.instant(), operation, rule, count, from,
        to));
  }

  /**
   * Audits an administrative action that is not a read (registering or approving a legal request,
   * recording consent, reading the audit trail) and returns its entry. {@code allowed} false
   * records a refusal under {@code rule}.
   *
   * @throws AuditUnavailableException if the entry could not be written
   */
  public AuditEntry recordAction(Principal principal, String purpose, String operation,
      Optional<CustomerId> subject, Optional<String> caseRef, boolean allowed, String rule) {
    Instant now = clock.instant();
    return write(new AuditEvent.Decision(now, principal.name(), purpose, operation,
        subject.map(c -> AuditEvent.Scope.customer(tagger.tagHex(c))).orElse(AuditEvent.Scope.NONE),
        List.of(), allowed ? Outcome.ALLOWED : Outcome.DENIED, rule,
        AuditText.caseRef(caseRef, tagger)));
  }

  private Decision.Denied deny(AccessRequest r, String rule, String reason) {
    AuditEntry e = decision(r.principal().name(), r.purpose().name(), r.operation(), r.scope(),
        Set.of(), Outcome.DENIED, rule, r.caseRef());
    return new Decision.Denied(rule, reason, e.sequence());
  }

  /**
   * The audit subject of a scope: a keyed pseudonym, never a customer id or number; a destination
   * prefix only as long as the blind index's (see {@link AuditText#prefix}).
   */
  private String subjectOf(AccessScope scope) {
    AccessScope.Target t = scope.target();
    if (t instanceof AccessScope.Customer c) {
      return tagger.tagHex(c.id());
    }
    if (t instanceof AccessScope.Party n) {
      return tagger.numberTagHex(n.e164());
    }
    if (t instanceof AccessScope.Prefix x) {
      return AuditText.prefix(x.prefix(), tagger);
    }
    if (t instanceof AccessScope.LegalTargets lt) {
      return lt.requestId();
    }
    return null;
  }

  private AuditEntry decision(String principal, String purpose, String operation,
      AccessScope scope, Set<CdrField> fields, Outcome outcome, String rule,
      Optional<String> caseRef) {
    List<String> names = fields.stream().map(CdrField::jsonName).sorted().toList();
    return write(new AuditEvent.Decision(clock.instant(), principal, purpose, operation,
        auditScope(scope), names, outcome, rule, AuditText.caseRef(caseRef, tagger)));
  }

  private AuditEntry completion(AccessGrant grant, String rule, Long count, List<String> subjects) {
    return write(new AuditEvent.Completion(clock.instant(), grant.principal().name(),
        grant.purpose().name(), grant.operation(), auditScope(grant.scope()), rule,
        AuditText.caseRef(grant.caseRef(), tagger), count, grant.auditSequence(), subjects));
  }

  /** The scope as the ledger records it ({@link AuditEvent.Scope#NONE} when there is none). */
  private AuditEvent.Scope auditScope(AccessScope scope) {
    return scope == null ? AuditEvent.Scope.NONE
        : new AuditEvent.Scope(scope.target().kind(), subjectOf(scope), scope.from(), scope.to());
  }

  private AuditEntry write(AuditEvent event) {
    try {
      return ledger.append(event);
    } catch (AuditUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AuditUnavailableException("audit ledger rejected the decision", e);
    }
  }
}
