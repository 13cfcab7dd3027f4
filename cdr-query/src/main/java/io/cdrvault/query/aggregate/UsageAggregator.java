package io.cdrvault.query.aggregate;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.ServiceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts and sums records by group over many customers for AGGREGATE, suppressing every group with
 * fewer than k distinct customers (k-anonymity of the output). Memory is proportional to the number
 * of groups, not of records or customers: distinct customers per group are counted from the
 * store's grouped-by-customer order (checked by {@link CustomerRuns}). Each record counts once per
 * customer it was stored for (an on-net call between two customers counts for both).
 *
 * <p>Thread-safe (stateless apart from the store).
 */
public final class UsageAggregator {

  /** Fields a grant must include: every dimension's source plus the summed volumes. */
  public static final Set<CdrField> REQUIRED_FIELDS = Set.copyOf(EnumSet.of(CdrField.TYPE,
      CdrField.DIRECTION, CdrField.START, CdrField.CALLED, CdrField.BILLABLE,
      CdrField.SMS_SEGMENTS));

  private final CdrStore store;

  public UsageAggregator(CdrStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  private static final class Acc {
    long customers;
    long lastRun = -1;
    long records;
    long billable;
    long segments;
  }

  /**
   * Aggregates the grant's scope grouped by {@code groupBy} (empty: one group over everything).
   *
   * @param k minimum distinct customers a group needs to be shown (at least 1)
   * @param subjectLimit most customers to collect in the result (the endpoint does not use this
   *     form: it accounts for every customer through the streaming overload)
   * @throws IllegalArgumentException if the grant is not an AGGREGATE grant with
   *     {@link #REQUIRED_FIELDS}, or {@code groupBy} repeats a dimension
   */
  public AggregateResult aggregate(AccessGrant grant, List<Dimension> groupBy, int k,
      int subjectLimit) {
    Set<CustomerId> subjects = new HashSet<>();
    AggregateResult r = aggregate(grant, groupBy, k, c -> {
      if (subjects.size() < subjectLimit) {
        subjects.add(c);
      }
    });
    return new AggregateResult(r.groupBy(), r.groups(), r.suppressedGroups(), r.k(),
        r.recordsRead(), subjects);
  }

  /**
   * As {@link #aggregate(AccessGrant, List, int, int)}, telling {@code disclosed} every customer
   * whose records were read (once per customer) instead of collecting them: the result lists none.
   */
  public AggregateResult aggregate(AccessGrant grant, List<Dimension> groupBy, int k,
      java.util.function.Consumer<CustomerId> disclosed) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(disclosed, "disclosed");
    if (grant.purpose() != Purpose.AGGREGATE || !grant.fields().containsAll(REQUIRED_FIELDS)) {
      throw new IllegalArgumentException("aggregates need an AGGREGATE grant with fields "
          + REQUIRED_FIELDS);
    }
    if (new HashSet<>(groupBy).size() != groupBy.size()) {
      throw new IllegalArgumentException("groupBy names a dimension twice");
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1");
    }
    Map<List<Comparable<?>>, Acc> groups = new HashMap<>();
    CustomerRuns runs = new CustomerRuns(store.customerTagger());
    CustomerId current = null;
    long run = -1;
    long read = 0;
    try (CdrStore.RecordCursor cursor = store.records(grant)) {
      while (cursor.hasNext()) {
        GrantedCdr r = cursor.next();
        if (!grant.admits(r)) {
          continue;
        }
        if (!r.customer().equals(current)) {
          current = r.customer();
          runs.next(current);
          run++;
          disclosed.accept(current);
        }
        List<Comparable<?>> key = new ArrayList<>(groupBy.size());
        for (Dimension d : groupBy) {
          key.add(d.valueOf(r));
        }
        Acc a = groups.computeIfAbsent(key, x -> new Acc());
        if (a.lastRun != run) {
          a.lastRun = run;
          a.customers++;
        }
        a.records++;
        if (r.type() == ServiceType.VOICE) {
          a.billable += r.billableSeconds();
        } else {
          a.segments += r.smsSegments();
        }
        read++;
      }
    }
    List<AggregateGroup> shown = new ArrayList<>();
    long suppressed = 0;
    for (Map.Entry<List<Comparable<?>>, Acc> e : groups.entrySet()) {
      Acc a = e.getValue();
      if (a.customers < k) {
        suppressed++;
      } else {
        shown.add(new AggregateGroup(e.getKey(), a.customers, a.records, a.billable, a.segments));
      }
    }
    shown.sort(KEY_ORDER);
    return new AggregateResult(groupBy, shown, suppressed, k, read, Set.of());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Comparator<AggregateGroup> KEY_ORDER = (x, y) -> {
    for (int i = 0; i < x.key().size(); i++) {
      int c = ((Comparable) x.key().get(i)).compareTo(y.key().get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };
}
