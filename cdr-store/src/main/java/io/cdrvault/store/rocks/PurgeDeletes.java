package io.cdrvault.store.rocks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The deletions a purge adds to a write batch: one customer's records (a range delete), every
 * record of a month but the held ones, and the index entries of doomed records.
 *
 * <p>Stateless beside the reader; call with the store's gate held.
 */
final class PurgeDeletes {
  private final RecordReader reader;

  PurgeDeletes(RecordReader reader) {
    this.reader = reader;
  }

  /** Range-deletes one customer's records in a month column family. */
  void deleteCustomer(WriteBatch wb, ColumnFamilyHandle rec, byte[] tag)
      throws RocksDBException {
    byte[] begin = Arrays.copyOf(tag, StorageKeys.RECORD_KEY_BYTES);
    byte[] end = new byte[StorageKeys.RECORD_KEY_BYTES + 1];
    System.arraycopy(tag, 0, end, 0, 16);
    Arrays.fill(end, 16, end.length, (byte) 0xff);
    wb.deleteRange(rec, begin, end);
  }

  /** Deletes every record of the month except the held ones (range deletes where nothing is held). */
  void deleteAllBut(WriteBatch wb, ColumnFamilyHandle rec, Set<ByteBuffer> held,
      Set<ByteBuffer> keepTags) throws RocksDBException {
    try (RocksIterator it = reader.iterator(rec)) {
      it.seekToFirst();
      while (it.isValid()) {
        byte[] tag = Arrays.copyOf(it.key(), 16);
        if (!keepTags.contains(ByteBuffer.wrap(tag))) {
          deleteCustomer(wb, rec, tag);
          byte[] next = new byte[StorageKeys.RECORD_KEY_BYTES + 1];
          System.arraycopy(tag, 0, next, 0, 16);
          Arrays.fill(next, 16, next.length, (byte) 0xff);
          it.seek(next);
          continue;
        }
        byte[] k = it.key();
        if (!held.contains(ByteBuffer.wrap(k))) {
          wb.delete(rec, k);
        }
        it.next();
      }
      it.status();
    }
  }

  /** Deletes the index entries whose record key {@code doomed} accepts. */
  void deleteIndexEntries(WriteBatch wb, ColumnFamilyHandle idx,
      java.util.function.Predicate<byte[]> doomed) throws RocksDBException {
    try (RocksIterator it = reader.iterator(idx)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length == StorageKeys.INDEX_KEY_BYTES && doomed.test(StorageKeys.recordKeyOf(k))) {
          wb.delete(idx, k);
        }
      }
      it.status();
    }
  }
}
