package io.cdrvault.ingest.deadletter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts dead letters by reason and by source ({@code cdr.source} header, or {@code -}) and logs
 * one summary line at most once per interval, and only when there were any since the last line:
 * {@code dead letters in the last 60 s: 68701 (unattributed=68690, malformed=11); by source:
 * sw-east=68701; topic cdr.dead}. Reasons are a fixed set and sources are switch names, so the line
 * carries counts and no values from the records.
 *
 * <p>Thread-safe (the ingest loop counts, a timer logs); {@link #maybeLog()} may be called as often
 * as convenient. Arguments are non-null.
 */
public final class DeadLetterSummary {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSummary.class);
  /** Sources beyond this many per interval are counted as {@code other}, bounding the line. */
  static final int MAX_SOURCES = 20;

  private final String topic;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Long> byReason = new TreeMap<>();
  private final Map<String, Long> bySource = new TreeMap<>();
  private long total;
  private Instant since;

  public DeadLetterSummary(String topic, Duration interval, Clock clock) {
    this.topic = topic;
    this.interval = interval;
    this.clock = clock;
    this.since = clock.instant();
  }

  /** Counts one dead letter. */
  public synchronized void count(String reason, String source) {
    String s = source == null || source.isEmpty() ? "-" : printable(source);
    if (!bySource.containsKey(s) && bySource.size() >= MAX_SOURCES) {
      s = "other";
    }
    byReason.merge(reason, 1L, Long::sum);
    bySource.merge(s, 1L, Long::sum);
    total++;
  }

  /**
   * Logs and resets the counts when the interval has passed and there were dead letters; returns
   * the line logged, or null.
   */
  public String maybeLog() {
    return log(false);
  }

  /** Logs what was counted since the last line now, if anything (e.g. on close); returns it or null. */
  public String logNow() {
    return log(true);
  }

  private synchronized String log(boolean now0) {
    Instant now = clock.instant();
    if (!now0 && Duration.between(since, now).compareTo(interval) < 0) {
      return null;
    }
    String line = null;
    if (total > 0) {
      line = "dead letters in the last " + Duration.between(since, now).toSeconds() + " s: " + total
          + " (" + join(byReason) + "); by source: " + join(bySource) + "; topic " + topic;
      LOG.warn(line);
    }
    byReason.clear();
    bySource.clear();
    total = 0;
    since = now;
    return line;
  }

  /** A header value fit for a log line: letters, digits, {@code .-_:} only, at most 64 characters. */
  static String printable(String v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length() && b.length() < 64; i++) {
      char c = v.charAt(i);
      b.append(c < 128 && (Character.isLetterOrDigit(c) || ".-_:".indexOf(c) >= 0) ? c : '?');
    }
    return b.toString();
  }

  private static String join(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }
}
