package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.WriteResult;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.crypto.DataKeyException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.KeyringFixtures;
import io.cdrvault.store.crypto.RecordAuthenticationException;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.errors.RetriableException;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.RawRocksDb;
import io.cdrvault.store.testing.SampleCdrs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksCdrStoreIT {
  private static final Instant JAN = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant FEB = Instant.parse("2025-02-01T00:00:00Z");
  private static final Instant MAR = Instant.parse("2025-03-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private Keyring keyring;
  private final SampleCdrs samples = SampleCdrs.seeded(42);

  @BeforeEach
  void keys() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private static List<CustomerCdr> readAll(CdrStore store, AccessGrant grant) {
    List<CustomerCdr> out = new ArrayList<>();
    try (CdrStore.RecordCursor c = store.records(grant)) {
      c.forEachRemaining(r -> out.add(GrantedRecords.unprojected(r)));
    }
    return out;
  }

  @Test
  void write_thenReopen_keepsRecordsAndOffsets() {
    CustomerId alice = samples.customerId();
    List<CustomerCdr> records = samples.records(List.of(alice), JAN, MAR, 50);
    SourcePartition p0 = new SourcePartition("cdr.asterisk", 0);
    SourcePartition p3 = new SourcePartition("cdr.freeswitch", 3);
    try (RocksCdrStore store = open()) {
      store.write(new IngestBatch(records, Map.of(p0, 51L, p3, 7L)));
    }

    try (RocksCdrStore store = open()) {
      assertThat(store.storedOffsets()).isEqualTo(Map.of(p0, 51L, p3, 7L));
      List<CustomerCdr> read = readAll(store, Grants.billing(store, alice, JAN, MAR, CLOCK));
      assertThat(read).containsExactlyInAnyOrderElementsOf(records);
      assertThat(read).isSortedAccordingTo(Comparator.comparing(r -> r.cdr().start()));
    }
  }

  @Test
  void write_ofAResentRecord_storesItOnce() {
    CustomerId alice = samples.customerId();
    CustomerCdr r = samples.customerCdr(alice, JAN.plusSeconds(3600));
    try (RocksCdrStore store = open()) {
      assertThat(store.write(new IngestBatch(List.of(r), Map.of(new SourcePartition("t", 0), 1L))))
          .isEqualTo(new WriteResult(1, 0));
      assertThat(store.write(new IngestBatch(List.of(r, r), Map.of(new SourcePartition("t", 0), 3L))))
          .isEqualTo(new WriteResult(0, 2));

      assertThat(readAll(store, Grants.billing(store, alice, JAN, FEB, CLOCK))).containsExactly(r);
      assertThat(store.storedOffsets()).containsEntry(new SourcePartition("t", 0), 3L);
    }
  }

  @Test
  void write_countsResendsFromEarlierBatches_theSameBatch_andAfterReopenFromSstFiles() {
    CustomerId alice = samples.customerId();
    CustomerId bob = samples.customerId();
    List<CustomerCdr> first = samples.records(List.of(alice, bob), JAN, MAR, 300);
    List<CustomerCdr> fresh = samples.records(List.of(alice, bob), JAN, MAR, 200);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, meters, CLOCK)) {
      assertThat(store.write(new IngestBatch(first, Map.of()))).isEqualTo(new WriteResult(300, 0));
      store.flushAndCompact(); // the originals now live in SST files, not the memtable
    }
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, meters, CLOCK)) {
      List<CustomerCdr> mixed = new ArrayList<>(fresh);
      mixed.addAll(first.subList(0, 120)); // resent from an earlier batch
      mixed.addAll(fresh.subList(0, 30)); // the same record twice in this batch
      java.util.Collections.shuffle(mixed, new java.util.Random(7));

      assertThat(store.write(new IngestBatch(mixed, Map.of()))).isEqualTo(new WriteResult(200, 150));
      List<CustomerCdr> all = new ArrayList<>(readAll(store, Grants.billing(store, alice, JAN, MAR, CLOCK)));
      all.addAll(readAll(store, Grants.billing(store, bob, JAN, MAR, CLOCK)));
      List<CustomerCdr> expected = new ArrayList<>(first);
      expected.addAll(fresh);
      assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(meters.get("cdr.store.records.written").counter().count()).isEqualTo(500.0);
      assertThat(meters.get("cdr.store.records.duplicate").counter().count()).isEqualTo(150.0);
    }
  }

  @Test
  void write_belowTheMinimumFreeDiskSpace_failsRetriablyAsDiskFull_andWritesNothing() {
    CustomerId alice = samples.customerId();
    List<CustomerCdr> records = samples.records(List.of(alice), JAN, FEB, 10);
    SourcePartition p = new SourcePartition("t", 0);
    try (RocksCdrStore store = open()) {
      assertThat(store.minFreeDiskBytes()).isEqualTo(StoreSettings.DEFAULT_MIN_FREE_DISK_BYTES);
      store.setMinFreeDiskBytes(Long.MAX_VALUE); // more than any real disk has free

      assertThatThrownBy(() -> store.write(new IngestBatch(records, Map.of(p, 10L))))
          .isInstanceOfSatisfying(RetriableException.class,
              e -> assertThat(e.kind()).isEqualTo(RetriableException.Kind.DISK_FULL));
      assertThat(store.storedOffsets()).isEmpty();
      assertThat(readAll(store, Grants.billing(store, alice, JAN, FEB, CLOCK))).isEmpty();

      store.setMinFreeDiskBytes(0);
      assertThat(store.write(new IngestBatch(records, Map.of(p, 10L)))).isEqualTo(new WriteResult(10, 0));
      assertThat(store.storedOffsets()).isEqualTo(Map.of(p, 10L));
    }
  }

  @Test
  void records_returnsOnlyTheGrantsCustomerWithinItsWindow() {
    CustomerId alice = samples.customerId();
    CustomerId bob = samples.customerId();
    List<CustomerCdr> aliceRecs = samples.records(List.of(alice), JAN, MAR, 200);
    List<CustomerCdr> bobRecs = samples.records(List.of(bob), JAN, MAR, 200);
    Instant from = Instant.parse("2025-01-20T12:00:00Z");
    Instant to = Instant.parse("2025-02-10T00:00:00Z");
    try (RocksCdrStore store = open()) {
      List<CustomerCdr> all = new ArrayList<>(aliceRecs);
      all.addAll(bobRecs);
      store.write(new IngestBatch(all, Map.of()));

      List<CustomerCdr> read = readAll(store, Grants.billing(store, alice, from, to, CLOCK));

      List<CustomerCdr> expected = aliceRecs.stream()
          .filter(r -> !r.cdr().start().isBefore(from) && r.cdr().start().isBefore(to)).toList();
      assertThat(expected).isNotEmpty();
      assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(store.auditLedger().lastSequence()).isEqualTo(1);
    }
  }

  @Test
  void write_createsOneColumnFamilyPerMonth_rediscoveredOnOpen() {
    CustomerId alice = samples.customerId();
    try (RocksCdrStore store = open()) {
      store.write(new IngestBatch(samples.records(List.of(alice), JAN, MAR, 20), Map.of()));
    }
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      assertThat(raw.columnFamilies())
          .contains("default", "meta", "audit", "cdr-202501", "cdr-202502")
          .doesNotContain("cdr-202503", "keys"); // wrapped data keys live in the key database
      assertThat(raw.entries("cdr-202501")).allSatisfy(e -> assertThat(e.getKey()).hasSize(32));
    }
    try (RocksCdrStore store = open()) {
      assertThat(readAll(store, Grants.billing(store, alice, JAN, MAR, CLOCK))).hasSize(20);
    }
  }

  @Test
  void open_withAnotherCustomersKey_fails() {
    CustomerId alice = samples.customerId();
    CustomerId bob = samples.customerId();
    Instant t = Instant.parse("2025-01-15T10:00:00Z");
    CustomerCdr bobsRecord = samples.customerCdr(bob, t);
    byte[] aliceTag;
    try (RocksCdrStore store = open()) {
      aliceTag = store.customerTagger().tag(alice);
      store.write(new IngestBatch(List.of(samples.customerCdr(alice, t.plusSeconds(60)), bobsRecord),
          Map.of()));
    }
    // an attacker with the files moves bob's value under alice's key
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      List<Map.Entry<byte[], byte[]>> entries = raw.entries("cdr-202501");
      assertThat(entries).hasSize(2);
      Map.Entry<byte[], byte[]> aliceEntry = entries.stream()
          .filter(e -> java.util.Arrays.equals(e.getKey(), 0, 16, aliceTag, 0, 16)).findFirst()
          .orElseThrow();
      Map.Entry<byte[], byte[]> bobEntry = entries.stream().filter(e -> e != aliceEntry).findFirst()
          .orElseThrow();
      raw.put("cdr-202501", aliceEntry.getKey(), bobEntry.getValue());
    }

    try (RocksCdrStore store = open()) {
      AccessGrant grant = Grants.billing(store, alice, JAN, FEB, CLOCK);
      List<CustomerCdr> got = new ArrayList<>();
      assertThatThrownBy(() -> {
        try (CdrStore.RecordCursor c = store.records(grant)) {
          c.forEachRemaining(r -> got.add(GrantedRecords.unprojected(r)));
        }
      }).isInstanceOf(RecordAuthenticationException.class)
          .hasMessageContaining("cdr-202501")
          .hasMessageContaining("record key");
      assertThat(got).isEmpty();
    }
  }

  @Test
  void open_ofAValueMovedToAnotherTime_fails() {
    CustomerId alice = samples.customerId();
    Instant t = Instant.parse("2025-01-15T10:00:00Z");
    CustomerCdr r = samples.customerCdr(alice, t);
    try (RocksCdrStore store = open()) {
      store.write(new IngestBatch(List.of(r), Map.of()));
    }
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      Map.Entry<byte[], byte[]> e = raw.entries("cdr-202501").get(0);
      byte[] moved = e.getKey().clone();
      StorageKeys.putLong(moved, 16, t.minusSeconds(86_400).toEpochMilli());
      raw.delete("cdr-202501", e.getKey());
      raw.put("cdr-202501", moved, e.getValue());
    }

    try (RocksCdrStore store = open()) {
      AccessGrant grant = Grants.billing(store, alice, JAN, FEB, CLOCK);
      try (CdrStore.RecordCursor c = store.records(grant)) {
        assertThatThrownBy(c::hasNext).isInstanceOf(RecordAuthenticationException.class);
      }
    }
  }

  @Test
  void records_withAnotherKeyringsKek_fails() {
    CustomerId alice = samples.customerId();
    try (RocksCdrStore store = open()) {
      store.write(new IngestBatch(samples.records(List.of(alice), JAN, FEB, 5), Map.of()));
    }
    Keyring other = Keyring.create(keyDir.resolve("other.p12"), "PKCS12", "pw".toCharArray());

    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), other,
        new SimpleMeterRegistry(), CLOCK)) {
      // another index key gives alice another tag: nothing of hers is found
      AccessGrant grant = Grants.billing(store, alice, JAN, FEB, CLOCK);
      assertThat(readAll(store, grant)).isEmpty();
    }
    // same index key but another KEK: unwrapping the data key must fail loudly
    Keyring sameIndexOtherKek = KeyringFixtures.withReplacedKek(keyDir, keyring);
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), sameIndexOtherKek,
        new SimpleMeterRegistry(), CLOCK)) {
      AccessGrant grant = Grants.billing(store, alice, JAN, FEB, CLOCK);
      try (CdrStore.RecordCursor c = store.records(grant)) {
        assertThatThrownBy(c::hasNext).isInstanceOf(DataKeyException.class);
      }
    }
  }

  @Test
  void close_isIdempotent_andLaterCallsFailClearly() {
    RocksCdrStore store = open();
    store.close();
    store.close();

    assertThatThrownBy(() -> store.write(new IngestBatch(List.of(), Map.of())))
        .isInstanceOf(CdrVaultException.class).hasMessageContaining("closed");
  }

  @Test
  void close_closesOpenCursors() {
    CustomerId alice = samples.customerId();
    RocksCdrStore store = open();
    store.write(new IngestBatch(samples.records(List.of(alice), JAN, FEB, 5), Map.of()));
    CdrStore.RecordCursor c = store.records(Grants.billing(store, alice, JAN, FEB, CLOCK));
    store.close();

    assertThatThrownBy(c::hasNext).isInstanceOf(CdrVaultException.class);
    c.close();
  }
}
