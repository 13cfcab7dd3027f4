package io.cdrvault.store.audit;

import static io.cdrvault.store.testing.AuditEvents.T;
import static io.cdrvault.store.testing.AuditEvents.completion;
import static io.cdrvault.store.testing.AuditEvents.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.DisclosureReport.Disclosure;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.ManifestSigner;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.rocks.ReadOnlyAudit;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-customer disclosure index ({@link DisclosureIndex}) over a real RocksDB ledger: reports
 * read it instead of the ledger, it is backfilled for ledgers written without it, and pruning
 * drops its keys.
 */
class DisclosureIndexIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String ME = "aa".repeat(16);
  private static final String OTHER = "bb".repeat(16);
  private static final byte[] INDEX_PREFIX = "audit/dx/".getBytes(StandardCharsets.UTF_8);

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

  private static List<String> tags(int from, int n) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(String.format("%032x", i));
    }
    return out;
  }

  /**
   * Every kind of disclosure (customer scope, number scope, a prefix read completed in chunks,
   * gagged legal request, all-customer billing, marketing over all, a scope-less legacy entry) and
   * noise; returns ME's disclosures (decision sequences) for the officer's view.
   */
  private static List<Long> fillMixed(AuditLedger l) {
    List<Long> mine = new ArrayList<>();
    AuditEntry own = l.append(decision(1, "care", "CUSTOMER_ACCESS", ME, "customer", Outcome.ALLOWED, null));
    l.append(completion(2, own, 12L, "complete", List.of()));
    mine.add(own.sequence());
    l.append(decision(3, "intruder", "FRAUD", ME, "customer", Outcome.DENIED, "F-1"));
    AuditEntry other = l.append(decision(4, "care", "CUSTOMER_ACCESS", OTHER, "customer", Outcome.ALLOWED, null));
    l.append(completion(5, other, 3L, "complete", List.of()));
    AuditEntry byNumber = l.append(decision(6, "analyst", "FRAUD", "cc".repeat(16), "number", Outcome.ALLOWED, "F-2"));
    l.append(completion(7, byNumber, 4L, "complete", List.of(ME, OTHER)));
    mine.add(byNumber.sequence());
    // a prefix read over 2,500 customers: two chunks of 1,000, then the last 500 with the count;
    // ME is in the second chunk only
    AuditEntry byPrefix = l.append(decision(8, "analyst", "FRAUD", "+4470", "prefix", Outcome.ALLOWED, "F-3"));
    l.append(completion(9, byPrefix, null, "in-progress", tags(0, 1000)));
    List<String> second = new ArrayList<>(tags(1000, 999));
    second.add(ME);
    l.append(completion(10, byPrefix, null, "in-progress", second));
    l.append(completion(11, byPrefix, 9000L, "complete", tags(2000, 500)));
    mine.add(byPrefix.sequence());
    AuditEntry legal = l.append(decision(12, "lea-desk", "LEGAL_PROCESS", ME, "customer", Outcome.ALLOWED, "LR-7"));
    l.append(completion(13, legal, 30L, "complete", List.of()));
    mine.add(legal.sequence());
    AuditEntry billing = l.append(decision(14, "billing-job", "BILLING", null, "all", Outcome.ALLOWED, null));
    l.append(completion(15, billing, null, "in-progress", tags(0, 1000)));
    l.append(completion(16, billing, 5000L, "complete", List.of(OTHER)));
    mine.add(billing.sequence());
    AuditEntry marketing = l.append(decision(17, "mkt", "MARKETING", null, "all", Outcome.ALLOWED, null));
    l.append(completion(18, marketing, 100L, "complete", List.of(OTHER)));
    AuditEntry legacy = l.append(new Decision(T.plusSeconds(19), "care",
        "CUSTOMER_ACCESS", "usage", new AuditEvent.Scope(null, ME, null, null), List.of("start"),
        Outcome.ALLOWED, "purpose-allowed", null));
    mine.add(legacy.sequence());
    return mine;
  }

  private static void assertMine(List<Disclosure> report, List<Long> mine) {
    assertThat(report).extracting(Disclosure::decisionSequence).containsExactlyElementsOf(mine);
    assertThat(report.get(0).resultCount()).isEqualTo(12L);
    assertThat(report.get(1).resultCount()).isEqualTo(4L);
    assertThat(report.get(2).scopeKind()).isEqualTo("prefix");
    assertThat(report.get(2).resultCount()).isEqualTo(9000L);
    assertThat(report.get(3).gagged()).isTrue();
    assertThat(report.get(4).purpose()).isEqualTo("BILLING");
    assertThat(report.get(4).resultCount()).isEqualTo(5000L);
    assertThat(report.get(5).resultCount()).isNull();
  }

  @Test
  void indexedReport_equalsTheScan_forCustomerMultiCustomerChunkedAndAllBillingDisclosures() {
    try (RocksCdrStore store = open()) {
      RocksAuditLedger l = (RocksAuditLedger) store.auditLedger();
      List<Long> mine = fillMixed(l);
      Set<String> gagged = Set.of("LR-7");

      assertThat(DisclosureIndex.complete(l)).isTrue();
      List<Disclosure> viaIndex = DisclosureReport.viaIndex(l, ME, gagged::contains, true);
      assertMine(viaIndex, mine);
      assertThat(viaIndex).isEqualTo(DisclosureReport.viaScan(l, ME, gagged::contains, true));
      // the customer's own view drops the gagged legal request and nothing else
      assertThat(DisclosureReport.of(l, ME.toUpperCase(), gagged::contains, false))
          .extracting(Disclosure::decisionSequence)
          .containsExactlyElementsOf(mine.stream().filter(s -> s != mine.get(3)).toList());
      // a customer listed only in the first chunk of the prefix read
      String first = tags(0, 1).get(0);
      assertThat(DisclosureReport.of(l, first, gagged::contains, true))
          .isEqualTo(DisclosureReport.viaScan(l, first, gagged::contains, true))
          .extracting(Disclosure::operation).hasSize(2); // the prefix read and the billing run
      assertThat(DisclosureReport.of(l, OTHER, gagged::contains, true))
          .isEqualTo(DisclosureReport.viaScan(l, OTHER, gagged::contains, true)).hasSize(4);
    }
  }

  @Test
  void report_readsOnlyTheCustomersEntries_notTheRestOfTheLedger() {
    long unrelated;
    List<Long> mine;
    try (RocksCdrStore store = open()) {
      AuditLedger l = store.auditLedger();
      mine = fillMixed(l);
      // a flood of anonymous denials and other customers' reads
      for (int i = 0; i < 3000; i++) {
        l.append(decision(100 + i, "anonymous", null, null, null, Outcome.DENIED, null));
        l.append(decision(100 + i, "care", "CUSTOMER_ACCESS", OTHER, "customer", Outcome.ALLOWED, null));
      }
      unrelated = l.lastSequence() - 10;
    }
    // damage one unrelated entry: a report that reads the ledger would trip over it
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.put("audit", ByteBuffer.allocate(8).putLong(unrelated).array(),
          "not an entry".getBytes(StandardCharsets.UTF_8));
    }
    try (RocksCdrStore store = open()) {
      RocksAuditLedger l = (RocksAuditLedger) store.auditLedger();
      assertThat(l.verify().ok()).isFalse();

      assertMine(DisclosureReport.of(l, ME, Set.of("LR-7")::contains, true), mine);
      assertThatThrownBy(() -> DisclosureReport.viaScan(l, ME, c -> false, true))
          .isInstanceOf(CdrVaultException.class).hasMessageContaining("unreadable");
    }
  }

  private void dropIndex() {
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      for (Map.Entry<byte[], byte[]> e : raw.entries("meta")) {
        byte[] k = e.getKey();
        if (k.length >= INDEX_PREFIX.length
            && Arrays.equals(k, 0, INDEX_PREFIX.length, INDEX_PREFIX, 0, INDEX_PREFIX.length)) {
          raw.delete("meta", k);
        }
      }
    }
  }

  private long indexKeys() {
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      return raw.entries("meta").stream().map(Map.Entry::getKey)
          .filter(k -> k.length >= INDEX_PREFIX.length
              && Arrays.equals(k, 0, INDEX_PREFIX.length, INDEX_PREFIX, 0, INDEX_PREFIX.length))
          .count();
    }
  }

  @Test
  void ledgerWrittenBeforeTheIndex_isScannedReadOnly_andBackfilledWhenTheStoreOpens() {
    List<Long> mine;
    try (RocksCdrStore store = open()) {
      mine = fillMixed(store.auditLedger());
      for (int i = 0; i < 25_000; i++) { // more than two backfill batches
        store.auditLedger().append(decision(100 + i, "anonymous", null, null, null, Outcome.DENIED, null));
      }
    }
    long keysWhenWritten = indexKeys();
    dropIndex();
    assertThat(indexKeys()).isZero();

    // read-only (the CLI): no index to use, so the report scans, and is still right
    try (ReadOnlyAudit ro = ReadOnlyAudit.open(dataDir)) {
      assertThat(DisclosureIndex.complete((RocksAuditLedger) ro.ledger())).isFalse();
      assertMine(DisclosureReport.of(ro.ledger(), ME, Set.of("LR-7")::contains, true), mine);
    }
    // the writable store backfills on open
    try (RocksCdrStore store = open()) {
      RocksAuditLedger l = (RocksAuditLedger) store.auditLedger();
      assertThat(DisclosureIndex.complete(l)).isTrue();
      assertMine(DisclosureReport.viaIndex(l, ME, Set.of("LR-7")::contains, true), mine);
    }
    // the same keys as when they were written with the entries
    assertThat(indexKeys()).isEqualTo(keysWhenWritten);
    try (ReadOnlyAudit ro = ReadOnlyAudit.open(dataDir)) {
      assertThat(DisclosureIndex.complete((RocksAuditLedger) ro.ledger())).isTrue();
      assertThat(ro.verify().ok()).isTrue();
    }
  }

  @Test
  void backfillInterruptedAfterItStarted_isResumedOnTheNextOpen() {
    List<Long> mine;
    long head;
    try (RocksCdrStore store = open()) {
      mine = fillMixed(store.auditLedger());
      head = store.auditLedger().lastSequence();
    }
    dropIndex();
    // the state a crash leaves after catch-up marked the range and before any batch was written
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.put("meta", DisclosureIndex.BASE, new byte[0]);
      raw.put("meta", DisclosureIndex.LIVE, ByteBuffer.allocate(8).putLong(head).array());
      raw.put("meta", DisclosureIndex.PENDING, ByteBuffer.allocate(16).putLong(1).putLong(head).array());
    }
    try (ReadOnlyAudit ro = ReadOnlyAudit.open(dataDir)) {
      assertThat(DisclosureIndex.complete((RocksAuditLedger) ro.ledger())).isFalse();
    }
    try (RocksCdrStore store = open()) {
      RocksAuditLedger l = (RocksAuditLedger) store.auditLedger();
      assertThat(DisclosureIndex.complete(l)).isTrue();
      assertMine(DisclosureReport.viaIndex(l, ME, Set.of("LR-7")::contains, true), mine);
    }
  }

  @Test
  void oldLedgerAppendedToWithoutOpeningTheStore_isNotTrusted_untilBackfilled() throws Exception {
    // e.g. a backup from before the index, restored (restore appends its own audit entry)
    List<Long> mine;
    try (RocksCdrStore store = open()) {
      mine = fillMixed(store.auditLedger());
    }
    dropIndex();
    appendThroughABareLedger(decision(50, "ops", null, null, null, Outcome.ALLOWED, null));
    try (ReadOnlyAudit ro = ReadOnlyAudit.open(dataDir)) {
      assertThat(DisclosureIndex.complete((RocksAuditLedger) ro.ledger())).isFalse();
    }
    try (RocksCdrStore store = open()) {
      RocksAuditLedger l = (RocksAuditLedger) store.auditLedger();
      assertThat(DisclosureIndex.complete(l)).isTrue();
      assertMine(DisclosureReport.viaIndex(l, ME, Set.of("LR-7")::contains, true), mine);
    }
  }

  /** Appends as {@code Backups.restore} does: a ledger over the raw database, no store open. */
  private void appendThroughABareLedger(AuditEvent event) throws Exception {
    String path = dataDir.resolve("rocksdb").toString();
    List<byte[]> names;
    try (org.rocksdb.Options o = new org.rocksdb.Options()) {
      names = org.rocksdb.RocksDB.listColumnFamilies(o, path);
    }
    List<org.rocksdb.ColumnFamilyHandle> hs = new ArrayList<>();
    try (org.rocksdb.DBOptions dbo = new org.rocksdb.DBOptions();
        org.rocksdb.ColumnFamilyOptions cfo = new org.rocksdb.ColumnFamilyOptions()) {
      List<org.rocksdb.ColumnFamilyDescriptor> ds = new ArrayList<>();
      names.forEach(n -> ds.add(new org.rocksdb.ColumnFamilyDescriptor(n, cfo)));
      try (org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(dbo, path, ds, hs)) {
        org.rocksdb.ColumnFamilyHandle audit = null;
        org.rocksdb.ColumnFamilyHandle meta = null;
        for (int i = 0; i < names.size(); i++) {
          String n = new String(names.get(i), StandardCharsets.UTF_8);
          if (n.equals("audit")) {
            audit = hs.get(i);
          } else if (n.equals("meta")) {
            meta = hs.get(i);
          }
        }
        RocksAuditLedger ledger = RocksAuditLedger.open(db, audit, meta);
        ledger.append(event);
        ledger.close();
      } finally {
        hs.forEach(org.rocksdb.ColumnFamilyHandle::close);
      }
    }
  }

  @Test
  void prune_dropsTheIndexKeysOfPrunedEntries_andReportsStayRight() {
    ManifestSigner signer = ManifestSigner.generate();
    Instant t0 = Instant.parse("2023-01-01T00:00:00Z");
    try (RocksCdrStore store = open()) {
      RocksAuditLedger l = (RocksAuditLedger) store.auditLedger();
      // old: ME read at day 0 (customer scope and in a prefix read's subjects), billing run
      AuditEntry old = l.append(new Decision(t0, "care", "CUSTOMER_ACCESS", "records",
          AuditEvent.Scope.customer(ME), List.of("start"), Outcome.ALLOWED,
          "purpose-allowed", null));
      AuditEvent.Scope prefix = new AuditEvent.Scope("prefix", "+44", null, null);
      AuditEntry oldPrefix = l.append(new Decision(t0, "analyst", "FRAUD", "records",
          prefix, List.of("start"), Outcome.ALLOWED, "purpose-allowed", "F-1"));
      l.append(new Completion(t0, "analyst", "FRAUD", "records", prefix, "complete",
          "F-1", 2L, oldPrefix.sequence(), List.of(ME)));
      l.append(new Decision(t0, "billing-job", "BILLING", "billing-run",
          new AuditEvent.Scope("all", null, null, null), List.of("start"),
          Outcome.ALLOWED, "purpose-allowed", null));
      l.append(new Decision(t0, "anonymous", null, "records", AuditEvent.Scope.NONE,
          List.of(), Outcome.DENIED, "unauthenticated", null));
      l.checkpoint(signer, t0);
      // recent: one read of ME
      Instant recent = t0.plus(Duration.ofDays(400));
      AuditEntry kept = l.append(new Decision(recent, "care", "CUSTOMER_ACCESS",
          "records", AuditEvent.Scope.customer(ME), List.of("start"), Outcome.ALLOWED,
          "purpose-allowed", null));
      l.checkpoint(signer, recent);
      assertThat(DisclosureReport.of(l, ME, c -> false, true)).hasSize(4);

      AuditRetention.Pruned p = new AuditRetention(l, Duration.ofDays(366))
          .prune(recent.plus(Duration.ofDays(1)), signer);

      assertThat(p.entriesDeleted()).isEqualTo(4);
      assertThat(DisclosureReport.of(l, ME, c -> false, true))
          .extracting(Disclosure::decisionSequence).containsExactly(kept.sequence());
      assertThat(l.verify(signer.rawPublicKey()).ok()).isTrue();
      assertThat(old.sequence()).isLessThan(kept.sequence());
    }
    // only the kept decision's key is left
    assertThat(indexKeysNamed("audit/dx/c/")).isEqualTo(1);
    assertThat(indexKeysNamed("audit/dx/a/")).isZero();
    assertThat(indexKeysNamed("audit/dx/k/")).isZero();
  }

  private long indexKeysNamed(String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      return raw.entries("meta").stream().map(Map.Entry::getKey)
          .filter(k -> k.length >= p.length && Arrays.equals(k, 0, p.length, p, 0, p.length))
          .count();
    }
  }
}
