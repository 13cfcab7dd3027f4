package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessRequest;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Decision;
import io.cdrvault.store.access.DisclosedCustomers;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completion entries in chunks: {@link PolicyEngine#complete} and {@link DisclosedCustomers}
 * account for every customer a read returned, at most {@link PolicyEngine#SUBJECTS_PER_ENTRY} per
 * entry, over the real ledger.
 */
class CompletionChunksIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-03-20T00:00:00Z");

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

  private static PolicyEngine engine(RocksCdrStore store, AuditLedger ledger) {
    return PolicyEngine.create(new Policy(Map.of("r", Set.of(Purpose.FRAUD))), ledger,
        store.customerTagger(), CLOCK, store.legalRegistry(), store.consentRegistry());
  }

  private static AccessGrant grant(PolicyEngine engine, AccessScope scope) {
    Decision d = engine.decide(new AccessRequest(new Principal("analyst", Set.of("r"), Optional.empty()),
        Purpose.FRAUD, scope, "records", Optional.of("F-1")));
    return ((Decision.Allowed) d).grant();
  }

  private static List<CustomerId> customers(int n) {
    List<CustomerId> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(CustomerId.of("C-" + i));
    }
    return out;
  }

  private static List<AuditEntry> completionsOf(AuditLedger l, long decision) {
    return l.read(1, Integer.MAX_VALUE).stream()
        .filter(e -> e.event() instanceof AuditEvent.Completion c && c.decisionSequence() == decision)
        .toList();
  }

  @Test
  void complete_withMoreCustomersThanOneEntryHolds_writesChunksThenTheCount() {
    try (RocksCdrStore store = open()) {
      PolicyEngine engine = engine(store, store.auditLedger());
      AccessGrant g = grant(engine, AccessScope.prefix("+44", FROM, TO));
      List<CustomerId> all = customers(2_500);

      engine.complete(g, 7_000, all, true);

      List<AuditEntry> entries = completionsOf(store.auditLedger(), g.auditSequence());
      assertThat(entries).extracting(e -> e.event(AuditEvent.Completion.class).subjects().size())
          .containsExactly(1000, 1000, 500);
      assertThat(entries).extracting(e -> e.event().rule())
          .containsExactly(Rules.IN_PROGRESS, Rules.IN_PROGRESS, Rules.COMPLETE);
      assertThat(entries).extracting(e -> e.event(AuditEvent.Completion.class).resultCount())
          .containsExactly(null, null, 7_000L);
      Set<String> listed = new HashSet<>();
      entries.forEach(e -> listed.addAll(e.event(AuditEvent.Completion.class).subjects()));
      assertThat(listed).hasSize(2_500);
      for (CustomerId c : all) {
        assertThat(DisclosureReport.of(store.auditLedger(), store.customerTagger().tagHex(c),
            x -> false, true)).singleElement().satisfies(d -> {
              assertThat(d.decisionSequence()).isEqualTo(g.auditSequence());
              assertThat(d.resultCount()).isEqualTo(7_000L);
            });
      }
      assertThat(store.auditLedger().verify().ok()).isTrue();
    }
  }

  @Test
  void disclosedCustomers_writesAChunkEveryThousandCustomers_andKeepsOnlyTheRest() {
    try (RocksCdrStore store = open()) {
      PolicyEngine engine = engine(store, store.auditLedger());
      AccessGrant g = grant(engine, AccessScope.prefix("+44", FROM, TO));
      DisclosedCustomers d = engine.disclosedCustomers(g);

      for (CustomerId c : customers(2_300)) {
        d.add(c);
        d.add(c); // a second record of the same customer
      }

      assertThat(d.chunksWritten()).isEqualTo(2);
      assertThat(d.pending()).hasSize(300);
      assertThat(completionsOf(store.auditLedger(), g.auditSequence())).hasSize(2);
      engine.complete(g, 4_600, d.pending(), true);
      assertThat(completionsOf(store.auditLedger(), g.auditSequence()))
          .extracting(e -> e.event(AuditEvent.Completion.class).subjects().size())
          .containsExactly(1000, 1000, 300);
    }
  }

  @Test
  void disclosedCustomers_forOneCustomer_collectsNothing() {
    try (RocksCdrStore store = open()) {
      PolicyEngine engine = engine(store, store.auditLedger());
      AccessGrant g = grant(engine, AccessScope.customer(CustomerId.of("C-1"), FROM, TO));
      DisclosedCustomers d = engine.disclosedCustomers(g);
      for (int i = 0; i < 1_500; i++) {
        d.add(CustomerId.of("C-1"));
      }
      assertThat(d.pending()).isEmpty();
      assertThat(d.chunksWritten()).isZero();
    }
  }

  @Test
  void aChunkThatCannotBeWritten_stopsTheRead_andItsCustomersStayPending() {
    try (RocksCdrStore store = open()) {
      AuditLedger real = store.auditLedger();
      boolean[] failing = {false};
      AuditLedger flaky = new AuditLedger() {
        @Override
        public AuditEntry append(AuditEvent event) {
          if (failing[0]) {
            throw new AuditUnavailableException("disk full", null);
          }
          return real.append(event);
        }

        @Override
        public VerificationResult verify() {
          return real.verify();
        }

        @Override
        public List<AuditEntry> read(long fromSequence, int limit) {
          return real.read(fromSequence, limit);
        }

        @Override
        public long lastSequence() {
          return real.lastSequence();
        }
      };
      PolicyEngine engine = engine(store, flaky);
      AccessGrant g = grant(engine, AccessScope.prefix("+44", FROM, TO));
      DisclosedCustomers d = engine.disclosedCustomers(g);
      List<CustomerId> all = customers(1_000);
      for (CustomerId c : all.subList(0, 999)) {
        d.add(c);
      }
      failing[0] = true;

      assertThatThrownBy(() -> d.add(all.get(999))).isInstanceOf(AuditUnavailableException.class);

      assertThat(d.pending()).hasSize(1_000);
      failing[0] = false;
      engine.complete(g, 1_000, d.pending(), false);
      assertThat(completionsOf(real, g.auditSequence())).singleElement()
          .satisfies(e -> assertThat(e.event(AuditEvent.Completion.class).subjects())
              .hasSize(1_000));
    }
  }
}
