package io.cdrvault.store.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Direct access to a closed store's RocksDB (all column families), for tamper tests: what an
 * attacker with the files could do. Not thread-safe; close it before reopening the store.
 */
public final class RawRocksDb implements AutoCloseable {
  private final DBOptions options;
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final Map<String, ColumnFamilyHandle> handles = new LinkedHashMap<>();

  private RawRocksDb(Path dbDir) throws RocksDBException {
    String path = dbDir.toString();
    List<byte[]> names;
    try (Options o = new Options()) {
      names = RocksDB.listColumnFamilies(o, path);
    }
    options = new DBOptions();
    cfOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> ds = new ArrayList<>();
    for (byte[] n : names) {
      ds.add(new ColumnFamilyDescriptor(n, cfOptions));
    }
    List<ColumnFamilyHandle> hs = new ArrayList<>();
    db = RocksDB.open(options, path, ds, hs);
    for (int i = 0; i < names.size(); i++) {
      handles.put(new String(names.get(i), StandardCharsets.UTF_8), hs.get(i));
    }
  }

  /** Opens the store's database under {@code dataDir/rocksdb}. */
  public static RawRocksDb open(Path dataDir) {
    return openDir(dataDir.resolve("rocksdb"));
  }

  /** Opens the key database under {@code dataDir/keydb} (wrapped data keys in column family {@code dek}). */
  public static RawRocksDb openKeyDatabase(Path dataDir) {
    return openDir(dataDir.resolve("keydb"));
  }

  private static RawRocksDb openDir(Path dbDir) {
    try {
      return new RawRocksDb(dbDir);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<String> columnFamilies() {
    return List.copyOf(handles.keySet());
  }

  /** All entries of a column family in key order. */
  public List<Map.Entry<byte[], byte[]>> entries(String cf) {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handle(cf))) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(Map.entry(it.key(), it.value()));
      }
    }
    return out;
  }

  public byte[] get(String cf, byte[] key) {
    try {
      return db.get(handle(cf), key);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  public void put(String cf, byte[] key, byte[] value) {
    try {
      db.put(handle(cf), key, value);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  public void delete(String cf, byte[] key) {
    try {
      db.delete(handle(cf), key);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The table files (SST) currently holding column family {@code cf}, as absolute paths under the
   * database directory.
   */
  public List<Path> tableFiles(String cf) {
    List<Path> out = new ArrayList<>();
    for (org.rocksdb.LiveFileMetaData f : db.getLiveFilesMetaData()) {
      if (new String(f.columnFamilyName(), StandardCharsets.UTF_8).equals(cf)) {
        String name = f.fileName().startsWith("/") ? f.fileName().substring(1) : f.fileName();
        out.add(Path.of(f.path()).resolve(name));
      }
    }
    return out;
  }

  private ColumnFamilyHandle handle(String cf) {
    ColumnFamilyHandle h = handles.get(cf);
    if (h == null) {
      throw new IllegalArgumentException("no column family " + cf);
    }
    return h;
  }

  @Override
  public void close() {
    List<ColumnFamilyHandle> hs = new ArrayList<>(handles.values());
    for (int i = hs.size() - 1; i >= 0; i--) {
      hs.get(i).close();
    }
    db.close();
    cfOptions.close();
    options.close();
  }
}
