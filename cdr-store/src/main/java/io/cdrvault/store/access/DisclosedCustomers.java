package io.cdrvault.store.access;

import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.model.CustomerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The customers whose records one allowed read has returned so far, accounted for in the audit
 * ledger as the read proceeds: every {@link PolicyEngine#SUBJECTS_PER_ENTRY} distinct customers a
 * completion chunk entry ({@code COMPLETED}, rule {@link Rules#IN_PROGRESS}, linked to the
 * decision) lists their tags and the set is emptied, so memory stays bounded however many customers
 * the read returns. The rest ({@link #pending()}) goes into the final completion entry
 * ({@link PolicyEngine#complete}). A customer may be listed in more than one chunk of a read
 * (reports count the decision once).
 *
 * <p>For a one-customer scope nothing is collected (the decision names the customer).
 *
 * <p>Not thread-safe (one instance per read).
 */
public final class DisclosedCustomers {
  private final boolean oneCustomer;
  private final int perEntry;
  private final Consumer<List<CustomerId>> writeChunk;
  private final Set<CustomerId> pending = new LinkedHashSet<>();
  private long chunks;
  private CustomerId last;

  DisclosedCustomers(AccessGrant grant, int perEntry, Consumer<List<CustomerId>> writeChunk) {
    this.oneCustomer = grant.scope().customerId().isPresent();
    this.perEntry = perEntry;
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
    if (!pending.add(customer) || pending.size() < perEntry) {
      return;
    }
    writeChunk.accept(new ArrayList<>(pending));
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
