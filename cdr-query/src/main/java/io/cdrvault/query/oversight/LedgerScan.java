package io.cdrvault.query.oversight;

import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Walks the audit ledger newest first, in pages, through what the store exposes
 * ({@link AuditLedger#read}), over a time window and up to a bound of entries read — the ledger
 * can hold millions of entries, so no request reads more than {@code maxEntries}.
 *
 * <p>Entries are appended in time order, up to the small reordering of concurrent appends (an
 * entry's time is taken just before it is appended): the end of the window is found by a binary
 * search on entry times, and the walk stops at the first entry older than the window's start,
 * both with {@link #SLACK} to spare; entries are matched against the window exactly.
 *
 * <p>Thread-safe (each call reads on its own).
 */
final class LedgerScan {
  /** Entries read per page. */
  static final int PAGE = 512;
  /** How far out of time order an entry may be and still be found. */
  static final Duration SLACK = Duration.ofMinutes(1);

  /** Why a walk ended. */
  enum End {
    /** No more entries in the window (or the ledger's first entry was reached). */
    EXHAUSTED,
    /** The visitor had enough. */
    STOPPED,
    /** {@code maxEntries} were read; more may match before the last one read. */
    BOUND
  }

  /**
   * How a walk went.
   *
   * @param read entries read
   * @param lowest the lowest sequence read (0 when none)
   */
  record Result(long read, long lowest, End end) {}

  private final AuditLedger ledger;

  LedgerScan(AuditLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  /**
   * Visits, newest first, the entries with a sequence below {@code before} (0: all) whose time
   * lies in {@code [from, to)} (null: open), until {@code visitor} returns false, the window or
   * the ledger ends, or {@code maxEntries} entries were read.
   */
  Result walk(long before, Instant from, Instant to, long maxEntries, Predicate<AuditEntry> visitor) {
    long last = ledger.lastSequence();
    long hi = before > 0 ? Math.min(before - 1, last) : last;
    List<AuditEntry> head = ledger.read(1, 1);
    if (hi < 1 || head.isEmpty()) {
      return new Result(0, 0, End.EXHAUSTED);
    }
    long first = head.get(0).sequence();
    if (to != null) {
      hi = lastBefore(first, hi, to.plus(SLACK));
    }
    Instant stopBefore = from == null ? null : from.minus(SLACK);
    long read = 0;
    long lowest = 0;
    while (hi >= first) {
      long lo = Math.max(first, hi - PAGE + 1);
      List<AuditEntry> page = ledger.read(lo, (int) (hi - lo + 1));
      for (int i = page.size() - 1; i >= 0; i--) {
        AuditEntry e = page.get(i);
        if (e.sequence() > hi) {
          continue;
        }
        if (read == maxEntries) {
          return new Result(read, lowest, End.BOUND);
        }
        read++;
        lowest = e.sequence();
        Instant t = e.event().time();
        if (stopBefore != null && t.isBefore(stopBefore)) {
          return new Result(read, lowest, End.EXHAUSTED);
        }
        boolean inWindow = (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
        if (inWindow && !visitor.test(e)) {
          return new Result(read, lowest, End.STOPPED);
        }
      }
      hi = lo - 1;
    }
    return new Result(read, lowest, End.EXHAUSTED);
  }

  /** The highest sequence in {@code [first, hi]} whose entry is older than {@code limit}, or first - 1. */
  private long lastBefore(long first, long hi, Instant limit) {
    if (timeAt(hi).isBefore(limit)) {
      return hi;
    }
    long lo = first;
    long high = hi;
    long found = first - 1;
    while (lo <= high) {
      long mid = lo + (high - lo) / 2;
      if (timeAt(mid).isBefore(limit)) {
        found = mid;
        lo = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  private Instant timeAt(long seq) {
    List<AuditEntry> e = ledger.read(seq, 1);
    return e.isEmpty() ? Instant.MAX : e.get(0).event().time();
  }
}
