package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads by number (blind index), destination prefix, all customers (with resume) and legal-request
 * scope against a real store, compared with what was written.
 */
class IndexedScopesIT {
  private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant MAR = Instant.parse("2025-03-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-15T00:00:00Z"), ZoneOffset.UTC);
  private static final PhoneNumber NA = PhoneNumber.e164("2025550100", "+12025550100");
  private static final PhoneNumber NB = PhoneNumber.e164("2025550199", "+12025550199");
  private static final PhoneNumber UK = PhoneNumber.e164("442079460000", "+442079460000");
  private static final PhoneNumber SAT = PhoneNumber.e164("88163000001", "+88163000001");

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private final SampleCdrs samples = SampleCdrs.seeded(7);
  private final CustomerId alice = CustomerId.of("C-ALICE");
  private final CustomerId bob = CustomerId.of("C-BOB");
  private final List<CustomerCdr> written = new ArrayList<>();
  private RocksCdrStore store;
  private Keyring keyring;

  @BeforeEach
  void fill() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
    List<CustomerId> others = samples.customers(12);
    Instant t = JAN.plusSeconds(3600);
    for (int i = 0; i < 240; i++, t = t.plusSeconds(21_600)) {
      Cdr base = samples.voice(t);
      switch (i % 6) {
        case 0 -> { // on-net alice -> bob: stored for both
          Cdr c = base.toBuilder().calling(NA).called(NB).build();
          written.add(new CustomerCdr(alice, Direction.ORIGINATING, c));
          written.add(new CustomerCdr(bob, Direction.TERMINATING, c));
        }
        case 1 -> written.add(new CustomerCdr(alice, Direction.ORIGINATING,
            base.toBuilder().calling(NA).called(i % 12 == 1 ? UK : SAT).build()));
        case 2 -> written.add(new CustomerCdr(bob, Direction.TERMINATING,
            base.toBuilder().calling(UK).called(NB).build()));
        default -> written.add(new CustomerCdr(others.get(i % others.size()), Direction.ORIGINATING, base));
      }
    }
    store.write(new IngestBatch(written, Map.of()));
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    store.close();
  }

  private static List<CustomerCdr> read(CdrStore store, AccessGrant grant) {
    List<CustomerCdr> out = new ArrayList<>();
    try (CdrStore.RecordCursor c = store.records(grant)) {
      c.forEachRemaining(r -> out.add(GrantedRecords.unprojected(r)));
    }
    return out;
  }

  private List<String> expectedIds(Predicate<CustomerCdr> p, Instant from, Instant to) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    written.stream().filter(r -> !r.cdr().start().isBefore(from) && r.cdr().start().isBefore(to))
        .filter(p).sorted(Comparator.comparing(r -> r.cdr().start()))
        .forEach(r -> ids.add(r.cdr().id().hex()));
    return List.copyOf(ids);
  }

  private static List<String> ids(List<CustomerCdr> rs) {
    return rs.stream().map(r -> r.cdr().id().hex()).toList();
  }

  private AccessGrant fraud(AccessScope scope) {
    return Grants.grant(store, Purpose.FRAUD, scope, Operations.RECORDS, Optional.of("CASE-1"), CLOCK);
  }

  @Test
  void numberScope_returnsEveryRecordWithTheNumberAsEitherParty_onceEach_inTimeOrder() {
    Instant from = Instant.parse("2025-01-10T00:00:00Z");
    Instant to = Instant.parse("2025-02-05T00:00:00Z");
    List<CustomerCdr> got = read(store, fraud(AccessScope.number(NB.e164(), from, to)));

    List<String> expected = expectedIds(r -> NB.e164().equals(r.cdr().calling().e164())
        || NB.e164().equals(r.cdr().called().e164()), from, to);
    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(ids(got)).containsExactlyElementsOf(expected);
    assertThat(got).isSortedAccordingTo(Comparator.comparing(r -> r.cdr().start()));
  }

  @Test
  void prefixScope_shortAndIndexedLength_returnExactlyTheDestinationsWithThePrefix() {
    for (String prefix : List.of("+4", "+44", "+442", "+8816", "+88163000001")) {
      List<CustomerCdr> got = read(store, fraud(AccessScope.prefix(prefix, JAN, Instant.parse("2025-01-31T00:00:00Z"))));
      List<String> expected = expectedIds(r -> r.cdr().called().e164() != null
          && r.cdr().called().e164().startsWith(prefix), JAN, Instant.parse("2025-01-31T00:00:00Z"));
      assertThat(expected).as(prefix).isNotEmpty();
      assertThat(ids(got)).as(prefix).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void allCustomers_isGroupedByCustomer_andResumesAfterACustomer() {
    AccessGrant grant = Grants.grant(store, Purpose.BILLING, AccessScope.allCustomers(JAN, MAR),
        Operations.BILLING_RUN, Optional.empty(), CLOCK);
    List<CustomerCdr> got = read(store, grant);
    List<CustomerCdr> inWindow = written.stream().filter(r -> r.cdr().start().isBefore(MAR)).toList();
    assertThat(inWindow).hasSizeLessThan(written.size());
    assertThat(got).containsExactlyInAnyOrderElementsOf(inWindow);
    List<CustomerId> order = new ArrayList<>();
    for (CustomerCdr r : got) {
      if (order.isEmpty() || !order.get(order.size() - 1).equals(r.customer())) {
        assertThat(order).as("each customer's records are contiguous").doesNotContain(r.customer());
        order.add(r.customer());
      }
    }
    for (CustomerId c : order) {
      assertThat(got.stream().filter(r -> r.customer().equals(c)).toList())
          .isSortedAccordingTo(Comparator.comparing(r -> r.cdr().start()));
    }
    assertThat(order).extracting(c -> store.customerTagger().tagHex(c)).isSorted();

    String afterTag = store.customerTagger().tagHex(order.get(4));
    List<CustomerCdr> rest = new ArrayList<>();
    try (CdrStore.RecordCursor c = store.records(grant, afterTag)) {
      c.forEachRemaining(r -> rest.add(GrantedRecords.unprojected(r)));
    }
    Set<CustomerId> remaining = Set.copyOf(order.subList(5, order.size()));
    assertThat(rest).allMatch(r -> remaining.contains(r.customer()));
    assertThat(rest).hasSize((int) inWindow.stream().filter(r -> remaining.contains(r.customer())).count());
  }

  @Test
  void legalRequestScope_returnsTheRecordsOfEveryTarget_inTheWindow() {
    Instant from = Instant.parse("2025-01-15T00:00:00Z");
    Instant to = Instant.parse("2025-02-15T00:00:00Z");
    LegalRequest lr = store.legalRegistry().register(new NewLegalRequest(Instrument.WARRANT, "US District Court",
        "1:25-mj-00042", List.of(LegalTarget.customer(alice), LegalTarget.number(UK.e164())), from, to,
        Instant.parse("2025-06-01T00:00:00Z"), "a".repeat(64), false), "legal-a", CLOCK.instant());
    store.legalRegistry().approve(lr.id(), "legal-b", CLOCK.instant());
    AccessGrant grant = Grants.grant(store, Purpose.LEGAL_PROCESS,
        AccessScope.legalRequest(store.legalRegistry().find(lr.id()).orElseThrow()),
        Operations.LEGAL_EXPORT, Optional.of(lr.id()), CLOCK);

    Set<String> got = new LinkedHashSet<>(ids(read(store, grant)));
    Set<String> expected = new LinkedHashSet<>(expectedIds(r -> r.customer().equals(alice)
        || UK.e164().equals(r.cdr().calling().e164()) || UK.e164().equals(r.cdr().called().e164()),
        from, to));
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(got).isEqualTo(expected);
  }
}
