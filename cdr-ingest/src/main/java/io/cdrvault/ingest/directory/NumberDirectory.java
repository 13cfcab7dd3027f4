package io.cdrvault.ingest.directory;

import io.cdrvault.store.model.CustomerId;
import java.time.Instant;
import java.util.Optional;

/**
 * Which customer held a number at an instant. Numbers are recycled: a number may belong to one
 * customer until a date and to another after it, so every lookup names the instant (for a CDR, its
 * start time). Each assignment is valid over a half-open period {@code [from, to)}.
 *
 * <p>Implementations are thread-safe.
 */
public interface NumberDirectory {

  /**
   * The customer holding {@code e164} at {@code at}.
   *
   * @param e164 an E.164 number ({@code +} and digits); {@code null} (a party with no E.164 form)
   *     finds nothing
   * @param at the instant, non-null
   * @return the customer, or empty when nobody held the number then
   */
  Optional<CustomerId> customerAt(String e164, Instant at);
}
