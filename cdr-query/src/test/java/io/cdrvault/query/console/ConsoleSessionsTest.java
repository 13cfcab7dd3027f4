package io.cdrvault.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Console sessions end after 15 minutes idle and 8 hours after sign-in, by the injected clock. */
class ConsoleSessionsTest {
  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private Instant now = Instant.parse("2026-12-04T09:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final ConsoleSessions sessions = new ConsoleSessions(clock);

  @Test
  void aSession_idleFor15Minutes_hasEnded() {
    ConsoleSession s = sessions.create("care-agent", "token-1").orElseThrow();
    clock.advance(Duration.ofMinutes(14).plusSeconds(59));
    assertThat(sessions.find(s.id())).as("used within 15 minutes").isPresent();
    clock.advance(Duration.ofMinutes(15)); // 15 minutes after that last use
    assertThat(sessions.find(s.id())).isEmpty();
    // and it stays ended, also once the clock no longer says so
    assertThat(sessions.size()).isZero();
  }

  @Test
  void aSessionInUse_endsEightHoursAfterSignIn() {
    ConsoleSession s = sessions.create("care-agent", "token-1").orElseThrow();
    for (int i = 0; i < 7 * 6 + 5; i++) { // a request every 10 minutes, up to 7h50m
      clock.advance(Duration.ofMinutes(10));
      assertThat(sessions.find(s.id())).as("after %d minutes", (i + 1) * 10).isPresent();
    }
    clock.advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(sessions.find(s.id())).as("7h59m59s after sign-in").isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sessions.find(s.id())).as("8h after sign-in, though used a second ago").isEmpty();
  }

  @Test
  void aSessionOnAProvidersAccessToken_endsWhenTheTokenExpires() {
    ConsoleSession s = sessions.create("oidc:alice", "eyJ.provider.token",
        clock.instant().plus(Duration.ofMinutes(5))).orElseThrow();
    clock.advance(Duration.ofMinutes(4));
    assertThat(sessions.find(s.id())).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(sessions.find(s.id())).as("token expired, though used a minute ago").isEmpty();
  }

  @Test
  void anEndedSession_dropsTheCustomerInFrontOfTheAgent_withIt() {
    ConsoleSession s = sessions.create("care-agent", "token-1").orElseThrow();
    s.care(CareCustomer.entered("cust-00042", "not-a-jws", clock.instant()));
    sessions.end(s.id());
    assertThat(sessions.find(s.id())).isEmpty();
    ConsoleSession next = sessions.create("care-agent", "token-1").orElseThrow();
    assertThat(next.care()).isNull();
  }

  @Test
  void unknownOrEmptyIds_findNothing() {
    sessions.create("care-agent", "token-1").orElseThrow();
    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.find("")).isEmpty();
    assertThat(sessions.find("forged")).isEmpty();
  }
}
