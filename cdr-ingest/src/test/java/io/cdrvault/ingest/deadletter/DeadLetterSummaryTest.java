package io.cdrvault.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeadLetterSummaryTest {
  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-03-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void logsCountsPerReasonAndSource_oncePerInterval_andOnlyWhenThereWereAny() {
    MovingClock clock = new MovingClock();
    DeadLetterSummary s = new DeadLetterSummary("cdr.raw.dlq", Duration.ofMinutes(1), clock);
    s.count("unattributed", "sw-east");
    s.count("unattributed", "sw-east");
    s.count("malformed", null);
    s.count("unattributed", "sw\nwest");
    assertThat(s.maybeLog()).as("before the interval").isNull();
    clock.now = clock.now.plusSeconds(61);
    String line = s.maybeLog();
    assertThat(line).isEqualTo("dead letters in the last 61 s: 4 (malformed=1, unattributed=3); by source: "
        + "-=1, sw-east=2, sw?west=1; topic cdr.raw.dlq");
    clock.now = clock.now.plusSeconds(61);
    assertThat(s.maybeLog()).as("nothing since the last line").isNull();
    s.count("malformed", "sw-east");
    assertThat(s.logNow()).as("on close, before the interval").startsWith("dead letters in the last 0 s: 1 (malformed=1)");
    assertThat(s.logNow()).isNull();
  }
}
