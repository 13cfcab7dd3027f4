package io.cdrvault.query.aggregate;

import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.model.CustomerId;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks, in constant memory, that a read over all customers returns each customer's records in
 * one run, as {@code CdrStore.records} promises (customers in the order of their tags): every new
 * customer's tag must sort after the previous one's. Per-customer totals rely on it.
 *
 * <p>Not thread-safe (one per read).
 */
public final class CustomerRuns {
  private final CustomerTagger tagger;
  private byte[] last;

  public CustomerRuns(CustomerTagger tagger) {
    this.tagger = Objects.requireNonNull(tagger, "tagger");
  }

  /**
   * Registers the start of a customer's run.
   *
   * @throws IllegalStateException if the customer's tag does not sort after the previous one's
   */
  public void next(CustomerId customer) {
    byte[] tag = tagger.tag(customer);
    if (last != null && Arrays.compareUnsigned(tag, last) <= 0) {
      throw new IllegalStateException("the store returned customers out of tag order");
    }
    last = tag;
  }
}
