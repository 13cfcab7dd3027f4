package io.cdrvault.store.audit;

import io.cdrvault.store.CdrVaultException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Verifies the audit ledger of a store's data directory offline: opens its RocksDB read-only (no
 * keys needed, since the ledger holds no ciphertext) and walks the chain.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditVerifier {
  static final String AUDIT_CF = "audit";
  static final String META_CF = "meta";

  private AuditVerifier() {}

  /**
   * Verifies the ledger in {@code dataDir/rocksdb}.
   *
   * @throws CdrVaultException if the directory holds no store or cannot be opened
   */
  public static VerificationResult verify(Path dataDir) {
    Path rocks = dataDir.resolve("rocksdb");
    if (!Files.isDirectory(rocks)) {
      throw new CdrVaultException("no store found at " + rocks);
    }
    RocksDB.loadLibrary();
    List<byte[]> names;
    try (Options o = new Options()) {
      names = RocksDB.listColumnFamilies(o, rocks.toString());
    } catch (RocksDBException e) {
      throw new CdrVaultException("store at " + rocks + " could not be listed", e);
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (ColumnFamilyOptions cfo = new ColumnFamilyOptions(); DBOptions dbo = new DBOptions()) {
      List<ColumnFamilyDescriptor> ds = new ArrayList<>();
      for (byte[] n : names) {
        ds.add(new ColumnFamilyDescriptor(n, cfo));
      }
      try (RocksDB db = RocksDB.openReadOnly(dbo, rocks.toString(), ds, handles)) {
        try {
          ColumnFamilyHandle audit = null;
          ColumnFamilyHandle meta = null;
          for (int i = 0; i < names.size(); i++) {
            String n = new String(names.get(i), StandardCharsets.UTF_8);
            if (n.equals(AUDIT_CF)) {
              audit = handles.get(i);
            } else if (n.equals(META_CF)) {
              meta = handles.get(i);
            }
          }
          if (audit == null || meta == null) {
            throw new CdrVaultException("store at " + rocks + " has no audit ledger");
          }
          return ChainVerifier.verify(db, audit, meta);
        } finally {
          for (int i = handles.size() - 1; i >= 0; i--) {
            handles.get(i).close();
          }
        }
      }
    } catch (RocksDBException e) {
      throw new CdrVaultException("store at " + rocks + " could not be opened read-only: "
          + (e.getStatus() == null ? "unknown status" : e.getStatus().getCode().name()), e);
    }
  }
}
