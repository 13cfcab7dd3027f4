package io.cdrvault.store.consent;

import io.cdrvault.store.model.CustomerId;
import java.time.Instant;

/**
 * Customers' CPNI approval for marketing (47 CFR 64.2007–2008), as the policy engine consults it
 * at read time. Implementations are thread-safe and persistent.
 */
public interface ConsentRegistry {

  /**
   * Whether the customer's approval allows using their CPNI for marketing at {@code at}: an
   * opt-in in force, or an opt-out notice whose 30-day wait has passed without an opt-out. No
   * record means no approval.
   */
  boolean allowsMarketing(CustomerId customer, Instant at);
}
