package io.cdrvault.store.rocks;

import io.cdrvault.store.SourcePartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads the Kafka offsets stored with the records ({@code meta} keys {@code offset/<topic>/<partition>}
 * → next offset, 8 bytes big-endian), written in the same batch as the records they came from.
 * Stateless.
 */
final class StoredOffsets {
  private StoredOffsets() {}

  /** Every stored (topic, partition) → next offset to consume. */
  static Map<SourcePartition, Long> read(RocksDB db, ColumnFamilyHandle meta) {
    Map<SourcePartition, Long> out = new HashMap<>();
    byte[] prefix = StorageKeys.OFFSET_PREFIX.getBytes(StandardCharsets.UTF_8);
    try (RocksIterator it = db.newIterator(meta)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        String k = new String(it.key(), StandardCharsets.UTF_8);
        if (!k.startsWith(StorageKeys.OFFSET_PREFIX)) {
          break;
        }
        int slash = k.lastIndexOf('/');
        String topic = k.substring(StorageKeys.OFFSET_PREFIX.length(), slash);
        int partition = Integer.parseInt(k.substring(slash + 1));
        out.put(new SourcePartition(topic, partition), ByteBuffer.wrap(it.value()).getLong());
      }
      it.status();
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading stored offsets", e);
    }
    return Map.copyOf(out);
  }
}
