package io.cdrvault.query.http;

import io.cdrvault.store.access.PolicyEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refusals of unauthenticated callers (401 {@code unauthenticated}, 429
 * {@code rate-limited}) and writes them as one DENIED audit entry per (operation, rule) per
 * interval, carrying how many were refused ({@link PolicyEngine#recordAnonymousDenials}), so an
 * anonymous flood costs one synced append per interval instead of one per request, and the
 * record that it happened is kept. {@link #close()} writes what is still counted. A count that
 * cannot be written stays counted and is retried at the next flush. Authenticated refusals are
 * not counted here: each gets its own entry.
 *
 * <p>Thread-safe. Logs operations, rules and counts only.
 */
final class DenialAggregator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DenialAggregator.class);

  private record Key(String operation, String rule) {}

  private final PolicyEngine policy;
  private final Clock clock;
  private final ConcurrentHashMap<Key, AtomicLong> counts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Instant intervalStart;

  DenialAggregator(PolicyEngine policy, Duration interval) {
    this.policy = policy;
    this.clock = policy.clock();
    this.intervalStart = clock.instant();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cdrvault-denial-audit");
      t.setDaemon(true);
      return t;
    });
    long ms = interval.toMillis();
    timer.scheduleAtFixedRate(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Counts one refusal of an unauthenticated request. */
  void count(String operation, String rule) {
    counts.computeIfAbsent(new Key(operation, rule), k -> new AtomicLong()).incrementAndGet();
  }

  /** Writes one entry per counted (operation, rule) and resets the counts; returns entries written. */
  synchronized int flush() {
    Instant from = intervalStart;
    Instant to = clock.instant();
    if (to.isBefore(from)) {
      to = from;
    }
    intervalStart = to;
    int written = 0;
    for (Map.Entry<Key, AtomicLong> e : counts.entrySet()) {
      long n = e.getValue().getAndSet(0);
      if (n == 0) {
        continue;
      }
      try {
        policy.recordAnonymousDenials(e.getKey().operation(), e.getKey().rule(), n, from, to);
        written++;
      } catch (RuntimeException ex) {
        e.getValue().addAndGet(n);
        log.error("{} anonymous refusals of {} ({}) could not be audited yet ({}); kept for the next"
            + " flush", n, e.getKey().operation(), e.getKey().rule(), ex.getClass().getSimpleName());
      }
    }
    return written;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.error("anonymous refusal flush failed ({})", e.getClass().getSimpleName());
    }
  }

  /** Stops the timer and writes what is still counted; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      flushQuietly();
    }
  }
}
