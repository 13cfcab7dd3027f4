package io.cdrvault.store.access;

import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.model.CustomerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The customers whose records one allowed read has returned so far, accounted for in the audit
 * ledger as the read proceeds: every {@link PolicyEngine#SUBJECTS_PER_ENTRY} distinct customers a
 * completion chunk entry ({@code COMPLETED}, rule {@link Rules#IN_PROGRESS}, linked to the
 * decision) lists their tags. The rest ({@link #pending()}) goes into the final completion entry
 * ({@link PolicyEngine#complete}).
 *
 * <p>Customers already listed by a chunk of this read are remembered, up to
 * {@link PolicyEngine#REMEMBERED_SUBJECTS} of them, and not listed again: a number or prefix read
 * returns its customers' records interleaved in time order, so without it a customer would be
 * listed once per chunk (≈ 1,000 entries for a 1,000,000-record lookup over 10,000 customers,
 * instead of 10). Beyond that bound the memory is emptied and a customer may be listed in more
 * than one chunk of a read, which is allowed (reports count the decision once); memory stays
 * bounded however many customers the read returns.
 *
 * <p>For a one-customer scope nothing is collected (the decision names the customer).
 *
 * <p>Not thread-safe (one instance per read).
 */
public final class DisclosedCustomers {
  private final boolean oneCustomer;
  private final int perEntry;
  private final int remembered;
  private final Consumer<List<CustomerId>> writeChunk;
  private final Set<CustomerId> pending = new LinkedHashSet<>();
  /** Customers a chunk of this read has listed (at most {@code remembered}). */
  private final Set<CustomerId> listed = new HashSet<>();
  private long chunks;
  private CustomerId last;

  DisclosedCustomers(AccessGrant grant, int perEntry, int remembered,
      Consumer<List<CustomerId>> writeChunk) {
    if (perEntry < 1 || remembered < 0) {
      throw new IllegalArgumentException("perEntry must be positive and remembered not negative");
    }
    this.oneCustomer = grant.scope().customerId().isPresent();
    this.perEntry = perEntry;
    this.remembered = remembered;
    this.writeChunk = Objects.requireNonNull(writeChunk, "writeChunk");
  }

  /**
   * Counts {@code customer} as disclosed; may write a chunk entry.
   *
   * @throws AuditUnavailableException if a chunk entry could not be written: stop the read (the
   *     customers stay pending, for the final entry)
   */
  public void add(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    if (oneCustomer || customer.equals(last)) {
      return;
    }
    last = customer; // records of one customer usually come together: one chunk lists them
    if (listed.contains(customer) || !pending.add(customer) || pending.size() < perEntry) {
      return;
    }
    writeChunk.accept(new ArrayList<>(pending));
    if (listed.size() + pending.size() > remembered) {
      listed.clear();
    }
    if (pending.size() <= remembered) {
      listed.addAll(pending);
    }
    pending.clear();
    chunks++;
  }

  /** The customers not yet listed in a chunk entry (at most one chunk's worth). */
  public Collection<CustomerId> pending() {
    return List.copyOf(pending);
  }

  /** Chunk entries written so far. */
  public long chunksWritten() {
    return chunks;
  }

  @Override
  public String toString() {
    return "DisclosedCustomers[pending=" + pending.size() + ", chunks=" + chunks + "]";
  }
}
