package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.lifecycle.SweepListener;
import io.cdrvault.store.lifecycle.SweepReport;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.ServiceType;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention sweep (DESIGN invariant 7). One run, in this order:
 * <ol>
 *   <li>records the expiry of holds past their term ({@code hold.expire});</li>
 *   <li>runs deferred erasures whose obstacle has ended ({@code erasure.run});</li>
 *   <li>physically purges erased customers: their records in every month (range delete on the
 *       customer tag) and their index entries, then compacts ({@code erasure.purge});</li>
 *   <li>for each month wholly past retention (its end is before now − the longest retention of any
 *       type): audits {@code retention.sweep}, destroys the month's data keys that no hold needs
 *       (unreadable at once), then drops the month's record and index column families — or, when
 *       a hold preserves some records, deletes everything else of the month (range deletes for
 *       customers with nothing held) and compacts;</li>
 *   <li>for a month past the retention of a shorter-lived type only (e.g. SMS kept 6 months, VOICE
 *       18): decrypts the month's records, deletes those of the expired type that no hold
 *       preserves and their index entries, and compacts ({@code retention.sweep}, rule
 *       {@code type-expired}); the keys stay because the other records need them.</li>
 * </ol>
 * A dry run computes the same report and changes nothing (and audits nothing).
 *
 * <p>Thread-safe: runs are serialised (with erasure requests). {@link #close()} stops the schedule
 * and is idempotent; it does not close the store.
 */
public final class RetentionSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
  private static final HexFormat HEX = HexFormat.of();

  private final LifecycleParts parts;
  private final StoreGate gate;
  private final MonthFamilies families;
  private final RecordReader reader;
  private final RecordVault vault;
  private final MonthMaintenance maintenance;
  private final PurgeDeletes purge;
  private final RetentionPolicy policy;
  private final RocksLifecycle lc;
  private ScheduledExecutorService scheduler;

  RetentionSweeper(LifecycleParts parts, RetentionPolicy policy) {
    this.parts = Objects.requireNonNull(parts, "parts");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.gate = parts.gate();
    this.families = parts.families();
    this.reader = parts.reader();
    this.vault = parts.vault();
    this.maintenance = parts.maintenance();
    this.purge = new PurgeDeletes(reader);
    this.lc = parts.registry();
  }

  /**
   * Runs {@link #runOnce} every {@code interval} (first run after {@code initialDelay}) on a daemon
   * thread, with the time from {@code clock}; a failed run is logged and retried next time.
   * {@code listener} is told each run's outcome.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized void start(Duration initialDelay, Duration interval, Clock clock,
      SweepListener listener) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(listener, "listener");
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cdrvault-retention-sweep");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        SweepReport r = runOnce(clock.instant());
        LOG.info("retention sweep: {}", r.summary());
        listener.completed(r);
      } catch (RuntimeException e) {
        listener.failed(e);
        LOG.warn("retention sweep failed ({}); retrying at the next interval", e.getClass().getSimpleName(), e);
      }
    }, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sweeps now. */
  public SweepReport runOnce(Instant now) {
    return sweep(now, false);
  }

  /** What a sweep at {@code now} would do, changing nothing. */
  public SweepReport plan(Instant now) {
    return sweep(now, true);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
  }

  private SweepReport sweep(Instant now, boolean dry) {
    Objects.requireNonNull(now, "now");
    synchronized (lc) {
      Acc a = new Acc();
      a.holdsExpired = dry ? (int) lc.all().stream()
          .filter(h -> h.state() == Hold.State.ACTIVE && !now.isBefore(h.expiresAt())).count()
          : lc.expireHolds(now);
      runDeferredErasures(now, dry, a);
      purgeErased(now, dry, a);
      List<Hold> holds = lc.activeAt(now);
      Instant whole = policy.wholeCutoff(now);
      for (int month : gate.shared(families::storedMonths)) {
        Instant end = HeldRecords.monthEnd(month);
        if (!end.isAfter(whole)) {
          expireMonth(month, holds, now, dry, a);
          continue;
        }
        for (ServiceType t : ServiceType.values()) {
          if (!end.isAfter(policy.cutoff(t, now)) && !lc.typeSwept(month, t.name())) {
            expireType(month, t, holds, now, dry, a);
          }
        }
      }
      return new SweepReport(now, dry, a.dropped, a.aroundHolds, a.byType, a.keys, a.kept,
          a.holdsExpired, a.erasuresRun, a.purged);
    }
  }

  /** Accumulates the report. */
  private static final class Acc {
    final List<Integer> dropped = new ArrayList<>();
    final List<Integer> aroundHolds = new ArrayList<>();
    final List<Integer> byType = new ArrayList<>();
    int keys;
    long kept;
    int holdsExpired;
    int erasuresRun;
    int purged;
  }

  private void runDeferredErasures(Instant now, boolean dry, Acc a) {
    RocksErasure erasure = new RocksErasure(parts, policy);
    for (RocksLifecycle.Pending p : lc.pending()) {
      byte[] tag = vault.tagger().tag(p.customer());
      if (lc.erasedAt(tag).isPresent()) {
        if (!dry) {
          lc.remove(p.key());
        }
        continue;
      }
      if (gate.shared(() -> erasure.obstacle(p.customer(), tag, now)).isPresent()) {
        continue;
      }
      a.erasuresRun++;
      if (!dry) {
        a.keys += erasure.run(tag, RocksLifecycle.SYSTEM_PRINCIPAL, now, "deferred-erasure-due");
        lc.remove(p.key());
      }
    }
  }

  private void purgeErased(Instant now, boolean dry, Acc a) {
    List<RocksLifecycle.Purge> purges = lc.purges();
    if (purges.isEmpty()) {
      return;
    }
    a.purged = purges.size();
    if (dry) {
      return;
    }
    Set<ByteBuffer> tags = new HashSet<>();
    for (RocksLifecycle.Purge p : purges) {
      lc.audit(now, RocksLifecycle.SYSTEM_PRINCIPAL, "erasure.purge", HEX.formatHex(p.tag()), "customer",
          null, null, "erased-customer-purged", null, null);
      tags.add(ByteBuffer.wrap(p.tag()));
      // keys left by an interrupted erasure
      List<DekId> left = gate.shared(() -> vault.ids(p.tag(), id -> true));
      maintenance.destroyKeys(left);
      a.keys += left.size();
    }
    gate.shared(() -> {
      List<ColumnFamilyHandle> touched = new ArrayList<>();
      for (int month : families.storedMonths()) {
        ColumnFamilyHandle rec = families.recordHandle(month);
        ColumnFamilyHandle idx = families.indexHandle(month);
        try (WriteBatch wb = new WriteBatch()) {
          if (rec != null) {
            for (ByteBuffer t : tags) {
              purge.deleteCustomer(wb, rec, t.array());
            }
            touched.add(rec);
          }
          if (idx != null) {
            purge.deleteIndexEntries(wb, idx, k -> tags.contains(ByteBuffer.wrap(Arrays.copyOf(k, 16))));
            touched.add(idx);
          }
          write(wb);
        } catch (RocksDBException e) {
          throw RocksErrors.translate("purging erased customers in month " + month, e);
        }
      }
      maintenance.compactForPurge(touched);
      return null;
    });
    for (RocksLifecycle.Purge p : purges) {
      lc.remove(p.key());
    }
  }

  private void expireMonth(int month, List<Hold> holds, Instant now, boolean dry, Acc a) {
    Set<ByteBuffer> held = gate.shared(() -> HeldRecords.in(reader, month, holds));
    Set<ByteBuffer> keepTags = new HashSet<>();
    for (ByteBuffer k : held) {
      keepTags.add(ByteBuffer.wrap(Arrays.copyOf(k.array(), 16)));
    }
    List<DekId> destroy = gate.shared(() -> vault.ids(null,
        id -> id.month() == month && !keepTags.contains(ByteBuffer.wrap(Arrays.copyOf(id.storageKey(), 16)))));
    a.keys += destroy.size();
    a.kept += held.size();
    if (held.isEmpty()) {
      a.dropped.add(month);
    } else {
      a.aroundHolds.add(month);
    }
    if (dry) {
      return;
    }
    lc.audit(now, RocksLifecycle.SYSTEM_PRINCIPAL, "retention.sweep", null, "month",
        HeldRecords.monthStart(month), HeldRecords.monthEnd(month),
        held.isEmpty() ? "month-expired" : "month-expired-held-records-kept", null, (long) destroy.size());
    maintenance.destroyKeys(destroy);
    if (held.isEmpty()) {
      maintenance.dropMonth(month);
      gate.shared(() -> {
        maintenance.compactForPurge(List.of());
        return null;
      });
      return;
    }
    gate.shared(() -> {
      ColumnFamilyHandle rec = families.recordHandle(month);
      ColumnFamilyHandle idx = families.indexHandle(month);
      List<ColumnFamilyHandle> touched = new ArrayList<>();
      try (WriteBatch wb = new WriteBatch()) {
        if (rec != null) {
          purge.deleteAllBut(wb, rec, held, keepTags);
          touched.add(rec);
        }
        if (idx != null) {
          purge.deleteIndexEntries(wb, idx, rk -> !held.contains(ByteBuffer.wrap(rk)));
          touched.add(idx);
        }
        write(wb);
      } catch (RocksDBException e) {
        throw RocksErrors.translate("purging expired month " + month + " around holds", e);
      }
      maintenance.compactForPurge(touched);
      return null;
    });
  }

  private void expireType(int month, ServiceType type, List<Hold> holds, Instant now, boolean dry, Acc a) {
    Set<ByteBuffer> held = gate.shared(() -> HeldRecords.in(reader, month, holds));
    List<byte[]> doomed = new ArrayList<>();
    long[] keptOfType = {0};
    gate.shared(() -> {
      ColumnFamilyHandle rec = families.recordHandle(month);
      if (rec == null) {
        return null;
      }
      try (RocksIterator it = reader.iterator(rec)) {
        byte[] lastTag = null;
        Optional<DataKey> dk = Optional.empty();
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] k = it.key();
          if (lastTag == null || !Arrays.equals(k, 0, 16, lastTag, 0, 16)) {
            lastTag = Arrays.copyOf(k, 16);
            dk = reader.dataKey(DekId.of(lastTag, month));
          }
          if (dk.isEmpty()) {
            continue;
          }
          CustomerCdr r = reader.open(dk.get(), month, k, it.value());
          if (r.cdr().type() != type) {
            continue;
          }
          if (held.contains(ByteBuffer.wrap(k))) {
            keptOfType[0]++;
          } else {
            doomed.add(k);
          }
        }
        it.status();
      } catch (RocksDBException e) {
        throw RocksErrors.translate("sweeping " + type + " records of month " + month, e);
      }
      return null;
    });
    a.kept += keptOfType[0];
    if (!doomed.isEmpty()) {
      a.byType.add(month);
    }
    if (dry) {
      return;
    }
    if (!doomed.isEmpty()) {
      lc.audit(now, RocksLifecycle.SYSTEM_PRINCIPAL, "retention.sweep", null, "month",
          HeldRecords.monthStart(month), HeldRecords.monthEnd(month), "type-expired:" + type, null,
          (long) doomed.size());
      Set<ByteBuffer> gone = new HashSet<>();
      doomed.forEach(k -> gone.add(ByteBuffer.wrap(k)));
      gate.shared(() -> {
        ColumnFamilyHandle rec = families.recordHandle(month);
        ColumnFamilyHandle idx = families.indexHandle(month);
        List<ColumnFamilyHandle> touched = new ArrayList<>();
        try (WriteBatch wb = new WriteBatch()) {
          if (rec != null) {
            for (byte[] k : doomed) {
              wb.delete(rec, k);
            }
            touched.add(rec);
          }
          if (idx != null) {
            purge.deleteIndexEntries(wb, idx, rk -> gone.contains(ByteBuffer.wrap(rk)));
            touched.add(idx);
          }
          write(wb);
        } catch (RocksDBException e) {
          throw RocksErrors.translate("deleting expired " + type + " records of month " + month, e);
        }
        maintenance.compactForPurge(touched);
        return null;
      });
    }
    if (keptOfType[0] == 0) {
      lc.markTypeSwept(month, type.name()); // else: look again once the holds end
    }
  }

  private void write(WriteBatch wb) throws RocksDBException {
    maintenance.writeSynced(wb);
  }

  @Override
  public String toString() {
    return "RetentionSweeper[" + policy.jurisdiction() + "]";
  }
}
