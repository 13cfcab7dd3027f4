package io.cdrvault.store.consent;

import io.cdrvault.store.model.CustomerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Customers' CPNI approval for marketing (47 CFR 64.2007–2009): an append-only, versioned history
 * per customer, as the policy engine consults it at read time. A version is never changed or
 * removed; approval never expires by time alone (see {@link ConsentState#at}).
 *
 * <p>Implementations are thread-safe and persistent.
 */
public interface ConsentRegistry {

  /** How long after an opt-out notice approval is inferred (47 CFR 64.2008(d)(1)). */
  Duration OPT_OUT_WAIT = Duration.ofDays(30);

  /** Longest note (channel, reference) a version stores. */
  int MAX_NOTE_LENGTH = 256;

  /**
   * Whether the customer's approval allows using their CPNI for marketing at {@code at}: an
   * opt-in in force, or an opt-out notice whose 30-day wait has passed without an opt-out. No
   * record means no approval.
   */
  default boolean allowsMarketing(CustomerId customer, Instant at) {
    return stateAt(customer, at).allowsMarketing();
  }

  /**
   * Appends a version to the customer's history (number = previous + 1) and returns it.
   *
   * @param effectiveAt when it takes effect: for approvals not before {@code now}, for an opt-out
   *     not after {@code now} (see {@link ConsentKind#timingProblem})
   * @param principal who records it (1..128 characters)
   * @param note channel or note, 0..{@value #MAX_NOTE_LENGTH} characters; null = none
   * @param now the recording instant
   * @throws ConsentException if the timing or the note is not acceptable (nothing is written)
   */
  ConsentVersion record(CustomerId customer, ConsentKind kind, Instant effectiveAt,
      String principal, String note, Instant now);

  /** The customer's versions in recording order (empty when none). */
  List<ConsentVersion> history(CustomerId customer);

  /** The customer's approval at {@code at}. */
  default ConsentState stateAt(CustomerId customer, Instant at) {
    return ConsentState.at(history(customer), at);
  }
}
