package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.RawRocksDb;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups hold no data keys: a customer crypto-shredded after a backup stays unreadable in it. */
class BackupRestoreIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant APR = Instant.parse("2025-04-01T00:00:00Z");

  @TempDir Path live;
  @TempDir Path fresh;
  @TempDir Path backups;
  @TempDir Path keyDir;

  private final SampleCdrs samples = SampleCdrs.seeded(77);

  private static RocksCdrStore open(Path dataDir, Keyring keyring) {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private static List<CustomerCdr> readAll(CdrStore store, CustomerId c) {
    List<CustomerCdr> out = new ArrayList<>();
    try (CdrStore.RecordCursor cur = store.records(Grants.billing(store, c, JAN, APR, CLOCK))) {
      cur.forEachRemaining(r -> out.add(GrantedRecords.unprojected(r)));
    }
    return out;
  }

  private static List<DekId> keysOf(RocksCdrStore store, CustomerId c) {
    byte[] tag = store.customerTagger().tag(c);
    List<DekId> ids = new ArrayList<>();
    store.dataKeyManager().forEachWrapped((id, v) -> {
      if (Arrays.equals(id.tag(), tag)) {
        ids.add(id);
      }
    });
    return ids;
  }

  @Test
  void customerErasedAfterBackup_isNotReadableFromTheRestoredBackup() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    CustomerId a = samples.customerId();
    CustomerId b = samples.customerId();
    List<CustomerCdr> aRecords = samples.records(List.of(a), JAN, APR, 60);
    List<CustomerCdr> bRecords = samples.records(List.of(b), JAN, APR, 60);
    try (RocksCdrStore store = open(live, keyring)) {
      store.write(new IngestBatch(aRecords, Map.of()));
      store.write(new IngestBatch(bRecords, Map.of()));
    }

    Path dataBackups = backups.resolve("data");
    Backups.BackupSummary taken = Backups.backupData(live, dataBackups, "ops", CLOCK);
    assertThat(taken.kind()).isEqualTo(Backups.DATA_KIND);
    assertThat(taken.verifiedEntries()).isPositive(); // restored in scratch, audit chain checked

    try (RocksCdrStore store = open(live, keyring)) {
      List<DekId> aKeys = keysOf(store, a);
      assertThat(aKeys).hasSize(3); // Jan, Feb, Mar
      assertThat(readAll(store, a)).hasSize(60); // the keys are cached now
      store.dataKeyManager().destroy(aKeys);
      assertThat(keysOf(store, a)).isEmpty();
      assertThat(readAll(store, a)).isEmpty(); // at once, cache included
      assertThat(readAll(store, b)).containsExactlyInAnyOrderElementsOf(bRecords);
    }

    Backups.BackupSummary restored = Backups.restoreData(dataBackups, null, fresh, false, "ops", CLOCK);
    assertThat(restored.id()).isEqualTo(taken.id());
    // the restored data database alone does not open: its keys are not in any data backup
    assertThatThrownBy(() -> open(fresh, keyring)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("no key database");
    // the restored files do hold A's sealed records: unreadability comes from the missing key
    try (RawRocksDb raw = RawRocksDb.open(fresh)) {
      assertThat(raw.columnFamilies()).doesNotContain("keys");
      long sealed = raw.entries("cdr-202501").size() + raw.entries("cdr-202502").size()
          + raw.entries("cdr-202503").size();
      assertThat(sealed).isEqualTo(120);
    }

    move(live.resolve(KeyDatabase.DIR_NAME), fresh.resolve(KeyDatabase.DIR_NAME)); // the live key database
    try (RocksCdrStore store = open(fresh, keyring)) {
      assertThat(readAll(store, b)).containsExactlyInAnyOrderElementsOf(bRecords);
      assertThat(readAll(store, a)).isEmpty();
      for (int month : List.of(202501, 202502, 202503)) {
        assertThat(store.dataKeyManager().forRead(DekId.of(store.customerTagger().tag(a), month))).isEmpty();
      }
      List<String> ops = store.auditLedger().read(1, 1000).stream().map(AuditEntry::event)
          .map(e -> e.operation()).filter(o -> o.startsWith("backup.")).toList();
      assertThat(ops).containsExactly(Backups.AUDIT_BACKUP, Backups.AUDIT_RESTORE);
    }
    VerificationResult v = AuditVerifier.verify(fresh);
    assertThat(v.ok()).isTrue();
    assertThat(v.entriesChecked()).isGreaterThanOrEqualTo(taken.verifiedEntries());
  }

  @Test
  void restore_overAnExistingStore_needsReplace_andKeepsTheKeyDatabase() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    CustomerId c = samples.customerId();
    List<CustomerCdr> first = samples.records(List.of(c), JAN, Instant.parse("2025-02-01T00:00:00Z"), 10);
    List<CustomerCdr> later = samples.records(List.of(c), Instant.parse("2025-02-01T00:00:00Z"), APR, 10);
    try (RocksCdrStore store = open(live, keyring)) {
      store.write(new IngestBatch(first, Map.of()));
    }
    Path dataBackups = backups.resolve("data");
    Backups.backupData(live, dataBackups, "ops", CLOCK);
    try (RocksCdrStore store = open(live, keyring)) {
      store.write(new IngestBatch(later, Map.of()));
    }
    Backups.backupData(live, dataBackups, "ops", CLOCK); // incremental: a second backup
    assertThat(Backups.list(dataBackups)).hasSize(2);

    assertThatThrownBy(() -> Backups.restoreData(dataBackups, 1, live, false, "ops", CLOCK))
        .hasMessageContaining("--replace");
    Backups.restoreData(dataBackups, 1, live, true, "ops", CLOCK);
    assertThat(Files.exists(live.resolve(KeyDatabase.DIR_NAME))).isTrue();
    try (RocksCdrStore store = open(live, keyring)) {
      assertThat(readAll(store, c)).containsExactlyInAnyOrderElementsOf(first);
    }
    // a data backup directory is not a key backup
    assertThatThrownBy(() -> Backups.restoreKeys(dataBackups, null, fresh))
        .hasMessageContaining("not a key backup");
  }

  @Test
  void keyBackup_restoresALostKeyDatabase_andKeepsOnlyTheNewest() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    CustomerId c = samples.customerId();
    List<CustomerCdr> records = samples.records(List.of(c), JAN, APR, 30);
    try (RocksCdrStore store = open(live, keyring)) {
      store.write(new IngestBatch(records, Map.of()));
    }
    Path keyBackups = backups.resolve("keys");
    Backups.BackupSummary k1 = Backups.backupKeys(live, keyBackups, 2, "ops", CLOCK);
    assertThat(k1.kind()).isEqualTo(Backups.KEYS_KIND);
    assertThat(k1.verifiedEntries()).isEqualTo(3);
    Backups.backupKeys(live, keyBackups, 2, "ops", CLOCK);
    Backups.backupKeys(live, keyBackups, 2, "ops", CLOCK);
    assertThat(Backups.list(keyBackups)).hasSize(2); // older key backups expired
    assertThatThrownBy(() -> Backups.backupData(live, keyBackups, "ops", CLOCK))
        .hasMessageContaining("another kind");

    deleteTree(live.resolve(KeyDatabase.DIR_NAME)); // the key disk is lost
    assertThatThrownBy(() -> open(live, keyring)).hasMessageContaining("no key database");
    Backups.restoreKeys(keyBackups, null, live);
    try (RocksCdrStore store = open(live, keyring)) {
      assertThat(readAll(store, c)).containsExactlyInAnyOrderElementsOf(records);
      long keyBackupsAudited = store.auditLedger().read(1, 1000).stream()
          .filter(e -> e.event().operation().equals(Backups.AUDIT_KEY_BACKUP)).count();
      assertThat(keyBackupsAudited).isEqualTo(3);
    }
  }

  static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
