package io.cdrvault.query.marketing;

import io.cdrvault.store.model.CustomerId;
import java.util.Objects;

/**
 * One consenting customer's service types and usage volumes over a window: what MARKETING may see
 * (no numbers, times, destinations or any other call detail).
 *
 * <p>Immutable and thread-safe; {@link #toString()} hides the customer.
 *
 * @param voiceCalls voice records (answered or not)
 * @param billableSeconds billable seconds of those calls
 * @param smsMessages SMS records
 * @param smsSegments segments of those messages
 * @param records records the volumes were computed from
 */
public record MarketingUsage(CustomerId customer, long voiceCalls, long billableSeconds,
    long smsMessages, long smsSegments, long records) {

  public MarketingUsage {
    Objects.requireNonNull(customer, "customer");
    if (voiceCalls < 0 || billableSeconds < 0 || smsMessages < 0 || smsSegments < 0 || records < 0) {
      throw new IllegalArgumentException("usage volumes must not be negative");
    }
  }

  @Override
  public String toString() {
    return "MarketingUsage[***, calls=" + voiceCalls + ", messages=" + smsMessages + "]";
  }
}
