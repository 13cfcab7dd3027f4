package io.cdrvault.store.rocks;

import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.model.CustomerCdr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A k-way merge over several sorted sources: either index ranges (one per index tag and month;
 * number and destination-prefix scopes) or whole month column families (all-customers scope).
 *
 * <p>Index sources are ordered by {@code startMillis ‖ recordId ‖ customerTag}, so the merge is in
 * start-time order and the per-customer copies of one call are adjacent (the first readable one is
 * returned, the others skipped). Month sources are ordered by the full record key, so the merge is
 * grouped by customer tag and in start-time order within a customer.
 *
 * <p>Every record returned is decrypted with its customer's month key and checked against
 * {@link AccessGrant#admits}; records whose key is gone (erased) are skipped.
 *
 * <p>Not thread-safe.
 */
final class MergeCursor extends StoreCursor {
  private final RecordReader reader;
  private final AccessGrant grant;
  private final boolean index;
  private final long fromMillis;
  private final long toMillis;
  private final PriorityQueue<Source> heap;
  private final List<Source> all = new ArrayList<>();
  private final Map<DekId, Optional<DataKey>> keyCache = new HashMap<>();
  private final OpenAhead<Opened> ahead;
  private byte[] lastTag;
  private boolean lastAdmitted;
  private long lastMillis = Long.MIN_VALUE;
  private long lastId;

  /** Read-ahead of a whole-family scan (the all-customers scope). */
  static final long SCAN_READAHEAD_BYTES = 2L << 20;

  private final class Source {
    final int month;
    final ReadOptions ro;
    final Slice lower;
    final Slice upper;
    final RocksIterator it;
    byte[] key;

    Source(int month, ColumnFamilyHandle cf, byte[] lowerKey, byte[] upperKey, byte[] seek,
        boolean wholeFamily) {
      this.month = month;
      this.lower = lowerKey == null ? null : new Slice(lowerKey);
      this.upper = upperKey == null ? null : new Slice(upperKey);
      ReadOptions o = new ReadOptions();
      if (wholeFamily) {
        // a scan of every customer reads each block once: do not push the hot blocks of
        // customer and number reads out of the block cache with it, and read ahead in large steps
        o.setFillCache(false).setReadaheadSize(SCAN_READAHEAD_BYTES);
      }
      if (lower != null) {
        o.setIterateLowerBound(lower);
      }
      if (upper != null) {
        o.setIterateUpperBound(upper);
      }
      this.ro = o;
      this.it = reader.iterator(cf, o);
      if (seek == null) {
        it.seekToFirst();
      } else {
        it.seek(seek);
      }
      load();
    }

    void load() {
      if (it.isValid()) {
        key = it.key();
      } else {
        key = null;
        try {
          it.status();
        } catch (RocksDBException e) {
          throw RocksErrors.translate("scanning a column family", e);
        }
      }
    }

    void close() {
      it.close();
      ro.close();
      if (lower != null) {
        lower.close();
      }
      if (upper != null) {
        upper.close();
      }
    }
  }

  private MergeCursor(RecordReader reader, AccessGrant grant, boolean index) {
    super(reader, grant);
    this.reader = reader;
    this.grant = grant;
    this.index = index;
    this.ahead = new OpenAhead<>(reader.pool());
    this.fromMillis = Math.max(0, millis(grant.scope().from()));
    this.toMillis = Math.max(0, millis(grant.scope().to()));
    int start = index ? 16 : 0;
    this.heap = new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.key, start, a.key.length,
        b.key, start, b.key.length));
  }

  /** Records of the index tags (one per number, or several for a short prefix). */
  static MergeCursor overIndex(RecordReader reader, AccessGrant grant, List<byte[]> tags) {
    MergeCursor c = new MergeCursor(reader, grant, true);
    try {
      for (Map.Entry<Integer, ColumnFamilyHandle> m
          : reader.families().indexes(grant.scope()).entrySet()) {
        for (byte[] tag : tags) {
          c.add(c.new Source(m.getKey(), m.getValue(), StorageKeys.bound(tag, c.fromMillis),
              StorageKeys.bound(tag, c.toMillis), null, false));
        }
      }
    } catch (RuntimeException e) {
      c.release();
      throw e;
    }
    return c;
  }

  /** Every customer's records, starting after the customer tag {@code after} (null: the first). */
  static MergeCursor overAll(RecordReader reader, AccessGrant grant, byte[] after) {
    MergeCursor c = new MergeCursor(reader, grant, false);
    byte[] seek = after == null ? null : successor(after);
    try {
      if (after == null || seek != null) {
        for (Map.Entry<Integer, ColumnFamilyHandle> m
            : reader.families().records(grant.scope()).entrySet()) {
          c.add(c.new Source(m.getKey(), m.getValue(), null, null, seek, true));
        }
      }
    } catch (RuntimeException e) {
      c.release();
      throw e;
    }
    return c;
  }

  private void add(Source s) {
    all.add(s);
    if (s.key != null) {
      heap.add(s);
    }
  }

  /** The smallest 16-byte value greater than {@code tag}, or null if there is none. */
  private static byte[] successor(byte[] tag) {
    byte[] s = Arrays.copyOf(tag, 16);
    for (int i = 15; i >= 0; i--) {
      if (s[i] != (byte) 0xff) {
        s[i]++;
        return s;
      }
      s[i] = 0;
    }
    return null;
  }

  @Override
  CustomerCdr advance() {
    return index ? advanceIndexed() : advanceMonths();
  }

  /** An indexed record opened ahead of the reader, with what the merge needs to know of it. */
  private record Opened(CustomerCdr record, byte[] tag, long millis, long id) {}

  /**
   * Index sources: entries are read in chunks, their records fetched with one multi-get per month
   * and opened ahead ({@link OpenAhead}); the copies of one call and the customers the grant does
   * not admit are skipped here, in merge order, as before.
   */
  private CustomerCdr advanceIndexed() {
    while (true) {
      Opened o = ahead.poll();
      if (o != null) {
        if (o.millis() == lastMillis && o.id() == lastId) {
          continue; // another customer's copy of a call already returned
        }
        CustomerCdr r = o.record();
        if (lastTag == null || !Arrays.equals(o.tag(), lastTag)) {
          lastTag = o.tag();
          lastAdmitted = grant.admitsCustomer(r.customer());
        }
        if (!lastAdmitted || !grant.admits(r)) {
          continue;
        }
        lastMillis = o.millis();
        lastId = o.id();
        return r;
      }
      while (ahead.wantsMore() && readIndexChunk()) {
        // keep chunks opening while the oldest is awaited
      }
      if (!ahead.takeOldest()) {
        return null;
      }
    }
  }

  /** Reads the next chunk of index entries in range, fetches and submits their records. */
  private boolean readIndexChunk() {
    int n = ahead.chunkSize();
    int[] month = new int[n];
    byte[][] recordKey = new byte[n][];
    long[] millis = new long[n];
    long[] id = new long[n];
    int c = 0;
    while (c < n && !heap.isEmpty()) {
      Source s = heap.poll();
      byte[] k = s.key;
      step(s);
      long startMillis = StorageKeys.getLong(k, 16);
      if (!inWindow(startMillis)) {
        continue;
      }
      month[c] = s.month;
      recordKey[c] = StorageKeys.recordKeyOf(k);
      millis[c] = startMillis;
      id[c] = StorageKeys.getLong(k, 24);
      c++;
    }
    if (c == 0) {
      return false;
    }
    byte[][] value = fetch(month, recordKey, c);
    // data keys on the reader's thread (they may be read from the key database)
    int m = 0;
    DataKey[] key = new DataKey[c];
    byte[][] tag = new byte[c][];
    for (int i = 0; i < c; i++) {
      if (value[i] == null) {
        continue; // removed (retention, erasure) after it was indexed
      }
      byte[] t = Arrays.copyOf(recordKey[i], 16);
      Optional<DataKey> dk = dataKey(t, month[i]);
      if (dk.isEmpty()) {
        continue; // no key: destroyed (crypto-shredded)
      }
      month[m] = month[i];
      recordKey[m] = recordKey[i];
      value[m] = value[i];
      millis[m] = millis[i];
      id[m] = id[i];
      key[m] = dk.get();
      tag[m] = t;
      m++;
    }
    ahead.submit(m, i -> new Opened(reader.open(key[i], month[i], recordKey[i], value[i]),
        tag[i], millis[i], id[i]));
    return true;
  }

  /** The values at the record keys, one multi-get per month. */
  private byte[][] fetch(int[] month, byte[][] recordKey, int n) {
    byte[][] value = new byte[n][];
    Map<Integer, List<Integer>> byMonth = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byMonth.computeIfAbsent(month[i], x -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Integer, List<Integer>> e : byMonth.entrySet()) {
      List<Integer> at = e.getValue();
      List<byte[]> keys = new ArrayList<>(at.size());
      at.forEach(i -> keys.add(recordKey[i]));
      List<byte[]> got = reader.getAll(e.getKey(), keys);
      for (int j = 0; j < at.size(); j++) {
        value[at.get(j)] = got.get(j);
      }
    }
    return value;
  }

  /** Moves a source taken from the merge to its next entry, and back into the merge if it has one. */
  private void step(Source s) {
    s.it.next();
    s.load();
    if (s.key != null) {
      heap.add(s);
    }
  }

  private boolean inWindow(long startMillis) {
    return startMillis >= fromMillis && startMillis < toMillis;
  }

  /** Month sources (all customers): one record at a time, in key order. */
  private CustomerCdr advanceMonths() {
    while (!heap.isEmpty()) {
      Source s = heap.poll();
      byte[] k = s.key;
      byte[] v = s.it.value();
      step(s);
      if (!inWindow(StorageKeys.getLong(k, 16))) {
        continue;
      }
      byte[] recordKey = k;
      byte[] tag = Arrays.copyOf(recordKey, 16);
      if (lastTag != null && Arrays.equals(tag, lastTag) && !lastAdmitted) {
        continue; // a customer the grant does not admit (consent): skip without decrypting more
      }
      Optional<DataKey> dk = dataKey(tag, s.month);
      if (dk.isEmpty()) {
        continue; // no key: destroyed (crypto-shredded)
      }
      CustomerCdr r = reader.open(dk.get(), s.month, recordKey, v);
      if (lastTag == null || !Arrays.equals(tag, lastTag)) {
        lastTag = tag;
        lastAdmitted = grant.admitsCustomer(r.customer());
      }
      if (!lastAdmitted || !grant.admits(r)) {
        continue;
      }
      return r;
    }
    return null;
  }

  private Optional<DataKey> dataKey(byte[] tag, int month) {
    if (keyCache.size() > 4096) {
      keyCache.clear();
    }
    return keyCache.computeIfAbsent(DekId.of(tag, month), reader::dataKey);
  }

  private static long millis(Instant t) {
    try {
      return t.toEpochMilli();
    } catch (ArithmeticException e) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  @Override
  void release() {
    ahead.clear();
    heap.clear();
    for (Source s : all) {
      s.close();
    }
    all.clear();
  }
}
