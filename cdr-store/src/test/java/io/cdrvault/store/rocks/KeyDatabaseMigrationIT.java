package io.cdrvault.store.rocks;

import io.cdrvault.store.access.GrantedRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.RawRocksDb;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
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
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/** Stores written when wrapped data keys lived in the data database's {@code keys} column family. */
class KeyDatabaseMigrationIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant APR = Instant.parse("2025-04-01T00:00:00Z");

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  private final SampleCdrs samples = SampleCdrs.seeded(91);

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

  private List<Map.Entry<byte[], byte[]>> keyDbEntries() {
    try (KeyDatabase k = KeyDatabase.open(dataDir.resolve(KeyDatabase.DIR_NAME))) {
      return k.entriesAfter(null, 100_000);
    }
  }

  /** Writes {@code entries} into a {@code keys} column family of the (closed) data database. */
  private void putOldKeysFamily(List<Map.Entry<byte[], byte[]>> entries) throws Exception {
    String path = dataDir.resolve("rocksdb").toString();
    List<byte[]> names;
    try (Options o = new Options()) {
      names = new ArrayList<>(RocksDB.listColumnFamilies(o, path));
    }
    names.add("keys".getBytes(StandardCharsets.UTF_8));
    try (DBOptions dbo = new DBOptions().setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions cfo = new ColumnFamilyOptions();
        WriteOptions wo = new WriteOptions().setSync(true)) {
      List<ColumnFamilyDescriptor> ds = new ArrayList<>();
      for (byte[] n : names) {
        ds.add(new ColumnFamilyDescriptor(n, cfo));
      }
      List<ColumnFamilyHandle> hs = new ArrayList<>();
      try (RocksDB db = RocksDB.open(dbo, path, ds, hs)) {
        ColumnFamilyHandle keys = hs.get(hs.size() - 1);
        for (Map.Entry<byte[], byte[]> e : entries) {
          db.put(keys, wo, e.getKey(), e.getValue());
        }
        hs.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  @Test
  void storeWithKeysInTheOldColumnFamily_opens_movesThemOut_andReadsEverything() throws Exception {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    List<CustomerId> customers = samples.customers(5);
    List<CustomerCdr> records = samples.records(customers, JAN, APR, 200);
    try (RocksCdrStore store = open(keyring)) {
      store.write(new IngestBatch(records, Map.of()));
    }
    // turn it into the old layout: keys in the data database, no key database
    List<Map.Entry<byte[], byte[]>> keys = keyDbEntries();
    assertThat(keys).hasSizeGreaterThan(5);
    BackupRestoreIT.deleteTree(dataDir.resolve(KeyDatabase.DIR_NAME));
    putOldKeysFamily(keys);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      assertThat(raw.entries("keys")).hasSize(keys.size());
    }

    for (int round = 0; round < 2; round++) { // the second open finds nothing left to do
      try (RocksCdrStore store = open(keyring)) {
        for (CustomerId c : customers) {
          assertThat(readAll(store, c)).containsExactlyInAnyOrderElementsOf(
              records.stream().filter(r -> r.customer().equals(c)).toList());
        }
      }
      try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
        assertThat(raw.columnFamilies()).doesNotContain("keys");
      }
      assertThat(keyDbEntries()).hasSize(keys.size());
    }
  }

  @Test
  void staleKeysFamily_afterMigration_isDroppedWithoutBringingDestroyedKeysBack() throws Exception {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    CustomerId a = samples.customerId();
    CustomerId b = samples.customerId();
    List<CustomerCdr> bRecords = samples.records(List.of(b), JAN, APR, 20);
    List<Map.Entry<byte[], byte[]>> before;
    try (RocksCdrStore store = open(keyring)) {
      store.write(new IngestBatch(samples.records(List.of(a), JAN, APR, 20), Map.of()));
      store.write(new IngestBatch(bRecords, Map.of()));
    }
    before = keyDbEntries();
    try (RocksCdrStore store = open(keyring)) {
      byte[] tag = store.customerTagger().tag(a);
      List<DekId> aKeys = new ArrayList<>();
      store.dataKeyManager().forEachWrapped((id, v) -> {
        if (Arrays.equals(id.tag(), tag)) {
          aKeys.add(id);
        }
      });
      store.dataKeyManager().destroy(aKeys);
    }
    // a data backup from before the key database (or a crash between mark and drop) brings the
    // old column family back, with A's keys in it
    putOldKeysFamily(before);
    try (RocksCdrStore store = open(keyring)) {
      assertThat(readAll(store, a)).isEmpty();
      assertThat(readAll(store, b)).containsExactlyInAnyOrderElementsOf(bRecords);
    }
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      assertThat(raw.columnFamilies()).doesNotContain("keys");
    }
  }

  @Test
  void existingStoreWithoutItsKeyDatabase_refusesToOpen() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    try (RocksCdrStore store = open(keyring)) {
      store.write(new IngestBatch(samples.records(samples.customers(1), JAN, APR, 5), Map.of()));
    }
    BackupRestoreIT.deleteTree(dataDir.resolve(KeyDatabase.DIR_NAME));
    // creating an empty key database here would seal new records under new keys and leave the old
    // ones unreadable; the store says what is missing instead
    assertThatThrownBy(() -> open(keyring)).hasMessageContaining("no key database")
        .hasMessageContaining("keydb");
  }
}
