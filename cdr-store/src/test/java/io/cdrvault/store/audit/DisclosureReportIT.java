package io.cdrvault.store.audit;

import static io.cdrvault.store.testing.AuditEvents.T;
import static io.cdrvault.store.testing.AuditEvents.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.DisclosureReport.Disclosure;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.AuditEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-customer disclosure report over a real RocksDB ledger. */
class DisclosureReportIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String ME = "aa".repeat(16);
  private static final String OTHER = "bb".repeat(16);

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private Keyring keyring;

  @BeforeEach
  void keys() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private static AuditEvent completion(int s, AuditEntry decision, long count, List<String> subjects) {
    return AuditEvents.completion(s, decision, count, "complete", subjects);
  }

  @Test
  void report_listsEveryAllowedReadThatTouchedTheCustomer_withCountsAndGagFlags() {
    try (RocksCdrStore store = open()) {
      AuditLedger l = store.auditLedger();
      AuditEntry own = l.append(decision(1, "care", "CUSTOMER_ACCESS", ME, "customer", Outcome.ALLOWED, null));
      l.append(completion(2, own, 12, List.of()));
      l.append(decision(3, "intruder", "FRAUD", ME, "customer", Outcome.DENIED, "F-1"));
      AuditEntry other = l.append(decision(4, "care", "CUSTOMER_ACCESS", OTHER, "customer", Outcome.ALLOWED, null));
      l.append(completion(5, other, 3, List.of()));
      AuditEntry byNumber = l.append(decision(6, "analyst", "FRAUD", "cc".repeat(16), "number", Outcome.ALLOWED, "F-2"));
      l.append(completion(7, byNumber, 4, List.of(ME, OTHER)));
      AuditEntry byPrefix = l.append(decision(8, "analyst", "FRAUD", "+4470", "prefix", Outcome.ALLOWED, "F-3"));
      l.append(completion(9, byPrefix, 9, List.of(OTHER)));
      AuditEntry legal = l.append(decision(10, "lea-desk", "LEGAL_PROCESS", ME, "customer", Outcome.ALLOWED, "LR-7"));
      l.append(completion(11, legal, 30, List.of()));
      AuditEntry billing = l.append(decision(12, "billing-job", "BILLING", null, "all", Outcome.ALLOWED, null));
      l.append(completion(13, billing, 5000, List.of()));
      AuditEntry marketing = l.append(decision(14, "mkt", "MARKETING", null, "all", Outcome.ALLOWED, null));
      l.append(completion(15, marketing, 100, List.of(OTHER)));
      AuditEntry legacy = l.append(new Decision(T.plusSeconds(16), "care",
          "CUSTOMER_ACCESS", "usage", new AuditEvent.Scope(null, ME, null, null), List.of("start"),
          Outcome.ALLOWED, "purpose-allowed", null));

      Set<String> gagged = Set.of("LR-7");
      List<Disclosure> officer = DisclosureReport.of(l, ME, gagged::contains, true);
      List<Disclosure> customer = DisclosureReport.of(l, ME.toUpperCase(), gagged::contains, false);

      assertThat(officer).extracting(Disclosure::decisionSequence).containsExactly(
          own.sequence(), byNumber.sequence(), legal.sequence(), billing.sequence(), legacy.sequence());
      assertThat(officer.get(0).resultCount()).isEqualTo(12L);
      assertThat(officer.get(0).principal()).isEqualTo("care");
      assertThat(officer.get(1).scopeKind()).isEqualTo("number");
      assertThat(officer.get(1).caseRef()).isEqualTo("F-2");
      assertThat(officer.get(1).resultCount()).isEqualTo(4L);
      assertThat(officer.get(2).gagged()).isTrue();
      assertThat(officer.get(2).purpose()).isEqualTo("LEGAL_PROCESS");
      assertThat(officer.get(3).purpose()).isEqualTo("BILLING");
      assertThat(officer.get(4).resultCount()).isNull();
      assertThat(officer.get(4).scopeKind()).isNull();
      assertThat(officer).filteredOn(Disclosure::gagged).hasSize(1);
      // the customer's own view drops the gagged legal request and nothing else
      assertThat(customer).extracting(Disclosure::decisionSequence).containsExactly(
          own.sequence(), byNumber.sequence(), billing.sequence(), legacy.sequence());
    }
  }

  @Test
  void report_readsLedgersLongerThanOnePage() {
    try (RocksCdrStore store = open()) {
      AuditLedger l = store.auditLedger();
      for (int i = 0; i < 1500; i++) {
        l.append(decision(i, "care", "CUSTOMER_ACCESS", i % 2 == 0 ? ME : OTHER, "customer",
            Outcome.ALLOWED, null));
      }

      List<Disclosure> mine = DisclosureReport.of(l, ME, c -> false, false);

      assertThat(mine).hasSize(750);
      assertThat(mine.get(749).decisionSequence()).isEqualTo(1499);
    }
  }
}
