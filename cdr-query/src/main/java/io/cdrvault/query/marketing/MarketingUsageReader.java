package io.cdrvault.query.marketing;

import io.cdrvault.query.aggregate.CustomerRuns;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.ServiceType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Computes per-customer service volumes for MARKETING from the records a grant allows, one customer
 * at a time, handing each customer's totals to a sink as soon as that customer's records end (the
 * store returns an all-customers scope grouped by customer). Only {@link #FIELDS} are read. A
 * customer the grant does not admit (no marketing approval at read time) is skipped entirely;
 * the check is made once per customer, when their first record arrives.
 *
 * <p>Thread-safe (stateless apart from the store).
 */
public final class MarketingUsageReader {

  /** The fields the volumes are computed from: service type, billable seconds, SMS segments. */
  public static final Set<CdrField> FIELDS = Set.copyOf(EnumSet.of(
      CdrField.TYPE, CdrField.BILLABLE, CdrField.SMS_SEGMENTS));

  /** What a read produced: customers handed to the sink and the records behind them. */
  public record Summary(long customers, long records) {}

  private final CdrStore store;

  public MarketingUsageReader(CdrStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Reads the grant's scope and hands each admitted customer's volumes to {@code sink}, in the
   * store's customer order. Customers without records in the window do not appear.
   *
   * @throws IllegalArgumentException if the grant is not a MARKETING grant with {@link #FIELDS}
   * @throws IllegalStateException if the store returned one customer's records in two runs
   */
  public Summary read(AccessGrant grant, Consumer<MarketingUsage> sink) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(sink, "sink");
    if (grant.purpose() != Purpose.MARKETING || !grant.fields().containsAll(FIELDS)) {
      throw new IllegalArgumentException("marketing usage needs a MARKETING grant with fields "
          + FIELDS);
    }
    CustomerRuns runs = new CustomerRuns(store.customerTagger());
    long customers = 0;
    long records = 0;
    CustomerId current = null;
    boolean admitted = false;
    long[] acc = new long[5];
    try (CdrStore.RecordCursor cursor = store.records(grant)) {
      while (cursor.hasNext()) {
        GrantedCdr r = cursor.next();
        if (!r.customer().equals(current)) {
          if (current != null && admitted && acc[4] > 0) {
            sink.accept(usage(current, acc));
            customers++;
          }
          current = r.customer();
          runs.next(current);
          admitted = grant.admitsCustomer(current);
          java.util.Arrays.fill(acc, 0);
        }
        if (!admitted || !grant.admits(r)) {
          continue;
        }
        if (r.type() == ServiceType.VOICE) {
          acc[0]++;
          acc[1] += r.billableSeconds();
        } else {
          acc[2]++;
          acc[3] += r.smsSegments();
        }
        acc[4]++;
        records++;
      }
      if (current != null && admitted && acc[4] > 0) {
        sink.accept(usage(current, acc));
        customers++;
      }
    }
    return new Summary(customers, records);
  }

  private static MarketingUsage usage(CustomerId c, long[] a) {
    return new MarketingUsage(c, a[0], a[1], a[2], a[3], a[4]);
  }
}
