package io.cdrvault.ingest.pipeline;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.WriteResult;
import io.cdrvault.store.errors.RetriableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes sealed batches to the store on one thread of its own, one batch at a time, so the ingest
 * loop can poll and decode the next batch meanwhile. A retriable store failure is retried every
 * {@code retryBackoff} (counted in {@code cdr.ingest.retries}) until the write succeeds or the loop
 * {@linkplain #abandon() abandons} it; the loop sees {@link #retrying()} and pauses its partitions.
 *
 * <p>Thread-safety: every method except the write itself is for the ingest loop thread only. The
 * outcome (and the batch) is handed back through a future, so it is safe to read once taken.
 */
final class BatchWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  /**
   * How a write ended: {@code written} when it succeeded, {@code failure} when the store failed in
   * a way a retry does not help, neither when it was abandoned (nothing written).
   */
  record Outcome(PendingBatch batch, WriteResult written, int retries, RuntimeException failure) {
    boolean abandoned() {
      return written == null && failure == null;
    }
  }

  /** One batch's write; its fields are shared between the loop and the writer thread. */
  private static final class Job {
    final PendingBatch batch;
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    volatile boolean retrying;
    private boolean abandoned; // guarded by this

    Job(PendingBatch batch) {
      this.batch = batch;
    }

    synchronized void abandon() {
      abandoned = true;
      notifyAll();
    }

    /** Waits one backoff; false if abandoned meanwhile (or before). */
    synchronized boolean backoff(Duration d) throws InterruptedException {
      long until = System.nanoTime() + d.toNanos();
      long left;
      while (!abandoned && (left = until - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return !abandoned;
    }
  }

  private final CdrStore store;
  private final IngestMetrics metrics;
  private final Duration retryBackoff;
  private final ExecutorService thread;
  /** The write under way or finished but not yet taken; loop thread only. */
  private Job inFlight;

  BatchWriter(CdrStore store, IngestMetrics metrics, Duration retryBackoff, String topic) {
    this.store = store;
    this.metrics = metrics;
    this.retryBackoff = retryBackoff;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "cdrvault-store-writer-" + topic);
      t.setDaemon(true);
      return t;
    });
  }

  /** True while a write is under way or its outcome has not been taken. */
  boolean busy() {
    return inFlight != null;
  }

  /** True while the write under way has failed retriably at least once and is being retried. */
  boolean retrying() {
    return inFlight != null && inFlight.retrying;
  }

  /**
   * Starts writing {@code batch} (records and offsets in one store write). The loop hands the
   * batch over and must not touch it until the outcome is taken.
   *
   * @throws IllegalStateException when a write is already in flight
   */
  void submit(PendingBatch batch) {
    if (inFlight != null) {
      throw new IllegalStateException("a batch write is already in flight");
    }
    Job job = new Job(batch);
    inFlight = job;
    IngestBatch ingestBatch = batch.toIngestBatch();
    thread.execute(() -> job.done.complete(write(job, ingestBatch)));
  }

  private Outcome write(Job job, IngestBatch ingestBatch) {
    int attempt = 0;
    while (true) {
      try {
        return new Outcome(job.batch, store.write(ingestBatch), attempt, null);
      } catch (RetriableException e) {
        attempt++;
        metrics.retry(e.kind().code());
        if (attempt == 1 || attempt % 60 == 0) {
          LOG.warn("store write of {} records failed (retriable, {}, attempt {}); partitions paused: {}",
              job.batch.consumed, e.kind().code(), attempt, e.getMessage());
        }
        job.retrying = true;
        try {
          if (!job.backoff(retryBackoff)) {
            return new Outcome(job.batch, null, attempt, null);
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return new Outcome(job.batch, null, attempt, null);
        }
      } catch (RuntimeException e) {
        return new Outcome(job.batch, null, attempt, e);
      } catch (Error e) {
        job.done.completeExceptionally(e);
        throw e;
      }
    }
  }

  /**
   * Asks the write under way not to retry any more: the attempt under way still ends (and may
   * succeed); a retriable failure then ends the write as abandoned. No-op when idle.
   */
  void abandon() {
    if (inFlight != null) {
      inFlight.abandon();
    }
  }

  /** The outcome if the write has ended (and clears it), else null; never blocks. */
  Outcome takeIfDone() {
    return inFlight != null && inFlight.done.isDone() ? await(Duration.ZERO) : null;
  }

  /** Waits up to {@code max} for the write to end; its outcome (cleared) or null on timeout or when idle. */
  Outcome await(Duration max) {
    if (inFlight == null) {
      return null;
    }
    try {
      Outcome o = max.isZero() ? inFlight.done.getNow(null) : inFlight.done.get(max.toNanos(), TimeUnit.NANOSECONDS);
      if (o != null) {
        inFlight = null;
      }
      return o;
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      inFlight = null;
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("store writer failed", e.getCause());
    }
  }

  /** Abandons and waits for the write under way (up to {@code max}); its outcome or null. */
  Outcome drain(Duration max) {
    abandon();
    return await(max);
  }

  /** Abandons any write, waits for it (up to 60 s) and stops the thread. Idempotent. */
  @Override
  public void close() {
    if (inFlight != null && drain(Duration.ofSeconds(60)) == null && inFlight != null) {
      LOG.warn("store write still under way after 60 s at shutdown");
    }
    inFlight = null;
    thread.shutdownNow();
  }
}
