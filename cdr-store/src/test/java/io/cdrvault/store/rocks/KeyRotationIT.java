package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.KekInUseException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.KeyringException;
import io.cdrvault.store.keys.KeyMaintenance;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KEK rotation: new version for new data keys, rewrap without touching records, retire the old. */
class KeyRotationIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant APR = Instant.parse("2025-04-01T00:00:00Z");
  private static final char[] PW = "rotation-pw".toCharArray();

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  private final SampleCdrs samples = SampleCdrs.seeded(55);

  private RocksCdrStore open(Keyring keyring) {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private static List<CustomerCdr> readAll(CdrStore store, CustomerId c) {
    List<CustomerCdr> out = new ArrayList<>();
    try (CdrStore.RecordCursor cur = store.records(Grants.billing(store, c, JAN, APR, CLOCK))) {
      cur.forEachRemaining(r -> out.add(GrantedRecords.unprojected(r)));
    }
    return out;
  }

  private static void assertAllOpen(RocksCdrStore store, List<CustomerCdr> written) {
    Map<CustomerId, List<CustomerCdr>> byCustomer = written.stream()
        .collect(Collectors.groupingBy(CustomerCdr::customer));
    byCustomer.forEach((c, rs) -> assertThat(readAll(store, c)).containsExactlyInAnyOrderElementsOf(rs));
  }

  @Test
  void rotate_writeMore_rewrap_retire_everyRecordStillOpens() {
    Path ks = keyDir.resolve("ks.p12");
    Keyring v1 = Keyring.create(ks, "PKCS12", PW);
    List<CustomerId> early = samples.customers(6);
    List<CustomerId> late = samples.customers(4);
    List<CustomerCdr> before = samples.records(early, JAN, Instant.parse("2025-03-01T00:00:00Z"), 150);
    List<CustomerCdr> after = samples.records(late, Instant.parse("2025-02-01T00:00:00Z"), APR, 100);
    long oldKeys;
    try (RocksCdrStore store = open(v1)) {
      store.write(new IngestBatch(before, Map.of()));
      oldKeys = store.dataKeyManager().countByKekVersion().get(1);
      assertThat(store.dataKeyManager().countByKekVersion()).containsOnlyKeys(1);
    }

    assertThat(Keyring.addKekVersion(ks, "PKCS12", PW)).isEqualTo(2);
    Keyring v2 = Keyring.load(ks, "PKCS12", PW);
    assertThat(v2.kekVersions()).containsExactly(1, 2);
    assertThat(v2.currentKekVersion()).isEqualTo(2);

    try (RocksCdrStore store = open(v2)) {
      store.write(new IngestBatch(after, Map.of()));
      DataKeyManager dk = store.dataKeyManager();
      // new data keys are wrapped under v2, the old ones still under v1 and still open
      assertThat(dk.countByKekVersion()).containsEntry(1, oldKeys).containsKey(2);
      long newKeys = dk.countByKekVersion().get(2);
      assertAllOpen(store, before);

      DataKeyManager.RewrapReport report = KeyMaintenance.rewrap(dk, 3, store.auditLedger(), CLOCK, "ops");
      assertThat(report.toVersion()).isEqualTo(2);
      assertThat(report.rewrappedByOldVersion()).containsExactly(Map.entry(1, oldKeys));
      assertThat(report.alreadyCurrent()).isEqualTo(newKeys);
      assertThat(report.batches()).isGreaterThan(1);
      assertThat(dk.countByKekVersion()).containsExactly(Map.entry(2, oldKeys + newKeys));

      // idempotent: a second run moves nothing
      DataKeyManager.RewrapReport again = KeyMaintenance.rewrap(dk, 3, store.auditLedger(), CLOCK, "ops");
      assertThat(again.rewrapped()).isZero();
      assertThat(again.alreadyCurrent()).isEqualTo(oldKeys + newKeys);

      KeyMaintenance.retire(dk, ks, "PKCS12", PW, 1, store.auditLedger(), CLOCK, "ops");
      List<String> ops = store.auditLedger().read(1, 1000).stream().map(AuditEntry::event)
          .filter(e -> e.operation().startsWith("keys.")).map(e -> e.operation() + ":" + e.outcome())
          .toList();
      assertThat(ops).containsExactly("keys.rewrap:ALLOWED", "keys.rewrap:ALLOWED", "keys.retire:ALLOWED");
      assertThat(store.auditLedger().verify().ok()).isTrue();
    }

    Keyring retired = Keyring.load(ks, "PKCS12", PW);
    assertThat(retired.kekVersions()).containsExactly(2);
    try (RocksCdrStore store = open(retired)) {
      assertAllOpen(store, before);
      assertAllOpen(store, after);
    }
  }

  @Test
  void retire_whileADataKeyIsStillUnderIt_isRefusedNamingTheCount() {
    Path ks = keyDir.resolve("ks.p12");
    Keyring v1 = Keyring.create(ks, "PKCS12", PW);
    List<CustomerId> customers = samples.customers(3);
    List<CustomerCdr> records = samples.records(customers, JAN, Instant.parse("2025-03-01T00:00:00Z"), 40);
    try (RocksCdrStore store = open(v1)) {
      store.write(new IngestBatch(records, Map.of()));
    }
    Keyring.addKekVersion(ks, "PKCS12", PW);
    try (RocksCdrStore store = open(Keyring.load(ks, "PKCS12", PW))) {
      long underV1 = store.dataKeyManager().countByKekVersion().get(1);
      assertThat(underV1).isPositive();
      assertThatThrownBy(() -> KeyMaintenance.retire(store.dataKeyManager(), ks, "PKCS12", PW, 1,
          store.auditLedger(), CLOCK, "ops"))
          .isInstanceOf(KekInUseException.class)
          .hasMessageContaining("version 1 still wraps " + underV1 + " data key");
      AuditEvent.KeyAction last = store.auditLedger().read(store.auditLedger().lastSequence(), 1)
          .get(0).event(AuditEvent.KeyAction.class);
      assertThat(last.operation()).isEqualTo(KeyMaintenance.RETIRE);
      assertThat(last.outcome()).isEqualTo(Outcome.DENIED);
      assertThat(last.dataKeys()).isEqualTo(underV1);
      // the current version cannot be retired either
      assertThatThrownBy(() -> Keyring.removeKekVersion(ks, "PKCS12", PW, 2))
          .isInstanceOf(KeyringException.class).hasMessageContaining("current");
    }
    Keyring unchanged = Keyring.load(ks, "PKCS12", PW);
    assertThat(unchanged.kekVersions()).containsExactly(1, 2);
    try (RocksCdrStore store = open(unchanged)) {
      assertAllOpen(store, records);
    }
  }

  @Test
  void keystoreWithoutTheOldVersion_cannotOpenKeysNotYetRewrapped() {
    // why retire checks first: removing a KEK that still wraps keys loses their records
    Path ks = keyDir.resolve("ks.p12");
    Keyring v1 = Keyring.create(ks, "PKCS12", PW);
    CustomerId c = samples.customerId();
    try (RocksCdrStore store = open(v1)) {
      store.write(new IngestBatch(samples.records(List.of(c), JAN, APR, 5), Map.of()));
    }
    Keyring.addKekVersion(ks, "PKCS12", PW);
    Path copy = keyDir.resolve("copy.p12");
    try {
      java.nio.file.Files.copy(ks, copy);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Keyring.removeKekVersion(copy, "PKCS12", PW, 1);
    try (RocksCdrStore store = open(Keyring.load(copy, "PKCS12", PW))) {
      assertThatThrownBy(() -> readAll(store, c))
          .hasMessageContaining("key-encryption key version 1 is not in the keyring");
    }
  }
}
