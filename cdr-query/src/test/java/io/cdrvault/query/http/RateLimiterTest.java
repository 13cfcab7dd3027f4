package io.cdrvault.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong nanos = new AtomicLong();
  private final RateLimiter limiter = new RateLimiter(2, 3, nanos::get);

  @Test
  void burstThenRefusal_thenRefillAtTheRate_perAddress() {
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    assertThat(limiter.tryAcquire("10.0.0.2")).as("another address has its own bucket").isTrue();

    nanos.addAndGet(500_000_000L); // half a second at 2/s: one token
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();

    nanos.addAndGet(60_000_000_000L); // a minute: back to the burst, not more
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    }
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
  }
}
