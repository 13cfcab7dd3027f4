package io.cdrvault.store.config;

/**
 * An inclusive range of whole numbers, for {@code int} and {@code long} keys: {@code 1..100000}
 * or {@code at least 1}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Range implements Validator<Number> {
  private final long min;
  private final long max;

  private Range(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("empty range " + min + ".." + max);
    }
    this.min = min;
    this.max = max;
  }

  /** {@code min <= v <= max}; documented as {@code min..max}. */
  public static Range between(long min, long max) {
    return new Range(min, max);
  }

  /** {@code v >= min}; documented as {@code at least min}. */
  public static Range atLeast(long min) {
    return new Range(min, Long.MAX_VALUE);
  }

  @Override
  public boolean test(Number value) {
    long v = value.longValue();
    return v >= min && v <= max;
  }

  @Override
  public String toString() {
    return max == Long.MAX_VALUE ? "at least " + min : min + ".." + max;
  }
}
