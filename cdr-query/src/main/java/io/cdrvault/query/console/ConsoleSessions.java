package io.cdrvault.query.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's server-side sessions, in memory: a random 256-bit id (the cookie's value) maps to
 * a {@link ConsoleSession}. A session ends at sign-out, after {@link #IDLE} without a request, or
 * {@link #ABSOLUTE} after sign-in, whichever comes first; a node restart ends them all. At most
 * {@link #MAX_SESSIONS} live at once (expired ones are dropped first; then sign-in is refused).
 *
 * <p>Thread-safe. Never logs an id or token.
 */
final class ConsoleSessions {
  static final Duration IDLE = Duration.ofMinutes(15);
  static final Duration ABSOLUTE = Duration.ofHours(8);
  static final int MAX_SESSIONS = 10_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  ConsoleSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session for {@code principal}; empty when {@link #MAX_SESSIONS} are live. */
  Optional<ConsoleSession> create(String principal, String token) {
    return create(principal, token, null);
  }

  /**
   * A new session for {@code principal} whose token expires at {@code tokenExpiresAt} (null:
   * never), which also ends the session; empty when {@link #MAX_SESSIONS} are live.
   */
  Optional<ConsoleSession> create(String principal, String token, Instant tokenExpiresAt) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> expired(s, now));
      if (sessions.size() >= MAX_SESSIONS) {
        return Optional.empty();
      }
    }
    ConsoleSession s = new ConsoleSession(randomId(), principal, token, randomId(), now,
        tokenExpiresAt);
    sessions.put(s.id(), s);
    return Optional.of(s);
  }

  /** The live session with this id (its last use set to now); an expired one is ended. */
  Optional<ConsoleSession> find(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    ConsoleSession s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(s, now)) {
      sessions.remove(id, s);
      return Optional.empty();
    }
    s.touch(now);
    return Optional.of(s);
  }

  /** Ends the session; nothing if it is not live. */
  void end(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Live sessions (expired ones not yet dropped included). */
  int size() {
    return sessions.size();
  }

  static boolean expired(ConsoleSession s, Instant now) {
    return !now.isBefore(s.lastSeen().plus(IDLE)) || !now.isBefore(s.createdAt().plus(ABSOLUTE))
        || (s.tokenExpiresAt() != null && !now.isBefore(s.tokenExpiresAt()));
  }

  private String randomId() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }
}
