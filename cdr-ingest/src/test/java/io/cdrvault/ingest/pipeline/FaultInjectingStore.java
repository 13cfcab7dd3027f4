package io.cdrvault.ingest.pipeline;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.WriteResult;
import io.cdrvault.store.errors.RetriableException;
import io.cdrvault.store.testing.ForwardingCdrStore;
import java.util.HashMap;
import java.util.Map;

/**
 * A real {@link CdrStore} behind a thin delegating wrapper that injects faults into
 * {@link #write}: a number of {@link RetriableException}s thrown before the real write (nothing
 * written, as the contract says), and an optional delay (a slow disk). It also checks that the
 * offsets a pipeline writes never go backwards. Every other call goes straight to the real store.
 *
 * <p>Thread-safe; does not own the real store ({@link #close()} does nothing).
 */
final class FaultInjectingStore extends ForwardingCdrStore {
  private final Map<SourcePartition, Long> lastOffsets = new HashMap<>();
  private volatile long writeDelayMillis;
  private int failNext;
  private int failedAttempts;
  private boolean offsetsWentBackwards;

  FaultInjectingStore(CdrStore real) {
    super(real);
  }

  /** Makes every write take this much longer, so a test can stop a pipeline part-way. */
  void writeDelay(long millis) {
    writeDelayMillis = millis;
  }

  /** The next {@code n} writes throw {@link RetriableException} without writing. */
  synchronized void failNextWrites(int n) {
    failNext = n;
  }

  synchronized int failedAttempts() {
    return failedAttempts;
  }

  /** True if a batch ever carried an offset lower than one written before for its partition. */
  synchronized boolean offsetsWentBackwards() {
    return offsetsWentBackwards;
  }

  @Override
  public WriteResult write(IngestBatch batch) {
    long delay = writeDelayMillis;
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RetriableException("interrupted");
      }
    }
    synchronized (this) {
      if (failNext > 0) {
        failNext--;
        failedAttempts++;
        throw new RetriableException("injected retriable failure");
      }
      WriteResult result = real.write(batch);
      batch.nextOffsets().forEach((p, off) -> {
        Long prev = lastOffsets.put(p, off);
        if (prev != null && off < prev) {
          offsetsWentBackwards = true;
        }
      });
      return result;
    }
  }





  @Override
  public void close() {
    // the test owns the real store and closes it
  }
}
