package io.cdrvault.query.http;

import io.cdrvault.store.access.DisclosedCustomers;
import io.cdrvault.store.model.CustomerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What one allowed read has disclosed so far, as its completion entry will record it: the number
 * of records, the customers they belonged to, and whether the answer was written whole. The
 * endpoint's read reports into it as it proceeds; {@link AuditedRead} writes the completion entry
 * from it exactly once, also when the read failed part way.
 *
 * <p>Customers are counted either one by one ({@link #customer}: accounted in chunk entries as the
 * read proceeds, so memory stays bounded) or, when the read knows them as a whole before it sends
 * anything, at once ({@link #customers}).
 *
 * <p>Not thread-safe: one instance per read, used by the thread that serves the request.
 */
public final class ReadTally {
  private final DisclosedCustomers disclosed;
  private Collection<CustomerId> known = List.of();
  private long records;
  private boolean whole;

  ReadTally(DisclosedCustomers disclosed) {
    this.disclosed = Objects.requireNonNull(disclosed, "disclosed");
  }

  /**
   * Counts {@code customer} as disclosed; may write a chunk entry.
   *
   * @throws io.cdrvault.store.audit.AuditUnavailableException if a chunk entry could not be
   *     written: the read must stop
   */
  public void customer(CustomerId customer) {
    disclosed.add(customer);
  }

  /** Counts every customer of {@code all} as disclosed (listed in the completion entry). */
  public void customers(Collection<CustomerId> all) {
    known = List.copyOf(all);
  }

  /** Counts one more record sent. */
  public void record() {
    records++;
  }

  /** Counts {@code n} more records sent (or summed into what was sent). */
  public void addRecords(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("records must not be negative");
    }
    records += n;
  }

  /** Sets the number of records sent (when the read counts them itself). */
  public void records(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("records must not be negative");
    }
    records = n;
  }

  /**
   * Marks the answer as written whole (its last line or byte is handed to the response); a read
   * that ends without this mark is recorded as incomplete.
   */
  public void whole() {
    whole = true;
  }

  long recordCount() {
    return records;
  }

  boolean isWhole() {
    return whole;
  }

  /** The customers for the completion entry: those not yet listed in a chunk, and the known. */
  Collection<CustomerId> completionCustomers() {
    Collection<CustomerId> pending = disclosed.pending();
    if (known.isEmpty()) {
      return pending;
    }
    if (pending.isEmpty()) {
      return known;
    }
    List<CustomerId> both = new ArrayList<>(pending);
    both.addAll(known);
    return both;
  }

  @Override
  public String toString() {
    return "ReadTally[records=" + records + ", whole=" + whole + "]";
  }
}
