package io.cdrvault.query.billing;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.model.CustomerId;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One billing run over an all-customers grant: reads the store's all-customers cursor (records
 * grouped by customer, customers in tag order) once, adds up each customer's records as they pass
 * and hands each customer's {@link Usage} to a {@link Sink} as soon as the customer's last record
 * was read. Only the current customer's totals are held in memory; each record is counted once,
 * for the customer it was stored for.
 *
 * <p>A run can start after a customer ({@code afterCursor}, the {@link Sink#customer cursor} of the
 * last customer a client kept), so a client that lost the connection resumes without counting a
 * customer twice. The counters ({@link #customers()}, {@link #records()}) cover the customers
 * handed to the sink so far, also when the run ended early.
 *
 * <p>Not thread-safe (one instance per run).
 */
public final class BillingRun {
  /** Receives each customer's usage, in cursor order. */
  public interface Sink {
    /**
     * One customer's usage over the run's window.
     *
     * @param cursor the customer's tag (32 lowercase hex digits), the resume point after it
     */
    void customer(String cursor, Usage usage) throws IOException;
  }

  private final CdrStore store;
  private final AccessGrant grant;
  private final String afterCursor;
  private long customers;
  private long records;
  private final Consumer<CustomerId> disclosed;

  /**
   * A run over the grant's window, starting after {@code afterCursor} (null: from the first
   * customer).
   *
   * @throws IllegalArgumentException if the grant is not over all customers, lacks the usage
   *     fields, or the cursor is not 32 lowercase hex digits
   */
  public BillingRun(CdrStore store, AccessGrant grant, String afterCursor) {
    this(store, grant, afterCursor, c -> { });
  }

  /**
   * As {@link #BillingRun(CdrStore, AccessGrant, String)}, telling {@code disclosed} each customer
   * handed to the sink (for the completion entries, e.g.
   * {@link io.cdrvault.store.access.DisclosedCustomers#add}).
   */
  public BillingRun(CdrStore store, AccessGrant grant, String afterCursor,
      Consumer<CustomerId> disclosed) {
    this.disclosed = Objects.requireNonNull(disclosed, "disclosed");
    this.store = Objects.requireNonNull(store, "store");
    this.grant = Objects.requireNonNull(grant, "grant");
    if (!(grant.scope().target() instanceof AccessScope.AllCustomers)) {
      throw new IllegalArgumentException("a billing run needs an all-customers grant");
    }
    if (!UsageService.canServe(grant)) {
      throw new IllegalArgumentException("grant for purpose " + grant.purpose()
          + " does not include the fields usage is computed from");
    }
    if (afterCursor != null && !validCursor(afterCursor)) {
      throw new IllegalArgumentException("a cursor is 32 lowercase hex digits");
    }
    this.afterCursor = afterCursor;
  }

  /** True for 32 lowercase hex digits (a customer tag). */
  public static boolean validCursor(String s) {
    if (s == null || s.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the store and hands every customer with at least one record in the window to the sink.
   *
   * @throws IOException if the sink fails (the customers already handed over stay counted)
   * @throws IllegalStateException if the store returns a customer twice or out of tag order
   *     (which would count it twice)
   */
  public void streamTo(Sink sink) throws IOException {
    CustomerId current = null;
    String currentTag = null;
    String previousTag = afterCursor;
    UsageTally tally = null;
    try (CdrStore.RecordCursor cursor = store.records(grant, afterCursor)) {
      while (cursor.hasNext()) {
        GrantedCdr r = cursor.next();
        if (!grant.admits(r)) {
          continue;
        }
        if (!r.customer().equals(current)) {
          if (current != null) {
            emit(sink, currentTag, current, tally);
            previousTag = currentTag;
          }
          current = r.customer();
          currentTag = store.customerTagger().tagHex(current);
          if (previousTag != null && currentTag.compareTo(previousTag) <= 0) {
            throw new IllegalStateException("the store returned customers out of tag order");
          }
          tally = new UsageTally();
        }
        tally.add(r);
      }
    }
    if (current != null) {
      emit(sink, currentTag, current, tally);
    }
  }

  private void emit(Sink sink, String tag, CustomerId customer, UsageTally tally)
      throws IOException {
    AccessScope scope = grant.scope();
    sink.customer(tag, tally.toUsage(customer, scope.from(), scope.to(), grant.auditSequence()));
    customers++;
    records += tally.records();
    disclosed.accept(customer);
  }

  /** Customers handed to the sink so far. */
  public long customers() {
    return customers;
  }

  /** Records counted in the customers handed to the sink so far. */
  public long records() {
    return records;
  }
}
