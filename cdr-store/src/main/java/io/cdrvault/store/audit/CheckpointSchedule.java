package io.cdrvault.store.audit;

import io.cdrvault.store.crypto.ManifestSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes signed checkpoints of a ledger on one daemon thread: every {@code interval}, whenever
 * {@code everyEntries} entries were appended since the last one, and once more on {@link #close()}.
 * A checkpoint that fails is logged (sequence and error kind only) and retried at the next
 * trigger; it never fails an append.
 *
 * <p>Thread-safe. Close it before closing the ledger.
 */
public final class CheckpointSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointSchedule.class);

  private final RocksAuditLedger ledger;
  private final ManifestSigner signer;
  private final Clock clock;
  private final long everyEntries;
  private final ScheduledExecutorService executor;
  private final AtomicLong lastCheckpointed = new AtomicLong();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongConsumer onAppend;

  /**
   * Starts the schedule.
   *
   * @param interval time between checkpoints (positive)
   * @param everyEntries also checkpoint after this many new entries (≥ 1)
   */
  public CheckpointSchedule(RocksAuditLedger ledger, ManifestSigner signer, Clock clock,
      Duration interval, long everyEntries) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    if (everyEntries < 1) {
      throw new IllegalArgumentException("everyEntries must be at least 1");
    }
    this.everyEntries = everyEntries;
    this.lastCheckpointed.set(ledger.latestCheckpoint().map(AuditCheckpoint::sequence).orElse(0L));
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cdrvault-audit-checkpoint");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    executor.scheduleWithFixedDelay(this::checkpointNow, millis, millis, TimeUnit.MILLISECONDS);
    this.onAppend = seq -> {
      if (seq - lastCheckpointed.get() >= this.everyEntries && pending.compareAndSet(false, true)) {
        try {
          executor.execute(() -> {
            pending.set(false);
            checkpointNow();
          });
        } catch (RejectedExecutionException e) {
          pending.set(false); // closing: close() takes the last checkpoint
        }
      }
    };
    ledger.addAppendListener(onAppend);
  }

  /** Sequence of the newest checkpoint this schedule knows of (0 if none). */
  public long lastCheckpointedSequence() {
    return lastCheckpointed.get();
  }

  private void checkpointNow() {
    try {
      ledger.checkpoint(signer, clock.instant())
          .ifPresent(c -> lastCheckpointed.accumulateAndGet(c.sequence(), Math::max));
    } catch (RuntimeException e) {
      LOG.warn("audit checkpoint failed ({}); retrying at the next trigger",
          e.getClass().getSimpleName());
    }
  }

  /** Stops the thread and takes a last checkpoint of the head. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ledger.removeAppendListener(onAppend);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("audit checkpoint thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpointNow();
  }

  @Override
  public String toString() {
    return "CheckpointSchedule[every " + everyEntries + " entries, last=" + lastCheckpointed.get() + "]";
  }
}
