package io.cdrvault.store.rocks;

import static io.cdrvault.store.rocks.LifecycleSupport.billing;
import static io.cdrvault.store.rocks.LifecycleSupport.inMonth;
import static io.cdrvault.store.rocks.LifecycleSupport.recordKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.lifecycle.SweepReport;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.testing.DataDirScanner;
import io.cdrvault.store.testing.RawRocksDb;
import io.cdrvault.store.testing.SampleCdrs;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN invariant 7, retention: expired months are unreadable at once and physically gone after
 * the sweep; held records survive and stay readable under LEGAL_PROCESS.
 */
class RetentionSweepIT {
  /** 18 months of retention from here: January and February 2025 are expired, March is not. */
  private static final Instant NOW = Instant.parse("2026-09-15T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Instant M1 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant M2 = Instant.parse("2025-02-01T00:00:00Z");
  private static final Instant M3 = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant M5 = Instant.parse("2025-05-01T00:00:00Z");

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  @Test
  void sweep_destroysExpiredMonths_keepsHeldRecords_andLeavesNoTraceOnDisk() {
    SampleCdrs samples = SampleCdrs.seeded(55);
    List<CustomerId> customers = samples.customers(30);
    List<CustomerCdr> records = samples.records(customers, M1, M5, 1_500);
    CustomerId held = customers.get(0);
    CustomerId other = customers.get(2);
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());

    String heldNumber;
    Set<ByteBuffer> heldKeys = new HashSet<>();
    Set<ByteBuffer> expiredKeys = new HashSet<>();
    Set<ByteBuffer> liveKeys = new HashSet<>();
    Hold customerHold;
    Hold numberHold;
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      LifecycleSupport.write(store, records);
      // a number held in February: a counterpart of another customer's February call
      heldNumber = records.stream().filter(r -> inMonth(r, "2025-02") && r.customer().equals(customers.get(1)))
          .map(r -> r.cdr().called().e164Value()).filter(java.util.Optional::isPresent)
          .map(java.util.Optional::get).findFirst().orElseThrow();
      String n = heldNumber;
      for (CustomerCdr r : records) {
        boolean expired = r.cdr().start().isBefore(M3);
        boolean isHeld = inMonth(r, "2025-02") && (r.customer().equals(held)
            || n.equals(r.cdr().calling().e164Value().orElse(null))
            || n.equals(r.cdr().called().e164Value().orElse(null)));
        (isHeld ? heldKeys : expired ? expiredKeys : liveKeys).add(recordKey(store, r));
      }
      assertThat(billing(store, other, M1, M3, CLOCK)).isNotEmpty(); // readable before the sweep
      customerHold = store.holdRegistry().create(List.of(LegalTarget.customer(held)), M2, M3, "1:26-mj-00042",
          "legal-a", NOW.minus(Duration.ofDays(10)));
      numberHold = store.holdRegistry().create(List.of(LegalTarget.number(heldNumber)), M2, M3, "LR-x",
          "legal-a", NOW.minus(Duration.ofDays(10)));
    }
    assertThat(heldKeys).hasSizeGreaterThan(10);
    assertThat(expiredKeys).hasSizeGreaterThan(500);

    // the raw keys as stored before the sweep: index entries and wrapped data keys of the months
    Set<ByteBuffer> expiredIndexKeys = new HashSet<>();
    List<byte[]> expiredWrappedKeys = new ArrayList<>();
    Set<ByteBuffer> heldTags = heldKeys.stream().map(k -> ByteBuffer.wrap(java.util.Arrays.copyOf(k.array(), 16)))
        .collect(Collectors.toSet());
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      for (String idx : List.of("idx-202501", "idx-202502")) {
        for (Map.Entry<byte[], byte[]> e : raw.entries(idx)) {
          if (!heldKeys.contains(LifecycleSupport.recordKeyOfIndex(e.getKey()))) {
            expiredIndexKeys.add(ByteBuffer.wrap(e.getKey()));
          }
        }
      }
    }
    try (RawRocksDb keys = RawRocksDb.openKeyDatabase(dataDir)) {
      for (Map.Entry<byte[], byte[]> e : keys.entries(KeyDatabase.DEK_CF)) {
        int month = ByteBuffer.wrap(e.getKey(), 16, 4).getInt();
        boolean keptTag = heldTags.contains(ByteBuffer.wrap(java.util.Arrays.copyOf(e.getKey(), 16)));
        if (month == 202501 || (month == 202502 && !keptTag)) {
          expiredWrappedKeys.add(e.getValue());
        }
      }
    }
    assertThat(expiredIndexKeys).hasSizeGreaterThan(1000);

    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      RetentionSweeper sweeper = Sweepers.with(store, RetentionPolicy.defaults());
      SweepReport plan = sweeper.plan(NOW);
      assertThat(plan.monthsDropped()).containsExactly(202501);
      assertThat(billing(store, other, M1, M3, CLOCK)).isNotEmpty(); // a dry run changes nothing

      SweepReport report = sweeper.runOnce(NOW);
      assertThat(report.monthsDropped()).containsExactly(202501);
      assertThat(report.monthsPurgedAroundHolds()).containsExactly(202502);
      assertThat(report.recordsKeptUnderHold()).isEqualTo(heldKeys.size());
      assertThat(report.dataKeysDestroyed()).isEqualTo(expiredWrappedKeys.size());

      // expired: gone for every purpose, including the held customer's January
      assertThat(billing(store, other, M1, M3, CLOCK)).isEmpty();
      assertThat(billing(store, held, M1, M2, CLOCK)).isEmpty();
      // not expired: untouched
      assertThat(billing(store, other, M3, M5, CLOCK)).hasSize((int) records.stream()
          .filter(r -> r.customer().equals(other) && !r.cdr().start().isBefore(M3)).count());
      // held: readable under legal process, exactly the preserved records
      List<CustomerCdr> legal = LifecycleSupport.read(store, LifecycleSupport.legal(store,
          List.of(LegalTarget.customer(held), LegalTarget.number(heldNumber)), M2, M3, CLOCK));
      assertThat(legal.stream().map(r -> recordKey(store, r)).collect(Collectors.toSet()))
          .isEqualTo(heldKeys);
      assertThat(LifecycleSupport.audit(store).stream()
          .filter(e -> e.event().operation().equals("retention.sweep"))
          .map(e -> e.event().rule())).containsExactlyInAnyOrder("month-expired",
              "month-expired-held-records-kept");
    }

    // no restart needed: after the purge the (small) MANIFEST rolled over to the live files only
    List<byte[]> gone = LifecycleSupport.recordIds(expiredKeys);
    expiredIndexKeys.forEach(k -> gone.add(k.array()));
    gone.addAll(expiredWrappedKeys);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      assertThat(raw.columnFamilies()).doesNotContain("cdr-202501", "idx-202501").contains("cdr-202502");
    }
    assertThat(DataDirScanner.findBytes(dataDir, gone)).isEmpty();
    // the scan sees what is still there: the held records and the live months
    List<byte[]> kept = LifecycleSupport.recordIds(heldKeys);
    assertThat(LifecycleSupport.found(dataDir, kept)).isEqualTo(kept.size());
    List<byte[]> live = LifecycleSupport.recordIds(liveKeys);
    assertThat(LifecycleSupport.found(dataDir, live)).isEqualTo(live.size());

    // the holds end: the next sweep removes the rest of February
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      store.holdRegistry().release(customerHold.id(), "legal-b", NOW);
      store.holdRegistry().release(numberHold.id(), "legal-b", NOW);
      SweepReport report = Sweepers.with(store, RetentionPolicy.defaults()).runOnce(NOW);
      assertThat(report.monthsDropped()).containsExactly(202502);
      assertThat(billing(store, held, M2, M3, CLOCK)).isEmpty();
    }
    assertThat(DataDirScanner.findBytes(dataDir, kept)).isEmpty();
  }

  @Test
  void shorterRetentionOfSms_deletesOnlyTheExpiredSmsRecords_ofAMonthStillKeptForVoice() {
    SampleCdrs samples = SampleCdrs.seeded(56);
    List<CustomerId> customers = samples.customers(10);
    // April 2026: 5 months old at NOW; SMS kept 3 months, voice 18
    List<CustomerCdr> records = samples.records(customers, Instant.parse("2026-04-01T00:00:00Z"),
        Instant.parse("2026-05-01T00:00:00Z"), 400);
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    RetentionPolicy policy = RetentionPolicy.parse("US", "P18M", List.of("US.SMS=P3M"), List.of("US.VOICE=P18M"));
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      LifecycleSupport.write(store, records);
      SweepReport report = Sweepers.with(store, policy).runOnce(NOW);
      assertThat(report.monthsTypePurged()).containsExactly(202604);
      assertThat(report.monthsDropped()).isEmpty();
      for (CustomerId c : customers) {
        List<CustomerCdr> left = billing(store, c, Instant.parse("2026-04-01T00:00:00Z"),
            Instant.parse("2026-05-01T00:00:00Z"), CLOCK);
        assertThat(left).allMatch(r -> r.cdr().type() == ServiceType.VOICE);
        assertThat(left).hasSize((int) records.stream()
            .filter(r -> r.customer().equals(c) && r.cdr().type() == ServiceType.VOICE).count());
      }
      assertThat(records).anyMatch(r -> r.cdr().type() == ServiceType.SMS);
    }
  }
}
