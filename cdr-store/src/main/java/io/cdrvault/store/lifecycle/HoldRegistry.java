package io.cdrvault.store.lifecycle;

import io.cdrvault.store.legal.LegalTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Legal holds kept (sealed) in the store. Every change is audited before it is written
 * ({@code hold.create}, {@code hold.renew}, {@code hold.release}; the sweep writes
 * {@code hold.expire}); if the audit write fails the change is not made.
 *
 * <p>Implementations are thread-safe.
 */
public interface HoldRegistry {
  /** How long a hold lasts after creation or renewal (2703(f): 90 days, renewable). */
  Duration TERM = Duration.ofDays(90);

  /**
   * Creates a hold over {@code targets} for records started in {@code [from, to)}, expiring
   * {@link #TERM} after {@code now}.
   *
   * @param reference the legal request id or reason (a case number, not CPNI)
   * @throws IllegalArgumentException if the targets are empty, the window is empty or outside the
   *     store's times, or the reference is not printable text ({@link Hold#checkNew})
   */
  Hold create(List<LegalTarget> targets, Instant from, Instant to, String reference,
      String principal, Instant now);

  /**
   * Extends an active hold to {@link #TERM} after {@code now}.
   *
   * @throws HoldException if there is no such hold or it is released or expired
   */
  Hold renew(String id, String principal, Instant now);

  /**
   * Releases an active hold: what it preserved becomes subject to retention and erasure again.
   *
   * @throws HoldException if there is no such hold or it is already released or expired
   */
  Hold release(String id, String principal, Instant now);

  /** The hold with this id. */
  Optional<Hold> find(String id);

  /** Every hold, in id order. */
  List<Hold> all();

  /** The holds active at {@code now}. */
  default List<Hold> activeAt(Instant now) {
    return all().stream().filter(h -> h.activeAt(now)).toList();
  }
}
