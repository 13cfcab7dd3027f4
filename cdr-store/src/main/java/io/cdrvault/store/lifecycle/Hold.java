package io.cdrvault.store.lifecycle;

import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PrintableText;
import io.cdrvault.store.model.StoreTimes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A legal hold (preservation, e.g. 18 U.S.C. 2703(f)): the records of its targets (customers or
 * numbers) that started in {@code [from, to)} are kept past retention and are not erased — their
 * data keys are not destroyed — while the hold is active: {@link State#ACTIVE} and before
 * {@code expiresAt} (90 days after creation or the last renewal).
 *
 * <p>Immutable and thread-safe; holds personal data (the targets), so {@link #toString()} prints
 * only the id, state and counts. Nullable: {@code closedBy}, {@code closedAt} (set once released
 * or expired).
 *
 * @param reference the legal request id or reason given (e.g. a case number; not CPNI)
 */
public record Hold(String id, List<LegalTarget> targets, Instant from, Instant to, String reference,
    String createdBy, Instant createdAt, Instant expiresAt, State state, String closedBy,
    Instant closedAt) {

  /** Longest reference. */
  public static final int MAX_REFERENCE = 200;

  /** Hold ids: {@code LH-} and 16 lowercase hex digits. */
  public static final Pattern ID = Pattern.compile("LH-[0-9a-f]{16}");

  /** Life cycle of a hold. */
  public enum State {
    /** Preserving until {@code expiresAt}. */
    ACTIVE,
    /** Released by a principal before it expired. */
    RELEASED,
    /** Expired (not renewed within its term); recorded by the retention sweep. */
    EXPIRED
  }

  public Hold {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("hold id must match " + ID.pattern());
    }
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a hold needs at least one target");
    }
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a hold's window must end after it starts");
    }
    Objects.requireNonNull(reference, "reference");
    if (reference.isBlank() || reference.length() > MAX_REFERENCE) {
      throw new IllegalArgumentException("a hold's reference must be 1.." + MAX_REFERENCE + " characters");
    }
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    if ((state == State.ACTIVE) != (closedAt == null)) {
      throw new IllegalArgumentException("exactly the closed holds have a closing time");
    }
  }

  /**
   * Checks what a new hold is created with, beyond what every hold must satisfy: a window within
   * the times the store holds ({@link StoreTimes#EARLIEST}..{@link StoreTimes#END}) and a
   * printable reference ({@link PrintableText}: no terminal escapes or forged lines when it is
   * listed). Holds read back from the store are not held to it, so one stored earlier still loads
   * (and is printed escaped).
   *
   * @throws IllegalArgumentException naming what is wrong, never the value
   */
  public static void checkNew(Instant from, Instant to, String reference) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isBefore(StoreTimes.EARLIEST) || to.isAfter(StoreTimes.END)) {
      throw new IllegalArgumentException("a hold's window must lie in the years the store holds (1970..9999)");
    }
    PrintableText.require(reference, "a hold's reference", MAX_REFERENCE);
  }

  /** True while the hold preserves: active and not yet expired at {@code now}. */
  public boolean activeAt(Instant now) {
    return state == State.ACTIVE && now.isBefore(expiresAt);
  }

  /** True if the window overlaps {@code [a, b)}. */
  public boolean overlaps(Instant a, Instant b) {
    return from.isBefore(b) && a.isBefore(to);
  }

  /** True if a target names the customer. */
  public boolean namesCustomer(CustomerId customer) {
    for (LegalTarget t : targets) {
      if (t.kind() == LegalTarget.Kind.CUSTOMER && t.value().equals(customer.value())) {
        return true;
      }
    }
    return false;
  }

  /** The customer targets. */
  public List<CustomerId> customers() {
    return targets.stream().filter(t -> t.kind() == LegalTarget.Kind.CUSTOMER)
        .map(LegalTarget::customerId).toList();
  }

  /** The number targets (E.164). */
  public List<String> numbers() {
    return targets.stream().filter(t -> t.kind() == LegalTarget.Kind.NUMBER)
        .map(LegalTarget::value).toList();
  }

  /** Who released it, or the sweep that recorded its expiry. */
  public Optional<String> closedByOpt() {
    return Optional.ofNullable(closedBy);
  }

  @Override
  public String toString() {
    return "Hold[" + id + ", " + state + ", targets=" + targets.size() + ", expiresAt=" + expiresAt + "]";
  }
}
