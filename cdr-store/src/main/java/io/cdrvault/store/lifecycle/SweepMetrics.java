package io.cdrvault.store.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scheduled retention sweeps as meters: runs by outcome, whether the last run failed, when a run
 * last completed, and what completed runs did (months dropped, data keys destroyed, erasures run).
 * All counts; nothing names a customer.
 */
public final class SweepMetrics implements SweepListener {
  static final String RUNS = "cdr.retention.sweeps";
  static final String FAILING = "cdr.retention.sweep.failing";
  static final String LAST_COMPLETED = "cdr.retention.sweep.last.completed";
  static final String MONTHS_DROPPED = "cdr.retention.months.dropped";
  static final String KEYS_DESTROYED = "cdr.retention.keys.destroyed";
  static final String ERASURES = "cdr.retention.erasures";

  private final Counter completed;
  private final Counter failed;
  private final Counter monthsDropped;
  private final Counter keysDestroyed;
  private final Counter erasures;
  private final AtomicInteger failing = new AtomicInteger();
  private final AtomicLong lastCompletedEpochSeconds = new AtomicLong();

  public SweepMetrics(MeterRegistry registry) {
    completed = Counter.builder(RUNS).description("Scheduled retention sweeps, by outcome")
        .tag("outcome", "completed").register(registry);
    failed = Counter.builder(RUNS).description("Scheduled retention sweeps, by outcome")
        .tag("outcome", "failed").register(registry);
    monthsDropped = Counter.builder(MONTHS_DROPPED)
        .description("Month column families dropped by retention sweeps").register(registry);
    keysDestroyed = Counter.builder(KEYS_DESTROYED)
        .description("Data keys destroyed by retention sweeps").register(registry);
    erasures = Counter.builder(ERASURES)
        .description("Deferred erasures carried out by retention sweeps").register(registry);
    Gauge.builder(FAILING, failing, AtomicInteger::get)
        .description("1 while the last retention sweep failed, else 0").strongReference(true)
        .register(registry);
    Gauge.builder(LAST_COMPLETED, lastCompletedEpochSeconds, AtomicLong::get)
        .description("When a retention sweep last completed (Unix time; 0: not since start)")
        .baseUnit("seconds").strongReference(true).register(registry);
  }

  @Override
  public void completed(SweepReport report) {
    completed.increment();
    failing.set(0);
    lastCompletedEpochSeconds.set(report.at().getEpochSecond());
    monthsDropped.increment(report.monthsDropped().size());
    keysDestroyed.increment(report.dataKeysDestroyed());
    erasures.increment(report.erasuresRun());
  }

  @Override
  public void failed(RuntimeException cause) {
    failed.increment();
    failing.set(1);
  }
}
