package io.cdrvault.store.rocks;

import static io.cdrvault.store.rocks.LifecycleSupport.billing;
import static io.cdrvault.store.rocks.LifecycleSupport.recordKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.lifecycle.CustomerErasedException;
import io.cdrvault.store.lifecycle.ErasureResult;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.HoldRegistry;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.lifecycle.SweepReport;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.testing.AuditEvents;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN invariant 7, erasure: unreadable at once, purged later, deferred under hold or statute. */
class ErasureIT {
  private static final Instant NOW = Instant.parse("2025-06-15T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-06-01T00:00:00Z");
  /** No statutory minimum: erasure is held up by legal holds only. */
  private static final RetentionPolicy NO_MINIMUM = RetentionPolicy.parse("US", "P18M", List.of(), List.of());

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  private final SampleCdrs samples = SampleCdrs.seeded(77);
  private final List<CustomerId> customers = samples.customers(12);
  private final List<CustomerCdr> records = samples.records(customers, FROM, TO, 900);

  private Keyring keyring() {
    return Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  @Test
  void erase_makesTheCustomerUnreadableAtOnce_andThePurgeLeavesNoTraceOnDisk() {
    Keyring keyring = keyring();
    CustomerId erased = customers.get(0);
    CustomerId kept = customers.get(1);
    List<byte[]> erasedRecordKeys = new ArrayList<>();
    List<byte[]> keptRecordKeys = new ArrayList<>();
    byte[] tag;
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      store.useRetentionPolicy(NO_MINIMUM);
      LifecycleSupport.write(store, records);
      tag = store.customerTagger().tag(erased);
      for (CustomerCdr r : records) {
        if (r.customer().equals(erased)) {
          erasedRecordKeys.add(recordKey(store, r).array());
        } else if (r.customer().equals(kept)) {
          keptRecordKeys.add(recordKey(store, r).array());
        }
      }
      assertThat(billing(store, erased, FROM, TO, CLOCK)).hasSize(erasedRecordKeys.size());

      ErasureResult result = store.erase(PolicyEngine.operatorErasure("privacy-officer", erased), NOW);

      assertThat(result.outcome()).isEqualTo(ErasureResult.Outcome.ERASED);
      assertThatThrownBy(() -> billing(store, erased, FROM, TO, CLOCK))
          .isInstanceOf(CustomerErasedException.class)
          .hasMessageNotContaining(erased.value());
      assertThat(billing(store, kept, FROM, TO, CLOCK)).hasSize(keptRecordKeys.size());
      assertThat(store.erase(PolicyEngine.operatorErasure("privacy-officer", erased), NOW).outcome())
          .isEqualTo(ErasureResult.Outcome.ALREADY_ERASED);
      // a late record of the erased customer is not stored again
      LifecycleSupport.write(store, List.of(samples.customerCdr(erased, TO.minusSeconds(5))));
      assertThatThrownBy(() -> billing(store, erased, FROM, TO, CLOCK)).isInstanceOf(CustomerErasedException.class);
      String tagHex = store.customerTagger().tagHex(erased);
      assertThat(LifecycleSupport.audit(store))
          .filteredOn(e -> tagHex.equals(AuditEvents.subject(e.event())))
          .extracting(e -> e.event().operation()).contains("erasure.request", "erasure.run");
    }

    List<byte[]> erasedIndexKeys = new ArrayList<>();
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      for (String cf : raw.columnFamilies()) {
        if (cf.startsWith("idx-")) {
          for (Map.Entry<byte[], byte[]> e : raw.entries(cf)) {
            if (Arrays.equals(e.getKey(), 32, 48, tag, 0, 16)) {
              erasedIndexKeys.add(e.getKey());
            }
          }
        }
      }
    }
    // the keys are gone from the key database at once
    try (RawRocksDb keys = RawRocksDb.openKeyDatabase(dataDir)) {
      assertThat(keys.entries(KeyDatabase.DEK_CF)).isNotEmpty();
      for (Map.Entry<byte[], byte[]> e : keys.entries(KeyDatabase.DEK_CF)) {
        assertThat(Arrays.equals(e.getKey(), 0, 16, tag, 0, 16)).isFalse();
      }
    }
    assertThat(erasedIndexKeys).hasSizeGreaterThan(erasedRecordKeys.size());

    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      SweepReport report = Sweepers.with(store, NO_MINIMUM).runOnce(NOW);
      assertThat(report.erasuresPurged()).isEqualTo(1);
      assertThatThrownBy(() -> billing(store, erased, FROM, TO, CLOCK)).isInstanceOf(CustomerErasedException.class);
      assertThat(LifecycleSupport.count(store, "erasure.purge")).isEqualTo(1);
    }
    // no reopen: the MANIFEST has rolled over and keeps no deleted file's key range

    List<byte[]> trace = LifecycleSupport.recordIds(erasedRecordKeys.stream().map(ByteBuffer::wrap).toList());
    trace.addAll(erasedIndexKeys);
    trace.add(tag);
    assertThat(DataDirScanner.findBytes(dataDir, trace)).isEmpty();
    // the scan would see them: every record id of a kept customer is found
    List<byte[]> keptIds = LifecycleSupport.recordIds(keptRecordKeys.stream().map(ByteBuffer::wrap).toList());
    assertThat(LifecycleSupport.found(dataDir, keptIds)).isEqualTo(keptIds.size());
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      for (String cf : raw.columnFamilies()) {
        if (cf.startsWith("idx-") || cf.startsWith("cdr-")) {
          assertThat(raw.entries(cf)).noneMatch(e -> Arrays.equals(e.getKey(), cf.startsWith("idx-") ? 32 : 0,
              cf.startsWith("idx-") ? 48 : 16, tag, 0, 16));
        }
      }
    }
  }

  @Test
  void erase_underHold_isDeferredWithDateAndReason_andRunsBySweepWhenTheHoldIsReleased() {
    Keyring keyring = keyring();
    CustomerId customer = customers.get(3);
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      LifecycleSupport.write(store, records);
      RetentionSweeper sweeper = Sweepers.with(store, NO_MINIMUM);
      Hold hold = store.holdRegistry().create(List.of(LegalTarget.customer(customer)), FROM, TO,
          "2703(f) letter 26-114", "legal-a", NOW.minus(Duration.ofDays(5)));

      ErasureResult result = store.erase(PolicyEngine.operatorErasure("privacy-officer", customer), NOW);

      assertThat(result.outcome()).isEqualTo(ErasureResult.Outcome.DEFERRED);
      assertThat(result.until()).isEqualTo(NOW.minus(Duration.ofDays(5)).plus(HoldRegistry.TERM));
      assertThat(result.reasonCode()).isEqualTo(ErasureResult.LEGAL_HOLD);
      assertThat(result.reason()).contains(hold.id()).doesNotContain(customer.value());
      assertThat(billing(store, customer, FROM, TO, CLOCK)).isNotEmpty();
      assertThat(sweeper.runOnce(NOW).erasuresRun()).isZero();
      assertThat(billing(store, customer, FROM, TO, CLOCK)).isNotEmpty();

      store.holdRegistry().release(hold.id(), "legal-b", NOW.plusSeconds(60));
      SweepReport report = sweeper.runOnce(NOW.plusSeconds(120));

      assertThat(report.erasuresRun()).isEqualTo(1);
      assertThatThrownBy(() -> billing(store, customer, FROM, TO, CLOCK)).isInstanceOf(CustomerErasedException.class);
      String tagHex = store.customerTagger().tagHex(customer);
      List<AuditEntry> trail = LifecycleSupport.audit(store).stream()
          .filter(e -> tagHex.equals(AuditEvents.subject(e.event()))).toList();
      assertThat(trail).extracting(e -> e.event().operation())
          .containsSubsequence("erasure.request", "erasure.deferred", "erasure.run");
      AuditEntry run = trail.stream().filter(e -> e.event().operation().equals("erasure.run")).findFirst()
          .orElseThrow();
      assertThat(run.event().rule()).isEqualTo("deferred-erasure-due");
      assertThat(run.event().principal()).isEqualTo("system:retention-sweep");
    }
  }

  @Test
  void erase_underNumberHold_isDeferred_andRunsWhenTheHoldExpires() {
    Keyring keyring = keyring();
    CustomerId customer = customers.get(4);
    String number = records.stream().filter(r -> r.customer().equals(customer))
        .map(r -> r.cdr().called().e164Value()).filter(java.util.Optional::isPresent)
        .map(java.util.Optional::get).findFirst().orElseThrow();
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      LifecycleSupport.write(store, records);
      RetentionSweeper sweeper = Sweepers.with(store, NO_MINIMUM);
      Hold hold = store.holdRegistry().create(List.of(LegalTarget.number(number)), FROM, TO, "LR-1",
          "legal-a", NOW);

      ErasureResult result = store.erase(PolicyEngine.operatorErasure("privacy-officer", customer), NOW);
      assertThat(result.outcome()).isEqualTo(ErasureResult.Outcome.DEFERRED);
      assertThat(result.until()).isEqualTo(hold.expiresAt());

      SweepReport report = sweeper.runOnce(hold.expiresAt().plusSeconds(1));
      assertThat(report.holdsExpired()).isEqualTo(1);
      assertThat(report.erasuresRun()).isEqualTo(1);
      assertThat(LifecycleSupport.count(store, "hold.expire")).isEqualTo(1);
      assertThatThrownBy(() -> billing(store, customer, FROM, TO, CLOCK)).isInstanceOf(CustomerErasedException.class);
    }
  }

  @Test
  void erase_ofRecentVoiceRecords_isDeferredByTheUsStatutoryMinimum_untilTheYoungestIs18MonthsOld() {
    Keyring keyring = keyring();
    CustomerId customer = customers.get(5);
    Instant youngestVoice = records.stream()
        .filter(r -> r.customer().equals(customer) && r.cdr().type() == ServiceType.VOICE)
        .map(r -> r.cdr().start()).max(Instant::compareTo).orElseThrow();
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      LifecycleSupport.write(store, records);
      RetentionSweeper sweeper = Sweepers.with(store, RetentionPolicy.defaults());

      ErasureResult result = store.erase(PolicyEngine.operatorErasure("privacy-officer", customer), NOW);

      assertThat(result.outcome()).isEqualTo(ErasureResult.Outcome.DEFERRED);
      assertThat(result.reasonCode()).isEqualTo(ErasureResult.STATUTORY_MINIMUM);
      assertThat(result.until()).isEqualTo(RetentionPolicy.plus(youngestVoice, java.time.Period.ofMonths(18)));
      assertThat(sweeper.runOnce(result.until().minusSeconds(1)).erasuresRun()).isZero();
      assertThat(sweeper.runOnce(result.until().plusSeconds(1)).erasuresRun()).isEqualTo(1);
    }
  }
}
