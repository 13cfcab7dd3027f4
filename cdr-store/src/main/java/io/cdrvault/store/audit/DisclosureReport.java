package io.cdrvault.store.audit;

import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.LifecycleAction;
import io.cdrvault.store.audit.AuditEvent.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * "Who accessed this customer's records?" from the audit ledger: every allowed read that touched
 * the customer.
 *
 * <p>A decision is a disclosure of the customer when it is {@code ALLOWED} and
 * <ul>
 *   <li>its subject is the customer's tag and its scope is a customer scope ({@code scopeKind}
 *       {@code customer}, or absent in entries older than scope kinds), or
 *   <li>its completion entry ({@code COMPLETED}, linked by {@code decisionSeq}) lists the
 *       customer's tag in {@code subjects} (number, prefix, all and legal-request scopes), or
 *   <li>it is a {@code BILLING} decision over all customers (billing runs touch everyone).
 * </ul>
 * Administrative entries (no scope kind) whose subject is the customer count as well: they name
 * the customer, e.g. recording the customer's consent. A read's completion may be written as
 * several {@code COMPLETED} entries (chunks of subjects, the last with the count and outcome);
 * the customer is disclosed by the decision if any of them lists the tag.
 *
 * <p>Stateless and thread-safe.
 */
public final class DisclosureReport {
  private static final int PAGE = 1024;

  private DisclosureReport() {}

  /**
   * One allowed access to the customer's data.
   *
   * @param decisionSequence the sequence of the decision entry
   * @param time when it was decided
   * @param principal who read
   * @param purpose the purpose (null if none was recorded)
   * @param operation the operation
   * @param scopeKind {@code customer}, {@code number}, {@code prefix}, {@code all}, or null
   * @param caseRef the case or legal-request reference, null when none (or omitted)
   * @param fields the fields granted
   * @param resultCount records returned, from the completion entry; null if none was recorded
   *     (or, for a billing run over everyone, the total of the run, not just this customer's)
   * @param gagged whether the case is under a non-disclosure order
   */
  public record Disclosure(long decisionSequence, Instant time, String principal, String purpose,
      String operation, String scopeKind, String caseRef, List<String> fields, Long resultCount,
      boolean gagged) {
    public Disclosure {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(operation, "operation");
      fields = List.copyOf(fields);
    }
  }

  /**
   * The disclosures of the customer with tag {@code customerTagHex}, oldest first. On a
   * {@link RocksAuditLedger} whose disclosure index is complete ({@link DisclosureIndex}) only the
   * customer's index keys and the entries they name are read; otherwise (a ledger written before
   * the index and not yet backfilled, opened read-only, or another ledger) the ledger is read
   * once, in pages.
   *
   * @param gaggedCase says whether a case reference is under a gag order
   * @param includeGagged true for the compliance officer (gagged entries kept, flagged); false for
   *     the customer's own view (gagged entries dropped)
   */
  public static List<Disclosure> of(AuditLedger ledger, String customerTagHex,
      Predicate<String> gaggedCase, boolean includeGagged) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(customerTagHex, "customerTagHex");
    Objects.requireNonNull(gaggedCase, "gaggedCase");
    if (ledger instanceof RocksAuditLedger rocks && DisclosureIndex.complete(rocks)) {
      return viaIndex(rocks, customerTagHex, gaggedCase, includeGagged);
    }
    return viaScan(ledger, customerTagHex, gaggedCase, includeGagged);
  }

  /** The report from the disclosure index (which must be complete). */
  static List<Disclosure> viaIndex(RocksAuditLedger ledger, String customerTagHex,
      Predicate<String> gaggedCase, boolean includeGagged) {
    String tag = customerTagHex.toLowerCase(java.util.Locale.ROOT);
    List<Disclosure> out = new ArrayList<>();
    for (long seq : DisclosureIndex.decisionsOf(ledger, tag)) {
      java.util.Optional<AuditEntry> decision = DisclosureIndex.entry(ledger, seq);
      Optional<Allowed> allowed = decision.flatMap(d -> Allowed.of(d.event()));
      if (allowed.isEmpty()) {
        continue; // pruned by retention (a key left behind), or not a disclosure
      }
      Long count = null;
      for (long c : DisclosureIndex.countedCompletionsOf(ledger, seq)) {
        Optional<AuditEntry> completion = DisclosureIndex.entry(ledger, c);
        if (completion.isPresent() && completion.get().event() instanceof Completion done
            && done.resultCount() != null) {
          count = (count == null ? 0 : count) + done.resultCount();
        }
      }
      add(out, seq, allowed.get(), count, gaggedCase, includeGagged);
    }
    return out;
  }

  /** The report from reading the whole ledger once, in pages. */
  static List<Disclosure> viaScan(AuditLedger ledger, String customerTagHex,
      Predicate<String> gaggedCase, boolean includeGagged) {
    String tag = customerTagHex.toLowerCase(java.util.Locale.ROOT);
    Map<Long, Allowed> allowed = new LinkedHashMap<>();
    Map<Long, Long> counts = new HashMap<>();
    java.util.Set<Long> touched = new java.util.HashSet<>();
    long from = 1;
    while (true) {
      List<AuditEntry> page = ledger.read(from, PAGE);
      for (AuditEntry e : page) {
        if (e.event() instanceof Completion c) {
          long d = c.decisionSequence();
          if (c.resultCount() != null) {
            counts.merge(d, c.resultCount(), Long::sum);
          }
          if (c.subjects().stream().anyMatch(tag::equalsIgnoreCase)) {
            touched.add(d);
          }
        } else {
          Optional<Allowed> a = Allowed.of(e.event());
          if (a.isPresent()) {
            allowed.put(e.sequence(), a.get());
            if (a.get().names(tag)) {
              touched.add(e.sequence());
            }
          }
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      from = page.get(page.size() - 1).sequence() + 1;
    }
    List<Disclosure> out = new ArrayList<>();
    for (Map.Entry<Long, Allowed> a : allowed.entrySet()) {
      if (touched.contains(a.getKey())) {
        add(out, a.getKey(), a.getValue(), counts.get(a.getKey()), gaggedCase, includeGagged);
      }
    }
    return out;
  }

  private static void add(List<Disclosure> out, long seq, Allowed a, Long count,
      Predicate<String> gaggedCase, boolean includeGagged) {
    boolean gagged = a.caseRef() != null && gaggedCase.test(a.caseRef());
    if (gagged && !includeGagged) {
      return;
    }
    AuditEvent ev = a.event();
    out.add(new Disclosure(seq, ev.time(), ev.principal(), a.purpose(), ev.operation(),
        a.scope().kind(), a.caseRef(), a.fields(), count, gagged));
  }

  /** Whether a read under {@code purpose} and {@code scope} is a billing run over everyone. */
  static boolean allBilling(String purpose, Scope scope) {
    return "all".equals(scope.kind()) && "BILLING".equals(purpose);
  }

  /**
   * An allowed entry that may disclose customers by itself (its completions aside): an allowed
   * {@link Decision} (a read, or an administrative action naming a customer), or a
   * {@link LifecycleAction} (which names a customer's tag when it acts on one customer). Denials,
   * completions, key and backup actions are none.
   */
  record Allowed(AuditEvent event, String purpose, Scope scope, String caseRef,
      List<String> fields) {
    static Optional<Allowed> of(AuditEvent e) {
      if (e instanceof Decision d && d.allowed()) {
        return Optional.of(new Allowed(d, d.purpose(), d.scope(), d.caseRef(), d.fields()));
      }
      if (e instanceof LifecycleAction l) {
        return Optional.of(new Allowed(l, null, l.scope(), l.caseRef(), List.of()));
      }
      return Optional.empty();
    }

    boolean allBilling() {
      return DisclosureReport.allBilling(purpose, scope);
    }

    /** Whether it names the customer with {@code tag} itself, or is a billing run over everyone. */
    boolean names(String tag) {
      String kind = scope.kind();
      return (kind == null || kind.equals("customer")) && tag.equalsIgnoreCase(scope.subject())
          || allBilling();
    }
  }
}
