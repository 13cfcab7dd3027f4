package io.cdrvault.query.billing;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.model.CdrField;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Computes a customer's usage totals (what a bill summarises) from the records a grant allows:
 * per service type and direction, and the originating records by {@link DestinationClass}.
 * Reads through {@link CdrStore#records(AccessGrant)}, so every computation is backed by an audited
 * decision; only fields the grant includes are used.
 *
 * <p>Thread-safe (stateless apart from the store).
 */
public final class UsageService {

  /** The fields the totals are computed from; a grant must include all of them. */
  public static final Set<CdrField> REQUIRED_FIELDS = Set.copyOf(EnumSet.of(
      CdrField.TYPE, CdrField.DIRECTION, CdrField.START, CdrField.DISPOSITION, CdrField.BILLABLE,
      CdrField.SMS_SEGMENTS, CdrField.CALLING, CdrField.CALLED));

  private final CdrStore store;

  public UsageService(CdrStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** True when the grant's fields are enough to compute usage. */
  public static boolean canServe(AccessGrant grant) {
    return grant.fields().containsAll(REQUIRED_FIELDS);
  }

  /**
   * Totals over the grant's scope. Records the store returns outside the scope (another customer,
   * outside the window) are not counted.
   *
   * @throws IllegalArgumentException if the grant lacks a field in {@link #REQUIRED_FIELDS}
   */
  public Usage usage(AccessGrant grant) {
    if (!canServe(grant)) {
      throw new IllegalArgumentException("grant for purpose " + grant.purpose()
          + " does not include the fields usage is computed from");
    }
    AccessScope scope = grant.scope();
    UsageTally tally = new UsageTally();
    try (CdrStore.RecordCursor cursor = store.records(grant)) {
      while (cursor.hasNext()) {
        GrantedCdr r = cursor.next();
        if (grant.admits(r)) {
          tally.add(r);
        }
      }
    }
    return tally.toUsage(scope.customer(), scope.from(), scope.to(), grant.auditSequence());
  }
}
