package io.cdrvault.store.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to an erasure request: {@link Outcome#ERASED} (keys destroyed now, physical purge
 * queued for the next sweep), {@link Outcome#ALREADY_ERASED}, or {@link Outcome#DEFERRED} with the
 * earliest time it can run and why (a legal hold or a statutory minimum retention); a deferred
 * erasure is kept and run by the retention sweep once nothing stands in its way.
 *
 * <p>Immutable and thread-safe; holds no personal data. Nullable: {@code until}, {@code reasonCode},
 * {@code reason} (set exactly for {@code DEFERRED}).
 *
 * @param at when the keys were destroyed (ERASED, ALREADY_ERASED) or the request was deferred
 * @param until for DEFERRED: the earliest time the obstacle ends as known now (a hold may be
 *     renewed, which moves it)
 * @param reasonCode for DEFERRED: {@code legal-hold} or {@code statutory-minimum}
 * @param reason for DEFERRED: a sentence for the caller (hold id or the rule), no CPNI
 */
public record ErasureResult(Outcome outcome, Instant at, Instant until, String reasonCode,
    String reason) {

  /** What happened. */
  public enum Outcome { ERASED, ALREADY_ERASED, DEFERRED }

  public static final String LEGAL_HOLD = "legal-hold";
  public static final String STATUTORY_MINIMUM = "statutory-minimum";

  public ErasureResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(at, "at");
    boolean deferred = outcome == Outcome.DEFERRED;
    if (deferred != (until != null) || deferred != (reasonCode != null) || deferred != (reason != null)) {
      throw new IllegalArgumentException("exactly a deferred erasure has until, reasonCode and reason");
    }
  }

  public static ErasureResult erased(Instant at) {
    return new ErasureResult(Outcome.ERASED, at, null, null, null);
  }

  public static ErasureResult alreadyErased(Instant at) {
    return new ErasureResult(Outcome.ALREADY_ERASED, at, null, null, null);
  }

  public static ErasureResult deferred(Instant at, Instant until, String reasonCode, String reason) {
    return new ErasureResult(Outcome.DEFERRED, at, until, reasonCode, reason);
  }

  public boolean isDeferred() {
    return outcome == Outcome.DEFERRED;
  }

  public Optional<Instant> untilOpt() {
    return Optional.ofNullable(until);
  }
}
