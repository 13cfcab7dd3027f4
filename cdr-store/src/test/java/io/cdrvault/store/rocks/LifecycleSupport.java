package io.cdrvault.store.rocks;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.Grants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared steps of the lifecycle integration tests (real RocksDB, real keys, real policy engine). */
final class LifecycleSupport {
  private LifecycleSupport() {}

  static RocksCdrStore open(Path dataDir, Keyring keyring, Clock clock) {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(), clock);
  }

  static void write(RocksCdrStore store, List<CustomerCdr> records) {
    for (int i = 0; i < records.size(); i += 500) {
      store.write(new IngestBatch(records.subList(i, Math.min(records.size(), i + 500)),
          Map.of(new SourcePartition("cdr.test", 0), (long) i + 500)));
    }
  }

  static List<CustomerCdr> read(CdrStore store, AccessGrant grant) {
    List<CustomerCdr> out = new ArrayList<>();
    try (CdrStore.RecordCursor c = store.records(grant)) {
      c.forEachRemaining(r -> out.add(GrantedRecords.unprojected(r)));
    }
    return out;
  }

  /** The customer's records in the window, read back whole (under a grant admitting every field). */
  static List<CustomerCdr> billing(CdrStore store, CustomerId c, Instant from, Instant to, Clock clock) {
    return read(store, Grants.billing(store, c, from, to, clock));
  }

  /** A LEGAL_PROCESS grant for a registered and approved warrant over the targets and window. */
  static AccessGrant legal(CdrStore store, List<LegalTarget> targets, Instant from, Instant to, Clock clock) {
    LegalRequest lr = store.legalRegistry().register(new NewLegalRequest(Instrument.WARRANT,
        "US District Court", "1:26-mj-00042", targets, from, to, clock.instant().plus(Duration.ofDays(30)),
        "a".repeat(64), false), "legal-a", clock.instant());
    store.legalRegistry().approve(lr.id(), "legal-b", clock.instant());
    return Grants.grant(store, Purpose.LEGAL_PROCESS,
        AccessScope.legalRequest(store.legalRegistry().find(lr.id()).orElseThrow()),
        Operations.LEGAL_EXPORT, Optional.of(lr.id()), clock);
  }

  /** The storage key of a record, computed from the record (not read from the store). */
  static ByteBuffer recordKey(CdrStore store, CustomerCdr r) {
    return ByteBuffer.wrap(StorageKeys.recordKey(store.customerTagger().tag(r.customer()),
        r.cdr().start().toEpochMilli(), r.cdr().id().value()));
  }

  /** The record key an index key points to. */
  static ByteBuffer recordKeyOfIndex(byte[] indexKey) {
    return ByteBuffer.wrap(StorageKeys.recordKeyOf(indexKey));
  }

  /**
   * The record ids (8 bytes) of the given record keys: the part of a key that SST prefix encoding
   * never shares with the previous key, so a raw file scan sees every stored copy (record and index
   * entry) of it.
   */
  static List<byte[]> recordIds(java.util.Collection<ByteBuffer> recordKeys) {
    List<byte[]> out = new ArrayList<>();
    for (ByteBuffer k : recordKeys) {
      out.add(java.util.Arrays.copyOfRange(k.array(), 24, 32));
    }
    return out;
  }

  /** How many distinct needles a raw scan finds. */
  static long found(Path dir, List<byte[]> needles) {
    return io.cdrvault.store.testing.DataDirScanner.findBytes(dir, needles).stream()
        .map(f -> f.substring(f.lastIndexOf('#') + 1)).distinct().count();
  }

  static List<AuditEntry> audit(CdrStore store) {
    return store.auditLedger().read(1, 100_000);
  }

  static long count(CdrStore store, String operation) {
    return audit(store).stream().filter(e -> e.event().operation().equals(operation)).count();
  }

  static boolean inMonth(CustomerCdr r, String yyyyMm) {
    return r.cdr().start().toString().startsWith(yyyyMm);
  }
}
