package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.lifecycle.ErasureResult;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.ServiceType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Customer erasure: decides whether it may run now (no active legal hold preserving any of the
 * customer's records, no record still inside a statutory minimum retention) and runs it (marker,
 * then key destruction), or says until when and why it is deferred.
 *
 * <p>Serialised on the store's lifecycle registry, so a request and the sweep never interleave.
 */
final class RocksErasure {
  private static final HexFormat HEX = HexFormat.of();

  /** Why an erasure cannot run yet. */
  record Obstacle(Instant until, String code, String reason, String caseRef) {}

  private final StoreGate gate;
  private final MonthFamilies families;
  private final RecordReader reader;
  private final RecordVault vault;
  private final MonthMaintenance maintenance;
  private final RocksLifecycle lc;
  private final RetentionPolicy policy;

  RocksErasure(LifecycleParts parts, RetentionPolicy policy) {
    this.gate = parts.gate();
    this.families = parts.families();
    this.reader = parts.reader();
    this.vault = parts.vault();
    this.maintenance = parts.maintenance();
    this.lc = parts.registry();
    this.policy = policy;
  }

  ErasureResult erase(CustomerId customer, String principal, Instant now) {
    synchronized (lc) {
      byte[] tag = vault.tagger().tag(customer);
      String tagHex = HEX.formatHex(tag);
      Optional<Instant> at = lc.erasedAt(tag);
      if (at.isPresent()) {
        lc.audit(now, principal, "erasure.request", tagHex, "customer", null, null, "already-erased",
            null, null);
        return ErasureResult.alreadyErased(at.get());
      }
      Optional<Obstacle> o = gate.shared(() -> obstacle(customer, tag, now));
      if (o.isPresent()) {
        Obstacle ob = o.get();
        lc.audit(now, principal, "erasure.request", tagHex, "customer", null, null,
            "deferred-" + ob.code(), ob.caseRef(), null);
        lc.audit(now, principal, "erasure.deferred", tagHex, "customer", now, ob.until(), ob.code(),
            ob.caseRef(), null);
        lc.addPending(customer, principal, now);
        return ErasureResult.deferred(now, ob.until(), ob.code(), ob.reason());
      }
      lc.audit(now, principal, "erasure.request", tagHex, "customer", null, null, "accepted", null, null);
      run(tag, principal, now, "erased-on-request");
      return ErasureResult.erased(now);
    }
  }

  /** Marks the customer erased and destroys every data key of theirs; returns how many. */
  int run(byte[] tag, String principal, Instant now, String rule) {
    List<DekId> ids = gate.shared(() -> vault.ids(tag, id -> true));
    lc.audit(now, principal, "erasure.run", HEX.formatHex(tag), "customer", null, null, rule, null,
        (long) ids.size());
    lc.markErased(tag, now, principal);
    maintenance.destroyKeys(ids);
    return ids.size();
  }

  /** The obstacle that ends last, if any. Call with the store's gate held. */
  Optional<Obstacle> obstacle(CustomerId customer, byte[] tag, Instant now) {
    List<Obstacle> found = new ArrayList<>();
    for (Hold h : lc.activeAt(now)) {
      if (h.namesCustomer(customer) || holdsAnyRecordOf(h, tag)) {
        found.add(new Obstacle(h.expiresAt(), ErasureResult.LEGAL_HOLD, "legal hold " + h.id()
            + " preserves records of this customer until " + h.expiresAt()
            + " (later if it is renewed)", h.id()));
      }
    }
    for (ServiceType t : ServiceType.values()) {
      Optional<Period> min = policy.minimumOf(t);
      if (min.isEmpty()) {
        continue;
      }
      Optional<Instant> youngest = youngestStart(tag, t, RetentionPolicy.minus(now, min.get()));
      if (youngest.isPresent()) {
        Instant until = RetentionPolicy.plus(youngest.get(), min.get());
        found.add(new Obstacle(until, ErasureResult.STATUTORY_MINIMUM, "statutory minimum retention: "
            + policy.jurisdiction() + " " + t + " records are kept " + min.get() + " after the call; "
            + "this customer's youngest such record is kept until " + until, null));
      }
    }
    return found.stream().max(Comparator.comparing(Obstacle::until));
  }

  private boolean holdsAnyRecordOf(Hold h, byte[] tag) {
    if (h.numbers().isEmpty()) {
      return false;
    }
    for (int month : families.storedMonths()) {
      if (!h.overlaps(HeldRecords.monthStart(month), HeldRecords.monthEnd(month))) {
        continue;
      }
      Set<ByteBuffer> held = HeldRecords.in(reader, month, List.of(h));
      for (ByteBuffer k : held) {
        if (Arrays.equals(k.array(), 0, 16, tag, 0, 16)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The start of the customer's youngest record of {@code type} started at or after {@code since}. */
  private Optional<Instant> youngestStart(byte[] tag, ServiceType type, Instant since) {
    long sinceMillis = HeldRecords.millis(since);
    for (int month : families.storedMonths().descendingSet()) {
      if (!HeldRecords.monthEnd(month).isAfter(since)) {
        break;
      }
      ColumnFamilyHandle rec = families.recordHandle(month);
      if (rec == null) {
        continue;
      }
      Optional<DataKey> dk = reader.dataKey(DekId.of(tag, month));
      if (dk.isEmpty()) {
        continue;
      }
      Instant best = null;
      byte[] end = StorageKeys.bound(tag, Long.MAX_VALUE);
      try (RocksIterator it = reader.iterator(rec)) {
        for (it.seek(StorageKeys.bound(tag, sinceMillis)); it.isValid(); it.next()) {
          byte[] k = it.key();
          if (Arrays.compareUnsigned(k, end) >= 0) {
            break;
          }
          CustomerCdr r = reader.open(dk.get(), month, k, it.value());
          if (r.cdr().type() == type && (best == null || r.cdr().start().isAfter(best))) {
            best = r.cdr().start();
          }
        }
        it.status();
      } catch (RocksDBException e) {
        throw RocksErrors.translate("checking statutory retention in "
            + StorageKeys.monthColumnFamily(month), e);
      }
      if (best != null) {
        return Optional.of(best);
      }
    }
    return Optional.empty();
  }
}
