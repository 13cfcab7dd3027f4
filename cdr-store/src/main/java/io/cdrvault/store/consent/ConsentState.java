package io.cdrvault.store.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's marketing approval at one instant, derived from the consent history: the version
 * with the highest number among those effective at or before that instant decides. Approval never
 * expires by time alone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the approval status
 * @param since when this status began (empty for {@link Status#NONE}); for
 *     {@link Status#APPROVED_BY_NOTICE} the end of the wait
 * @param basis the version the status rests on (empty for {@link Status#NONE})
 * @param approvalBegins for an opt-out notice (pending or passed): when the inferred approval
 *     begins (notice + {@link ConsentRegistry#OPT_OUT_WAIT}); otherwise empty
 */
public record ConsentState(Status status, Optional<Instant> since, Optional<ConsentVersion> basis,
    Optional<Instant> approvalBegins) {

  /** Approval status. */
  public enum Status {
    /** No version is in effect: no approval. */
    NONE,
    /** An explicit opt-in is in effect: approved. */
    OPTED_IN,
    /** An opt-out notice was sent less than 30 days ago: not yet approved. */
    NOTICE_PENDING,
    /** An opt-out notice was sent 30 or more days ago without an opt-out: approval inferred. */
    APPROVED_BY_NOTICE,
    /** The customer opted out: no approval. */
    OPTED_OUT
  }

  /** The state of a customer with no consent history. */
  public static final ConsentState NONE =
      new ConsentState(Status.NONE, Optional.empty(), Optional.empty(), Optional.empty());

  public ConsentState {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(approvalBegins, "approvalBegins");
    if ((status == Status.NONE) != basis.isEmpty()) {
      throw new IllegalArgumentException("a state rests on a version unless it is NONE");
    }
  }

  /** Whether CPNI may be used for marketing in this state. */
  public boolean allowsMarketing() {
    return status == Status.OPTED_IN || status == Status.APPROVED_BY_NOTICE;
  }

  /**
   * The state at {@code at} given a customer's history (any order): the highest-numbered version
   * effective at or before {@code at} decides.
   */
  public static ConsentState at(List<ConsentVersion> history, Instant at) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(at, "at");
    ConsentVersion basis = null;
    for (ConsentVersion v : history) {
      if (!v.effectiveAt().isAfter(at) && (basis == null || v.version() > basis.version())) {
        basis = v;
      }
    }
    if (basis == null) {
      return NONE;
    }
    Optional<ConsentVersion> b = Optional.of(basis);
    Instant effective = basis.effectiveAt();
    switch (basis.kind()) {
      case OPT_IN:
        return new ConsentState(Status.OPTED_IN, Optional.of(effective), b, Optional.empty());
      case OPT_OUT:
        return new ConsentState(Status.OPTED_OUT, Optional.of(effective), b, Optional.empty());
      case OPT_OUT_NOTICE:
      default:
        Instant begins = effective.plus(ConsentRegistry.OPT_OUT_WAIT);
        return at.isBefore(begins)
            ? new ConsentState(Status.NOTICE_PENDING, Optional.of(effective), b, Optional.of(begins))
            : new ConsentState(Status.APPROVED_BY_NOTICE, Optional.of(begins), b,
                Optional.of(begins));
    }
  }
}
