package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.RecordAuthenticationException;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalRequestException;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.legal.Usability;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.DataDirScanner;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class LegalRegistryIT {
  private static final Instant NOW = Instant.parse("2025-04-01T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String NUMBER = "+15551234567";
  private static final String CUSTOMER = "CUST-7781-ZQ";
  private static final String CASE = "CASE-2025-CR-004417";
  private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private Keyring keyring;

  @BeforeEach
  void keys() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(),
        CLOCK);
  }

  private static NewLegalRequest served(Instant expiresAt) {
    return new NewLegalRequest(Instrument.COURT_ORDER, "US District Court, D. Nowhere", CASE,
        List.of(LegalTarget.number(NUMBER), LegalTarget.customer(CustomerId.of(CUSTOMER))),
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-03-01T00:00:00Z"), expiresAt,
        SHA, true);
  }

  @Test
  void register_thenFind_returnsEveryField() {
    Instant expiry = NOW.plus(Duration.ofDays(30));
    try (RocksCdrStore store = open()) {
      LegalRegistry reg = store.legalRegistry();
      LegalRequest r = reg.register(served(expiry), "alice", NOW);

      assertThat(r.id()).matches("LR-[0-9a-f]{16}");
      assertThat(r.state()).isEqualTo(LegalRequest.State.REGISTERED);
      LegalRequest found = reg.find(r.id()).orElseThrow();
      assertThat(found).isEqualTo(r);
      assertThat(found.instrument()).isEqualTo(Instrument.COURT_ORDER);
      assertThat(found.issuingAuthority()).isEqualTo("US District Court, D. Nowhere");
      assertThat(found.caseNumber()).isEqualTo(CASE);
      assertThat(found.targets()).containsExactly(LegalTarget.number(NUMBER),
          LegalTarget.customer(CustomerId.of(CUSTOMER)));
      assertThat(found.from()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
      assertThat(found.to()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
      assertThat(found.expiresAt()).isEqualTo(expiry);
      assertThat(found.servedDocumentSha256()).isEqualTo(SHA);
      assertThat(found.gag()).isTrue();
      assertThat(found.registeredBy()).isEqualTo("alice");
      assertThat(found.registeredAt()).isEqualTo(NOW);
      assertThat(found.approvedBy()).isEmpty();
      assertThat(found.approvedAt()).isEmpty();
      assertThat(reg.all()).containsExactly(found);
      assertThat(reg.find("LR-0000000000000000")).isEmpty();
      assertThat(found.toString()).doesNotContain(CASE, NUMBER, CUSTOMER);
    }
  }

  @Test
  void approve_bySamePrincipal_failsTwoPersonRule_andByAnother_makesItUsable() {
    try (RocksCdrStore store = open()) {
      LegalRegistry reg = store.legalRegistry();
      LegalRequest r = reg.register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW);
      assertThat(reg.usable(r.id(), NOW)).isEqualTo(Usability.UNAPPROVED);

      assertThatThrownBy(() -> reg.approve(r.id(), "alice", NOW.plusSeconds(60)))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.SAME_PRINCIPAL));
      assertThatThrownBy(() -> reg.approve(r.id(), " ALICE ", NOW.plusSeconds(60)))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.SAME_PRINCIPAL));
      assertThat(reg.usable(r.id(), NOW.plusSeconds(61))).isEqualTo(Usability.UNAPPROVED);

      LegalRequest approved = reg.approve(r.id(), "bob", NOW.plusSeconds(120));
      assertThat(approved.state()).isEqualTo(LegalRequest.State.APPROVED);
      assertThat(approved.approvedBy()).contains("bob");
      assertThat(approved.approvedAt()).contains(NOW.plusSeconds(120));
      assertThat(reg.find(r.id())).contains(approved);
      assertThat(reg.usable(r.id(), NOW.plusSeconds(121))).isEqualTo(Usability.USABLE);

      assertThatThrownBy(() -> reg.approve(r.id(), "carol", NOW.plusSeconds(180)))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.NOT_PENDING));
    }
  }

  @Test
  void approve_unknownId_failsUnknown_andUsableSaysUnknown() {
    try (RocksCdrStore store = open()) {
      LegalRegistry reg = store.legalRegistry();
      assertThatThrownBy(() -> reg.approve("LR-0123456789abcdef", "bob", NOW))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.UNKNOWN));
      assertThat(reg.usable("LR-0123456789abcdef", NOW)).isEqualTo(Usability.UNKNOWN);
      assertThat(reg.usable("not-an-id", NOW)).isEqualTo(Usability.UNKNOWN);
    }
  }

  @Test
  void expiredRequest_isNotUsable_andCannotBeApproved() {
    Instant expiry = NOW.plus(Duration.ofDays(1));
    try (RocksCdrStore store = open()) {
      LegalRegistry reg = store.legalRegistry();
      LegalRequest pending = reg.register(served(expiry), "alice", NOW);
      LegalRequest other = reg.register(served(expiry), "alice", NOW);
      reg.approve(other.id(), "bob", NOW.plusSeconds(10));
      assertThat(reg.usable(other.id(), expiry.minusMillis(1))).isEqualTo(Usability.USABLE);

      assertThat(reg.usable(other.id(), expiry)).isEqualTo(Usability.EXPIRED);
      assertThat(reg.usable(pending.id(), expiry)).isEqualTo(Usability.EXPIRED);
      assertThatThrownBy(() -> reg.approve(pending.id(), "bob", expiry))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.EXPIRED));
      assertThat(reg.find(pending.id()).orElseThrow().state())
          .isEqualTo(LegalRequest.State.REGISTERED);
      assertThatThrownBy(() -> reg.register(served(NOW), "alice", NOW))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.EXPIRED));
    }
  }

  @Test
  void revokedRequest_isNotUsable() {
    try (RocksCdrStore store = open()) {
      LegalRegistry reg = store.legalRegistry();
      LegalRequest r = reg.register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW);
      reg.approve(r.id(), "bob", NOW.plusSeconds(10));

      LegalRequest revoked = reg.revoke(r.id(), "carol", NOW.plusSeconds(20));

      assertThat(revoked.state()).isEqualTo(LegalRequest.State.REVOKED);
      assertThat(revoked.revokedBy()).contains("carol");
      assertThat(revoked.approvedBy()).contains("bob");
      assertThat(reg.usable(r.id(), NOW.plusSeconds(30))).isEqualTo(Usability.REVOKED);
      assertThatThrownBy(() -> reg.revoke(r.id(), "carol", NOW.plusSeconds(40)))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.ALREADY_REVOKED));
      LegalRequest pending = reg.register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW);
      reg.revoke(pending.id(), "alice", NOW.plusSeconds(50));
      assertThatThrownBy(() -> reg.approve(pending.id(), "bob", NOW.plusSeconds(60)))
          .isInstanceOfSatisfying(LegalRequestException.class,
              e -> assertThat(e.reason()).isEqualTo(LegalRequestException.Reason.NOT_PENDING));
    }
  }

  @Test
  void registry_survivesCloseAndReopen() {
    String id;
    LegalRequest approved;
    try (RocksCdrStore store = open()) {
      id = store.legalRegistry().register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW).id();
      approved = store.legalRegistry().approve(id, "bob", NOW.plusSeconds(5));
    }
    try (RocksCdrStore store = open()) {
      assertThat(store.legalRegistry().find(id)).contains(approved);
      assertThat(store.legalRegistry().usable(id, NOW.plusSeconds(6))).isEqualTo(Usability.USABLE);
    }
  }

  @Test
  void closedStore_refusesRegistryCalls() {
    RocksCdrStore store = open();
    LegalRegistry reg = store.legalRegistry();
    store.close();
    assertThatThrownBy(() -> reg.all()).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void dataDirectory_holdsNoTargetOrCaseNumberInPlaintext() {
    try (RocksCdrStore store = open()) {
      LegalRequest r = store.legalRegistry()
          .register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW);
      store.legalRegistry().approve(r.id(), "bob", NOW.plusSeconds(1));
      store.flushAndCompact();
      // the scan sees what is there in plaintext: the opaque id, stored in the key
      assertThat(DataDirScanner.findOccurrences(dataDir, List.of(r.id()))).isNotEmpty();
    }
    assertThat(DataDirScanner.countFiles(dataDir)).isPositive();
    assertThat(DataDirScanner.findOccurrences(dataDir,
        List.of(NUMBER, NUMBER.substring(1), CUSTOMER, CASE, "D. Nowhere"))).isEmpty();
  }

  @Test
  void sealedValue_movedToAnotherId_failsToOpen() {
    String a;
    String b;
    try (RocksCdrStore store = open()) {
      a = store.legalRegistry().register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW).id();
      b = store.legalRegistry().register(served(NOW.plus(Duration.ofDays(30))), "dave", NOW).id();
    }
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      byte[] va = raw.get(RocksCdrStore.LEGAL, RocksLegalRegistry.storageKey(a));
      assertThat(va).isNotNull();
      raw.put(RocksCdrStore.LEGAL, RocksLegalRegistry.storageKey(b), va);
    }
    try (RocksCdrStore store = open()) {
      assertThat(store.legalRegistry().find(a)).isPresent();
      assertThatThrownBy(() -> store.legalRegistry().find(b))
          .isInstanceOf(RecordAuthenticationException.class)
          .hasMessageNotContaining(CASE);
      assertThatThrownBy(() -> store.legalRegistry().usable(b, NOW))
          .isInstanceOf(RecordAuthenticationException.class);
    }
  }

  @Test
  void storeWrittenBeforeTheLegalFamily_opensAndGetsIt() throws Exception {
    try (RocksCdrStore store = open()) {
      store.legalRegistry().register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW);
    }
    dropColumnFamily(RocksCdrStore.LEGAL);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      assertThat(raw.columnFamilies()).doesNotContain(RocksCdrStore.LEGAL);
    }

    try (RocksCdrStore store = open()) {
      assertThat(store.legalRegistry().all()).isEmpty();
      LegalRequest r = store.legalRegistry()
          .register(served(NOW.plus(Duration.ofDays(30))), "alice", NOW);
      assertThat(store.legalRegistry().find(r.id())).contains(r);
    }
  }

  /** Simulates a data directory from before the {@code legal} family existed. */
  private void dropColumnFamily(String name) throws Exception {
    String path = dataDir.resolve("rocksdb").toString();
    List<byte[]> names;
    try (Options o = new Options()) {
      names = RocksDB.listColumnFamilies(o, path);
    }
    List<ColumnFamilyHandle> hs = new ArrayList<>();
    try (DBOptions dbo = new DBOptions(); ColumnFamilyOptions cfo = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> ds = new ArrayList<>();
      for (byte[] n : names) {
        ds.add(new ColumnFamilyDescriptor(n, cfo));
      }
      try (RocksDB db = RocksDB.open(dbo, path, ds, hs)) {
        for (int i = 0; i < names.size(); i++) {
          if (new String(names.get(i), StandardCharsets.UTF_8).equals(name)) {
            db.dropColumnFamily(hs.get(i));
          }
        }
      } finally {
        for (int i = hs.size() - 1; i >= 0; i--) {
          hs.get(i).close();
        }
      }
    }
  }
}
