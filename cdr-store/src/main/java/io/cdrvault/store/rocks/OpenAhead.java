package io.cdrvault.store.rocks;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * A cursor's sealed records opened (into {@code T}, e.g. {@code CustomerCdr}) (AES-GCM, decode) in chunks ahead of the reader, in order. The
 * first {@value #INLINE_RECORDS} records of a read are opened on the reader's own thread, so a short
 * read (a customer's ordinary month) pays no hand-off; after that, chunks of {@value #CHUNK}
 * records go to the store's open pool, at most {@value #IN_FLIGHT} at a time, while the reader
 * scans RocksDB for the next chunk. A long read (a heavy customer's month, a billing page) then
 * uses the machine's cores for the decryption that dominates it (BENCHMARKS.md §8).
 *
 * <p>A record that fails to open (altered, moved, wrong key) fails the read when the reader
 * reaches it, after every record before it, exactly as opening in line does.
 *
 * <p>Not thread-safe: one per cursor, used by its reader.
 */
final class OpenAhead<T> {
  /** Records opened on the reader's thread before chunks go to the pool. */
  static final int INLINE_RECORDS = 512;
  /** Records per chunk: raw entries read, and records opened per task. */
  static final int CHUNK = 256;
  /** Chunks being opened at once. */
  static final int IN_FLIGHT = 3;

  private final Executor pool;
  private final ArrayDeque<CompletableFuture<Object[]>> inFlight = new ArrayDeque<>();
  private Object[] ready;
  private int readyPos;
  private long submitted;

  /** A store's open pool: one daemon thread per processor, idle threads ended after a minute. */
  static java.util.concurrent.ExecutorService newPool() {
    int n = Runtime.getRuntime().availableProcessors();
    java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ThreadPoolExecutor p = new java.util.concurrent.ThreadPoolExecutor(n, n,
        1, java.util.concurrent.TimeUnit.MINUTES, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "cdrvault-open-" + seq.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  OpenAhead(Executor pool) {
    this.pool = pool;
  }

  /** How many raw entries the next chunk should hold. */
  int chunkSize() {
    return submitted < INLINE_RECORDS ? 64 : CHUNK;
  }

  /** Whether the reader should read and submit another chunk before taking results. */
  boolean wantsMore() {
    return submitted < INLINE_RECORDS ? inFlight.isEmpty() : inFlight.size() < IN_FLIGHT;
  }

  /**
   * Opens entries {@code 0..n-1} of a chunk with {@code open} (which must touch no RocksDB handle:
   * it may run after the reader has left the store's lock), inline while the read is short, else on
   * the pool.
   */
  void submit(int n, IntFunction<T> open) {
    boolean inline = submitted < INLINE_RECORDS;
    submitted += n;
    if (inline) {
      inFlight.add(CompletableFuture.completedFuture(openAll(n, open)));
    } else {
      inFlight.add(CompletableFuture.supplyAsync(() -> openAll(n, open), pool));
    }
  }

  /** The next opened record already at hand, or null (then {@link #takeOldest}). */
  @SuppressWarnings("unchecked")
  T poll() {
    if (ready == null || readyPos == ready.length) {
      return null;
    }
    Object o = ready[readyPos];
    ready[readyPos++] = null;
    if (o instanceof RuntimeException e) {
      throw e;
    }
    return (T) o;
  }

  /** Waits for the oldest chunk and makes its records the ones at hand; false if none is open. */
  boolean takeOldest() {
    CompletableFuture<Object[]> f = inFlight.poll();
    if (f == null) {
      return false;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          ready = f.get();
          readyPos = 0;
          return true;
        } catch (InterruptedException e) {
          interrupted = true; // finish the chunk: its records are the reader's
        } catch (ExecutionException | CancellationException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          throw cause instanceof RuntimeException r ? r
              : new IllegalStateException("opening records failed", cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Drops what is in flight and at hand (the cursor is closing). */
  void clear() {
    inFlight.forEach(f -> f.cancel(false));
    inFlight.clear();
    ready = null;
  }

  private static <T> Object[] openAll(int n, IntFunction<T> open) {
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      try {
        out[i] = open.apply(i);
      } catch (RuntimeException e) {
        out[i] = e;
        return java.util.Arrays.copyOf(out, i + 1); // nothing after a failed record is returned
      }
    }
    return out;
  }
}
