package io.cdrvault.bench.read;

import io.cdrvault.bench.peer.PeerQuery;
import java.util.Arrays;
import java.util.Locale;

/**
 * Wall-clock times of repeated operations, in milliseconds, sorted. Immutable.
 *
 * @param ms the measured repetitions, ascending
 */
record Latencies(double[] ms) {
  /** An operation that returns how many records it read. */
  @FunctionalInterface
  interface Op {
    long run() throws Exception;
  }

  /** Thrown when an operation read another number of records than was loaded. */
  static final class CountMismatch extends RuntimeException {
    CountMismatch(String what, long got, long expected) {
      super(what + ": read " + got + " records, expected " + expected);
    }
  }

  /**
   * Runs {@code op} {@code warmup} times untimed, then {@code reps} times timed, one after the other;
   * every run must return {@code expected}.
   *
   * @throws CountMismatch when a run returns another count
   */
  static Latencies measure(String what, int warmup, int reps, long expected, Op op) throws Exception {
    for (int i = 0; i < warmup; i++) {
      check(what, op.run(), expected);
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t = System.nanoTime();
      long n = op.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
      check(what, n, expected);
    }
    Arrays.sort(ms);
    return new Latencies(ms);
  }

  private static void check(String what, long got, long expected) {
    if (got != expected) {
      throw new CountMismatch(what, got, expected);
    }
  }

  double p50() {
    return PeerQuery.rank(ms, 0.5);
  }

  double p99() {
    return PeerQuery.rank(ms, 0.99);
  }

  double mean() {
    return Arrays.stream(ms).average().orElse(Double.NaN);
  }

  double min() {
    return ms.length == 0 ? Double.NaN : ms[0];
  }

  double max() {
    return ms.length == 0 ? Double.NaN : ms[ms.length - 1];
  }

  /** {@code p50 … ms, p99 … ms (mean, min, max; n runs)}. */
  String summary() {
    return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms (mean %.2f, min %.2f, max %.2f; %d runs)",
        p50(), p99(), mean(), min(), max(), ms.length);
  }
}
