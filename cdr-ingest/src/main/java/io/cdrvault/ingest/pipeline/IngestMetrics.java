package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.store.WriteResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The ingest pipeline's meters. Tags come from small fixed sets: format (registered formats, or
 * {@code unknown}), outcome ({@value #DECODED}, {@value #STORED}, {@value #REJECTED},
 * {@value #UNATTRIBUTED}, {@value #SKIPPED}), reject reason, duplicate kind ({@code resend},
 * {@code leg}), retry cause ({@code disk-full}, {@code io}, {@code other}), and the topic and
 * partition number of assigned input partitions. Thread-safe.
 */
final class IngestMetrics {
  static final String RECORDS = "cdr.ingest.records";
  static final String DEAD_LETTERS = "cdr.ingest.deadletters";
  static final String DUPLICATES = "cdr.ingest.duplicates";
  static final String CONTENT_DROPPED = "cdr.ingest.content.dropped";
  static final String LAG = "cdr.ingest.lag";
  static final String BATCH_SIZE = "cdr.ingest.batch.size";
  static final String BATCH_LATENCY = "cdr.ingest.batch.latency";
  static final String PAUSED = "cdr.ingest.paused";
  static final String RETRIES = "cdr.ingest.retries";

  static final String DECODED = "decoded";
  static final String STORED = "stored";
  static final String REJECTED = "rejected";
  static final String UNATTRIBUTED = "unattributed";
  static final String SKIPPED = "skipped";

  static final String RESEND = "resend";
  static final String LEG = "leg";

  /** Counters are looked up here each time: the registry returns the one already registered. */
  private final MeterRegistry registry;
  private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final Timer batchLatency;
  private final AtomicInteger paused = new AtomicInteger();

  private record Lag(AtomicLong value, Gauge gauge) {}

  IngestMetrics(MeterRegistry registry) {
    this(registry, Set.of());
  }

  /**
   * Registers at zero the record counters of every given format and outcome and the dead-letter
   * counter of every reason, so the series exist from the start: a rate over a series that
   * appears only with its first increment misses that increment, and an alert on an absent
   * series cannot fire.
   */
  IngestMetrics(MeterRegistry registry, Set<String> formats) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder(BATCH_SIZE)
        .description("Consumed records per store write").baseUnit("records").register(registry);
    this.batchLatency = Timer.builder(BATCH_LATENCY)
        .description("From the poll that returned a batch's first record until the batch is written")
        .register(registry);
    Gauge.builder(PAUSED, paused, AtomicInteger::get)
        .description("1 while ingest is paused by a retriable store failure (e.g. disk full), else 0")
        .strongReference(true).register(registry);
    for (String format : formats) {
      for (String outcome : List.of(DECODED, STORED, REJECTED, UNATTRIBUTED, SKIPPED)) {
        recordsCounter(format, outcome);
      }
    }
    for (RejectReason reason : RejectReason.values()) {
      deadLettersCounter(reason);
    }
  }

  void records(String format, String outcome, long n) {
    if (n > 0) {
      recordsCounter(format, outcome).increment(n);
    }
  }

  void deadLetters(RejectReason reason, long n) {
    if (n > 0) {
      deadLettersCounter(reason).increment(n);
    }
  }

  private Counter recordsCounter(String format, String outcome) {
    return Counter.builder(RECORDS).description("Input records (Kafka payloads) by outcome")
        .tag("format", format).tag("outcome", outcome).register(registry);
  }

  private Counter deadLettersCounter(RejectReason reason) {
    return Counter.builder(DEAD_LETTERS).description("Records sent to the dead-letter topic")
        .tag("reason", reason.code()).register(registry);
  }

  /** {@code kind} is {@link #RESEND} (store records already stored) or {@link #LEG} (payloads skipped as another leg). */
  void duplicates(String kind, long n) {
    if (n > 0) {
      Counter.builder(DUPLICATES)
          .description("Duplicates not stored again: resent records (per store record) and "
              + "duplicate call legs (per payload)").tag("kind", kind).register(registry).increment(n);
    }
  }

  void contentDropped(String format, long n) {
    if (n > 0) {
      Counter.builder(CONTENT_DROPPED)
          .description("Content fields dropped at decode").tag("format", format)
          .register(registry).increment(n);
    }
  }

  void retry(String cause) {
    Counter.builder(RETRIES)
        .description("Store writes retried after a retriable failure, by cause").tag("cause", cause)
        .register(registry).increment();
  }

  void batch(int consumed, long sinceFirstPollNanos) {
    batchSize.record(consumed);
    batchLatency.record(sinceFirstPollNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Publishes the counts of a batch the store has written: its size and latency, its records by
   * format and outcome, its dead letters and its duplicates. Call on the thread that owns the
   * batch.
   */
  void written(PendingBatch batch, WriteResult written) {
    batch(batch.consumed, System.nanoTime() - batch.firstAtNanos);
    batch.perFormat.forEach((format, c) -> {
      records(format, DECODED, c[PendingBatch.DECODED]);
      records(format, STORED, c[PendingBatch.STORED]);
      records(format, REJECTED, c[PendingBatch.REJECTED]);
      records(format, UNATTRIBUTED, c[PendingBatch.UNATTRIBUTED]);
      records(format, SKIPPED, c[PendingBatch.SKIPPED]);
      contentDropped(format, c[PendingBatch.CONTENT]);
    });
    batch.deadLetters.forEach(this::deadLetters);
    duplicates(RESEND, written.duplicates());
    duplicates(LEG, batch.legDuplicates);
  }

  void paused(boolean isPaused) {
    paused.set(isPaused ? 1 : 0);
  }

  void lag(TopicPartition tp, long value) {
    lags.computeIfAbsent(tp, p -> {
      AtomicLong v = new AtomicLong();
      Gauge g = Gauge.builder(LAG, v, AtomicLong::get)
          .description("Records on an assigned input partition not yet consumed")
          .tag("topic", p.topic()).tag("partition", Integer.toString(p.partition()))
          .baseUnit("records").strongReference(true).register(registry);
      return new Lag(v, g);
    }).value.set(value);
  }

  /** Removes the lag gauges of partitions no longer assigned. */
  void lagRemoved(Iterable<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      Lag l = lags.remove(tp);
      if (l != null) {
        registry.remove(l.gauge);
      }
    }
  }
}
