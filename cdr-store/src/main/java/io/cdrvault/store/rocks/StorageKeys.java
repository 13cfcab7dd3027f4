package io.cdrvault.store.rocks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The store's key layout: record keys {@code customerTag(16) ‖ startMillis(8, BE) ‖ recordId(8)} in
 * one column family per UTC month of start time ({@code cdr-yyyyMM}), and the names used in
 * {@code meta}.
 *
 * <p>Stateless and thread-safe.
 */
public final class StorageKeys {
  /**
   * Size at which RocksDB starts a new MANIFEST (with a snapshot of the live files only) at the
   * next change. Kept small so that, after a purge, one more change ({@code rollManifest}) leaves
   * no MANIFEST naming the deleted files' smallest/largest keys.
   */
  static final long MANIFEST_ROLL_BYTES = 1024;
  /**
   * Database options whose MANIFEST rolls over at the next change once it passes
   * {@link #MANIFEST_ROLL_BYTES} ({@code max_manifest_space_amp_pct=0}: RocksDB 11 would otherwise
   * let it grow to 6× its last snapshot first; Java has no setter for it, hence the properties).
   */
  static org.rocksdb.DBOptions purgeFriendlyDbOptions() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("max_manifest_file_size", Long.toString(MANIFEST_ROLL_BYTES));
    p.setProperty("max_manifest_space_amp_pct", "0");
    org.rocksdb.DBOptions o = org.rocksdb.DBOptions.getDBOptionsFromProps(p);
    if (o == null) {
      throw new IllegalStateException("RocksDB rejected the MANIFEST options");
    }
    return o;
  }

  /** The {@code meta} key written after a purge to make the MANIFEST roll over. */
  static final byte[] PURGE_MARK_KEY = "lifecycle/last-purge".getBytes(StandardCharsets.UTF_8);

  /** Length of a record key. */
  public static final int RECORD_KEY_BYTES = 32;
  /** Length of a number / prefix index key. */
  public static final int INDEX_KEY_BYTES = 48;
  /** Prefix of the month index column families. */
  public static final String INDEX_CF_PREFIX = "idx-";
  /** Prefix of the month column families. */
  public static final String MONTH_CF_PREFIX = "cdr-";
  static final String OFFSET_PREFIX = "offset/";
  static final byte[] SCHEMA_VERSION_KEY = "schema/version".getBytes(StandardCharsets.UTF_8);

  private StorageKeys() {}

  /** The record key of a record. */
  public static byte[] recordKey(byte[] tag, long startMillis, long recordId) {
    byte[] k = new byte[RECORD_KEY_BYTES];
    System.arraycopy(tag, 0, k, 0, 16);
    putLong(k, 16, startMillis);
    putLong(k, 24, recordId);
    return k;
  }

  /**
   * An index key: {@code indexTag(16) ‖ startMillis(8) ‖ recordId(8) ‖ customerTag(16)}, so one
   * number's entries are in time order and the copies of an on-net call (one per customer) are
   * adjacent.
   */
  public static byte[] indexKey(byte[] indexTag, byte[] recordKey) {
    byte[] k = new byte[INDEX_KEY_BYTES];
    System.arraycopy(indexTag, 0, k, 0, 16);
    System.arraycopy(recordKey, 16, k, 16, 16);
    System.arraycopy(recordKey, 0, k, 32, 16);
    return k;
  }

  /** The record key an index key points to. */
  static byte[] recordKeyOf(byte[] indexKey) {
    byte[] k = new byte[RECORD_KEY_BYTES];
    System.arraycopy(indexKey, 32, k, 0, 16);
    System.arraycopy(indexKey, 16, k, 16, 16);
    return k;
  }

  /** The index column family name of a month, e.g. {@code idx-202501}. */
  public static String indexColumnFamily(int month) {
    return INDEX_CF_PREFIX + month;
  }

  /** The month of a {@code <prefix>yyyyMM} column family name, or null. */
  static Integer parseMonth(String name, String prefix) {
    if (!name.startsWith(prefix) || name.length() != prefix.length() + 6) {
      return null;
    }
    try {
      return Integer.parseInt(name.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code tag ‖ millis}: a scan bound. */
  static byte[] bound(byte[] tag, long millis) {
    byte[] k = new byte[24];
    System.arraycopy(tag, 0, k, 0, 16);
    putLong(k, 16, millis);
    return k;
  }

  /** The month ({@code yyyyMM}) of an instant in UTC. */
  public static int monthOf(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return z.getYear() * 100 + z.getMonthValue();
  }

  static int monthOf(YearMonth ym) {
    return ym.getYear() * 100 + ym.getMonthValue();
  }

  /** The column family name of a month, e.g. {@code cdr-202501}. */
  public static String monthColumnFamily(int month) {
    return MONTH_CF_PREFIX + month;
  }

  static byte[] offsetKey(String topic, int partition) {
    return (OFFSET_PREFIX + topic + "/" + partition).getBytes(StandardCharsets.UTF_8);
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + 7 - i] = (byte) (v >>> (i * 8));
    }
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }
}
