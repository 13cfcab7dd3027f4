package io.cdrvault.query.testing;

import io.cdrvault.store.testing.DataDirScanner;
import io.cdrvault.store.testing.RawRocksDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Looks for plaintext in a closed store's data directory twice: in the raw bytes of every file
 * (WAL, MANIFEST, logs, uncompressed SSTs) and through RocksDB itself in every key and value of
 * every column family of both databases (compressed SSTs, the audit column family included).
 */
public final class PlaintextScan {
  private PlaintextScan() {}

  /** Every finding ({@code file: needle #i} or {@code db/cf: needle 'x'}); empty when clean. */
  public static List<String> findings(Path dataDir, Collection<String> needles) {
    List<String> out = new ArrayList<>(DataDirScanner.findOccurrences(dataDir, needles));
    for (String db : List.of("rocksdb", "keydb")) {
      if (!Files.isDirectory(dataDir.resolve(db))) {
        continue;
      }
      try (RawRocksDb raw = db.equals("rocksdb") ? RawRocksDb.open(dataDir)
          : RawRocksDb.openKeyDatabase(dataDir)) {
        for (String cf : raw.columnFamilies()) {
          for (Map.Entry<byte[], byte[]> e : raw.entries(cf)) {
            String k = new String(e.getKey(), StandardCharsets.ISO_8859_1);
            String v = new String(e.getValue(), StandardCharsets.ISO_8859_1);
            for (String n : needles) {
              if (k.contains(n) || v.contains(n)) {
                out.add(db + "/" + cf + ": needle '" + n + "'");
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** How many entries the audit column family holds (proves the scan read it). */
  public static int auditEntries(Path dataDir) {
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      return raw.columnFamilies().contains("audit") ? raw.entries("audit").size() : -1;
    }
  }
}
