package io.cdrvault.ingest.directory;

import io.cdrvault.store.model.CustomerId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The validity periods of one number, sorted by start, at most one per start instant. When periods
 * overlap (possible only for the topic feed), the covering period with the latest start wins: a
 * new assignment implicitly ends the previous one. That rule depends only on the set of periods,
 * not on the order they arrived in, so a compacted topic replays to the same answers.
 *
 * <p>Immutable and thread-safe; updates return a new instance.
 */
final class Periods {
  private static final Comparator<NumberAssignment> BY_FROM = Comparator.comparing(NumberAssignment::from);

  private final NumberAssignment[] byFrom;

  private Periods(NumberAssignment[] byFrom) {
    this.byFrom = byFrom;
  }

  static Periods of(NumberAssignment single) {
    return new Periods(new NumberAssignment[] {single});
  }

  /** From periods with distinct starts. */
  static Periods of(Collection<NumberAssignment> periods) {
    NumberAssignment[] a = periods.toArray(new NumberAssignment[0]);
    Arrays.sort(a, BY_FROM);
    return new Periods(a);
  }

  /** The periods, by start. */
  java.util.List<NumberAssignment> list() {
    return java.util.List.of(byFrom);
  }

  int size() {
    return byFrom.length;
  }

  Optional<CustomerId> at(Instant at) {
    int i = lastStartingAtOrBefore(at);
    for (; i >= 0; i--) {
      if (byFrom[i].covers(at)) {
        return Optional.of(byFrom[i].customer());
      }
    }
    return Optional.empty();
  }

  /** This set with {@code p} added, replacing the period with the same start if any. */
  Periods with(NumberAssignment p) {
    int i = indexOf(p.from());
    if (i >= 0) {
      NumberAssignment[] copy = byFrom.clone();
      copy[i] = p;
      return new Periods(copy);
    }
    int insert = -i - 1;
    NumberAssignment[] copy = new NumberAssignment[byFrom.length + 1];
    System.arraycopy(byFrom, 0, copy, 0, insert);
    copy[insert] = p;
    System.arraycopy(byFrom, insert, copy, insert + 1, byFrom.length - insert);
    return new Periods(copy);
  }

  /** This set without the period starting at {@code from}; {@code null} when nothing is left. */
  Periods without(Instant from) {
    int i = indexOf(from);
    if (i < 0) {
      return this;
    }
    if (byFrom.length == 1) {
      return null;
    }
    NumberAssignment[] copy = new NumberAssignment[byFrom.length - 1];
    System.arraycopy(byFrom, 0, copy, 0, i);
    System.arraycopy(byFrom, i + 1, copy, i, byFrom.length - i - 1);
    return new Periods(copy);
  }

  /** Binary search by start: the index, or {@code -(insertion point) - 1}. */
  private int indexOf(Instant from) {
    int lo = 0;
    int hi = byFrom.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = byFrom[mid].from().compareTo(from);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  private int lastStartingAtOrBefore(Instant at) {
    int i = indexOf(at);
    return i >= 0 ? i : -i - 2;
  }
}
