package io.cdrvault.bench.e2e;

import io.cdrvault.bench.support.ProcessMemory;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prints the end-to-end ingest result — rate, input outcomes, store batch-write timer, memory —
 * and checks it against the simulator's independent expectation: {@link #matchesExpectation} is
 * false when the stored customer records or the dead letters differ (the benchmark then exits 1).
 */
public final class IngestReport {
  private static final String BATCH_TIMER = "cdr.store.batch.write";

  private final boolean matches;

  private IngestReport(boolean matches) {
    this.matches = matches;
  }

  /** Whether stored records and dead letters equal the simulator's expectation. */
  public boolean matchesExpectation() {
    return matches;
  }

  /** Prints the report; {@code firstStored} and {@code steadySeconds} describe the steady state. */
  public static IngestReport print(long cdrs, MeterRegistry registry, TrafficSimulator sim, double seconds,
      double steadySeconds, long firstStored, long peakHeapUsed) {
    double stored = sum(registry, "cdr.ingest.records", "stored");
    double rejected = sum(registry, "cdr.ingest.records", "rejected");
    double unattributed = sum(registry, "cdr.ingest.records", "unattributed");
    double deadLetters = sum(registry, "cdr.ingest.deadletters", null);
    double written = sum(registry, "cdr.store.records.written", null);
    Timer timer = registry.get(BATCH_TIMER).timer();
    HistogramSnapshot snap = timer.takeSnapshot();
    Map<Double, Double> pct = new HashMap<>();
    for (ValueAtPercentile v : snap.percentileValues()) {
      pct.put(v.percentile(), v.value(TimeUnit.MILLISECONDS));
    }
    System.out.printf(Locale.ROOT, "INGEST   %,d CDRs in %.2f s = %,.0f CDR/s (from pipeline start, "
        + "incl. consumer group join)%n", cdrs, seconds, cdrs / seconds);
    if (!Double.isNaN(steadySeconds)) {
      System.out.printf(Locale.ROOT, "         steady state after the first stored batch: %,d CDRs in "
          + "%.2f s = %,.0f CDR/s%n", cdrs - firstStored, steadySeconds, (cdrs - firstStored) / steadySeconds);
    }
    long expectedDead = sim.tally().deadLetters().size();
    long expectedStored = sim.tally().storedRecords();
    System.out.printf(Locale.ROOT, "         input outcomes: stored %,.0f, rejected %,.0f, unattributed "
        + "%,.0f; dead letters %,.0f (simulator expected %,d)%n", stored, rejected, unattributed,
        deadLetters, expectedDead);
    System.out.printf(Locale.ROOT, "         store records written %,.0f = %,.0f rec/s (simulator "
        + "expected %,d customer records)%n", written, written / seconds, expectedStored);
    System.out.printf(Locale.ROOT, "         store batch write (seal + WriteBatch): %,d batches, mean %.1f "
        + "ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms, total %.1f s = %.0f %% of the ingest time%n",
        timer.count(), timer.mean(TimeUnit.MILLISECONDS), pct.getOrDefault(0.5, Double.NaN),
        pct.getOrDefault(0.99, Double.NaN), timer.max(TimeUnit.MILLISECONDS),
        timer.totalTime(TimeUnit.SECONDS), 100 * timer.totalTime(TimeUnit.SECONDS) / seconds);
    printMemory(peakHeapUsed);
    boolean matches = written == expectedStored && deadLetters == expectedDead;
    System.out.println(matches ? "EXACTLY-ONCE held: stored records and dead letters equal the simulator's expectation"
        : "EXACTLY-ONCE FAILED: stored records or dead letters differ from the simulator's expectation");
    return new IngestReport(matches);
  }

  /** Max heap, the largest heap use sampled during ingest, and the process's resident set (VmRSS, VmHWM). */
  static void printMemory(long peakHeapUsed) {
    System.out.printf(Locale.ROOT, "MEMORY   max heap %,d MiB, heap used at most %,d MiB (sampled every 20 ms "
        + "during ingest), %s%n", Runtime.getRuntime().maxMemory() >> 20, peakHeapUsed >> 20, rss());
  }

  private static String rss() {
    return ProcessMemory.rssOpen() + ", whole process incl. the in-process broker)";
  }

  private static double sum(MeterRegistry registry, String name, String outcome) {
    var search = registry.find(name);
    if (outcome != null) {
      search = search.tag("outcome", outcome);
    }
    return search.counters().stream().mapToDouble(Counter::count).sum();
  }
}
