package io.cdrvault.store.rocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/**
 * Tells whether the store can write, for readiness: a synced write of a fixed {@code meta} key
 * ({@value #KEY_NAME}, 8 bytes of a counter — no CPNI), exactly the kind of write an audit append
 * makes, plus the usable space the record store needs ({@code minFreeDiskBytes}).
 *
 * <p>After a full disk RocksDB stops writing (a background error); with the store's
 * {@code SstFileManager} it recovers by itself once space returns. This probe only observes: it
 * writes at most once per {@link #MIN_INTERVAL}, however often readiness is asked, so a failing
 * disk sees no storm of retries. Thread-safe.
 */
public final class WriteProbe {
  /** The probe's key in {@code meta}. */
  public static final String KEY_NAME = "health/write-probe";
  /** Results are reused for this long. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private static final byte[] KEY = KEY_NAME.getBytes(StandardCharsets.UTF_8);

  /**
   * What the probe found.
   *
   * @param ledgerWritable a synced write to the database succeeded (the audit ledger can append)
   * @param storeWritable the record store can take ingest batches: writable and at least
   *     {@code minFreeDiskBytes} usable
   * @param problem why not, by kind ({@code disk-full}, {@code io-error}, {@code below-min-free-space},
   *     {@code closed}, ...), empty when both are writable
   */
  public record Health(boolean ledgerWritable, boolean storeWritable, String problem) {
    public Health {
      Objects.requireNonNull(problem, "problem");
    }

    static Health closed() {
      return new Health(false, false, "closed");
    }
  }

  private final RocksDB db;
  private final ColumnFamilyHandle meta;
  private final WriteOptions sync;
  private final FileStore fileStore;
  private final LongSupplier minFreeDiskBytes;
  private long counter;
  private long lastCheckNanos;
  private Health last;

  WriteProbe(RocksDB db, ColumnFamilyHandle meta, WriteOptions sync, FileStore fileStore,
      LongSupplier minFreeDiskBytes) {
    this.db = db;
    this.meta = meta;
    this.sync = sync;
    this.fileStore = fileStore;
    this.minFreeDiskBytes = minFreeDiskBytes;
  }

  /** The current health: probed now, or the result of a probe less than {@link #MIN_INTERVAL} ago. */
  synchronized Health check() {
    long now = System.nanoTime();
    if (last != null && now - lastCheckNanos < MIN_INTERVAL.toNanos()) {
      return last;
    }
    lastCheckNanos = now;
    last = probe();
    return last;
  }

  private Health probe() {
    try {
      db.put(meta, sync, KEY, ByteBuffer.allocate(8).putLong(++counter).array());
    } catch (RocksDBException e) {
      Status s = e.getStatus();
      String kind = RocksErrors.isNoSpace(s) ? "disk-full"
          : s == null ? "unknown" : s.getCode() == Status.Code.IOError ? "io-error"
          : s.getCode().name().toLowerCase(java.util.Locale.ROOT);
      return new Health(false, false, kind);
    }
    long min = minFreeDiskBytes.getAsLong();
    if (min > 0) {
      try {
        if (fileStore.getUsableSpace() < min) {
          return new Health(true, false, "below-min-free-space");
        }
      } catch (IOException e) {
        return new Health(true, false, "free-space-unreadable");
      }
    }
    return new Health(true, true, "");
  }
}
