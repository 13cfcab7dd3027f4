package io.cdrvault.store.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a consent version records (47 CFR 64.2007–2008).
 *
 * <p>Approvals ({@link #OPT_IN}, {@link #OPT_OUT_NOTICE}) may be dated now or later, never
 * earlier: approval is never created retroactively. An {@link #OPT_OUT} may be dated now or
 * earlier (a withdrawal received by mail), never later: a customer's objection cannot be deferred.
 */
public enum ConsentKind {
  /** The customer's explicit approval; effective at once. */
  OPT_IN,
  /**
   * An opt-out notice was sent to the customer: approval is inferred only once
   * {@link ConsentRegistry#OPT_OUT_WAIT} has passed since the notice without an opt-out.
   */
  OPT_OUT_NOTICE,
  /** The customer withdrew approval or objected: no approval from then on. */
  OPT_OUT;

  /** True for the kinds that can lead to approval. */
  public boolean isApproval() {
    return this != OPT_OUT;
  }

  /**
   * Why a version of this kind may not take effect at {@code effectiveAt} when recorded at
   * {@code now}, or empty when it may. The text names the rule, never a value.
   */
  public Optional<String> timingProblem(Instant effectiveAt, Instant now) {
    Objects.requireNonNull(effectiveAt, "effectiveAt");
    Objects.requireNonNull(now, "now");
    if (isApproval() && effectiveAt.isBefore(now)) {
      return Optional.of("an " + name() + " cannot take effect before it is recorded"
          + " (approval is never backdated)");
    }
    if (!isApproval() && effectiveAt.isAfter(now)) {
      return Optional.of("an OPT_OUT cannot take effect after it is recorded"
          + " (a withdrawal is never deferred)");
    }
    return Optional.empty();
  }
}
