package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.format.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest pipeline's meters. Tags come from small fixed sets: format (registered formats, or
 * {@code unknown}), outcome, reject reason. Thread-safe.
 */
final class IngestMetrics {
  static final String RECORDS = "cdr.ingest.records";
  static final String DEAD_LETTERS = "cdr.ingest.deadletters";
  static final String CONTENT_DROPPED = "cdr.ingest.content.dropped";
  static final String LAG = "cdr.ingest.lag";
  static final String BATCH_SIZE = "cdr.ingest.batch.size";

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final AtomicLong lag = new AtomicLong();

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder(BATCH_SIZE)
        .description("Consumed records per store write").baseUnit("records").register(registry);
    Gauge.builder(LAG, lag, AtomicLong::get)
        .description("Records on the input topic not yet consumed (sum over assigned partitions)")
        .baseUnit("records").register(registry);
  }

  void records(String format, String outcome, long n) {
    if (n > 0) {
      counters.computeIfAbsent("r|" + format + "|" + outcome, k -> Counter.builder(RECORDS)
          .description("Input records by outcome").tag("format", format).tag("outcome", outcome)
          .register(registry)).increment(n);
    }
  }

  void deadLetters(RejectReason reason, long n) {
    if (n > 0) {
      counters.computeIfAbsent("d|" + reason.code(), k -> Counter.builder(DEAD_LETTERS)
          .description("Records sent to the dead-letter topic").tag("reason", reason.code())
          .register(registry)).increment(n);
    }
  }

  void contentDropped(String format, long n) {
    if (n > 0) {
      counters.computeIfAbsent("c|" + format, k -> Counter.builder(CONTENT_DROPPED)
          .description("Content fields dropped at decode").tag("format", format)
          .register(registry)).increment(n);
    }
  }

  void batch(int consumed) {
    batchSize.record(consumed);
  }

  void lag(long value) {
    lag.set(value);
  }
}
