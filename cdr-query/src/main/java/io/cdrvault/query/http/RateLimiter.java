package io.cdrvault.query.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address: each address may make {@code burst} requests at once and
 * {@code perSecond} sustained. Charged by requests that do not authenticate (it costs one map
 * lookup), so an anonymous flood is refused with 429 and only counted, never written one by one. The table
 * is bounded: when it holds {@link #MAX_ADDRESSES} addresses, those whose bucket has refilled are
 * dropped (they are indistinguishable from new ones).
 *
 * <p>Thread-safe. Addresses are kept in memory only, never logged.
 */
final class RateLimiter {
  static final int MAX_ADDRESSES = 100_000;
  private static final long NANOS = 1_000_000_000L;

  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
    this.perNano = perSecond / (double) NANOS;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** Takes one token for {@code address}; false when its bucket is empty (refuse with 429). */
  boolean tryAcquire(String address) {
    long now = nanoTime.getAsLong();
    if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
      buckets.values().removeIf(b -> b.full(now));
    }
    return buckets.computeIfAbsent(address, a -> new Bucket(now)).take(now);
  }

  private final class Bucket {
    private double tokens = burst;
    private long last;

    Bucket(long now) {
      this.last = now;
    }

    synchronized boolean take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
    }
  }
}
