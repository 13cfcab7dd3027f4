package io.cdrvault.query.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.VerificationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The newest-first walk of the ledger: windows found by time, paging by sequence, the bound of
 * entries read, a pruned head, and entries slightly out of time order (concurrent appends).
 */
class LedgerScanTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A ledger in memory: entry n at T0 + n seconds (unless told otherwise), from {@code first}. */
  private static final class ListLedger implements AuditLedger {
    final List<AuditEntry> entries = new ArrayList<>();
    final AtomicLong reads = new AtomicLong();

    ListLedger(long first, long last) {
      for (long n = first; n <= last; n++) {
        add(n, T0.plusSeconds(n), n % 3 == 0 ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.ALLOWED);
      }
    }

    void add(long seq, Instant time, AuditEvent.Outcome outcome) {
      entries.add(new AuditEntry(seq, new AuditEvent.Decision(time, "p" + (seq % 2), null, "usage",
          AuditEvent.Scope.NONE, List.of(), outcome, "r", null), "0".repeat(64), "1".repeat(64)));
    }

    @Override
    public AuditEntry append(AuditEvent event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public VerificationResult verify() {
      return VerificationResult.intact(entries.size());
    }

    @Override
    public List<AuditEntry> read(long fromSequence, int limit) {
      reads.addAndGet(1);
      return entries.stream().filter(e -> e.sequence() >= fromSequence).limit(limit).toList();
    }

    @Override
    public long lastSequence() {
      return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
    }
  }

  private static List<Long> walk(LedgerScan scan, long before, Instant from, Instant to, long max,
      int want, LedgerScan.Result[] result) {
    List<Long> seen = new ArrayList<>();
    result[0] = scan.walk(before, from, to, max, e -> {
      seen.add(e.sequence());
      return seen.size() < want;
    });
    return seen;
  }

  @Test
  void walksNewestFirst_belowBefore_untilTheVisitorHasEnough() {
    LedgerScan.Result[] r = new LedgerScan.Result[1];
    List<Long> seen = walk(new LedgerScan(new ListLedger(1, 2000)), 1500, null, null, 10_000, 3, r);
    assertThat(seen).containsExactly(1499L, 1498L, 1497L);
    assertThat(r[0].end()).isEqualTo(LedgerScan.End.STOPPED);
  }

  @Test
  void aWindow_isFoundByTime_withoutReadingTheEntriesAfterIt() {
    ListLedger ledger = new ListLedger(1, 100_000);
    LedgerScan.Result[] r = new LedgerScan.Result[1];
    List<Long> seen = walk(new LedgerScan(ledger), 0, T0.plusSeconds(500), T0.plusSeconds(510),
        1_000_000, Integer.MAX_VALUE, r);
    assertThat(seen).containsExactly(509L, 508L, 507L, 506L, 505L, 504L, 503L, 502L, 501L, 500L);
    assertThat(r[0].end()).isEqualTo(LedgerScan.End.EXHAUSTED);
    // a binary search and the entries within the slack of the window, not the ledger's 100,000
    assertThat(r[0].read()).isLessThan(2 * LedgerScan.SLACK.toSeconds() + 20);
    assertThat(ledger.reads.get()).isLessThan(40);
  }

  @Test
  void theBound_stopsTheWalk_andSaysWhereToGoOn() {
    LedgerScan.Result[] r = new LedgerScan.Result[1];
    List<Long> none = new ArrayList<>();
    r[0] = new LedgerScan(new ListLedger(1, 5000)).walk(0, null, null, 1000, e -> {
      if (e.event().principal().equals("nobody")) {
        none.add(e.sequence());
      }
      return true;
    });
    assertThat(none).isEmpty();
    assertThat(r[0].end()).isEqualTo(LedgerScan.End.BOUND);
    assertThat(r[0].read()).isEqualTo(1000);
    assertThat(r[0].lowest()).isEqualTo(4001);
  }

  @Test
  void aPrunedLedger_startsAtItsFirstEntry() {
    LedgerScan.Result[] r = new LedgerScan.Result[1];
    List<Long> seen = walk(new LedgerScan(new ListLedger(700, 710)), 0, null, null, 10_000,
        Integer.MAX_VALUE, r);
    assertThat(seen).hasSize(11).first().isEqualTo(710L);
    assertThat(seen).last().isEqualTo(700L);
    assertThat(r[0].end()).isEqualTo(LedgerScan.End.EXHAUSTED);
    assertThat(walk(new LedgerScan(new ListLedger(1, 0)), 0, null, null, 10, 10, r)).isEmpty();
  }

  @Test
  void entriesSlightlyOutOfTimeOrder_areStillFound() {
    ListLedger ledger = new ListLedger(1, 1000);
    // entry 1001 was timed before entries 995..1000 (its append waited for theirs)
    ledger.add(1001, T0.plusSeconds(994), AuditEvent.Outcome.DENIED);
    ledger.add(1002, T0.plusSeconds(2000), AuditEvent.Outcome.DENIED);
    LedgerScan.Result[] r = new LedgerScan.Result[1];
    List<Long> seen = walk(new LedgerScan(ledger), 0, T0.plusSeconds(994), T0.plusSeconds(995),
        10_000, Integer.MAX_VALUE, r);
    assertThat(seen).containsExactly(1001L, 994L);
  }

  @Test
  void search_pagesByTheLastEntryAnswered_andReportsAnIncompleteSearch() {
    ObjectMapper json = new ObjectMapper();
    AuditSearch search = new AuditSearch(new ListLedger(1, 200_000), json);
    AuditQuery denied = AuditQuery.parse(n -> switch (n) {
      case "outcome" -> "DENIED";
      case "limit" -> "4";
      default -> null;
    }).query();
    ObjectNode page = search.search(denied);
    List<Long> seqs = new ArrayList<>();
    page.path("entries").forEach(e -> seqs.add(e.path("seq").asLong()));
    assertThat(seqs).containsExactly(199_998L, 199_995L, 199_992L, 199_989L);
    assertThat(page.path("next").asLong()).isEqualTo(199_989L);
    assertThat(page.path("complete").asBoolean()).isTrue();

    AuditQuery nobody = AuditQuery.parse(n -> n.equals("principal") ? "nobody" : null).query();
    ObjectNode empty = search.search(nobody);
    assertThat(empty.path("entries")).isEmpty();
    assertThat(empty.path("complete").asBoolean()).isFalse();
    assertThat(empty.path("read").asLong()).isEqualTo(AuditSearch.MAX_READ);
    assertThat(empty.path("next").asLong()).isEqualTo(200_000 - AuditSearch.MAX_READ + 1);
  }

  @Test
  void aQuery_refusesACustomerIdOrNumberAsSubject_withoutRepeatingIt() {
    for (String notAPseudonym : List.of("C-1001", "+15555550100", "alice@example.com")) {
      AuditQuery.Parsed p = AuditQuery.parse(n -> n.equals("subject") ? notAPseudonym : null);
      assertThat(p.query()).isNull();
      assertThat(p.problem()).contains("pseudonym").doesNotContain(notAPseudonym);
    }
    assertThat(AuditQuery.parse(n -> n.equals("subject") ? "a".repeat(32) : null).query())
        .isNotNull();
    assertThat(AuditQuery.parse(n -> n.equals("subject") ? "+155~" + "b".repeat(32) : null).query())
        .isNotNull();
  }
}
