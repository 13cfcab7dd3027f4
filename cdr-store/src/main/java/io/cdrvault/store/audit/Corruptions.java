package io.cdrvault.store.audit;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Tells a RocksDB {@code Corruption} from other failures and describes it by position only: the
 * status kind and the database files RocksDB names (table files, write-ahead logs, MANIFEST).
 *
 * <p>Stateless and thread-safe.
 */
public final class Corruptions {
  private static final Pattern FILE = Pattern.compile("(\\d{6,}\\.(?:sst|log|blob)|MANIFEST-\\d+)");

  private Corruptions() {}

  /** True when {@code e} reports damaged data (a checksum mismatch, a bad block, a bad record). */
  public static boolean isCorruption(RocksDBException e) {
    Status s = e.getStatus();
    return s != null && s.getCode() == Status.Code.Corruption;
  }

  /** The files the status names, in order, e.g. {@code [000012.sst]}. */
  public static Set<String> filesNamed(RocksDBException e) {
    Set<String> out = new LinkedHashSet<>();
    String text = e.getStatus() != null && e.getStatus().getState() != null
        ? e.getStatus().getState() : String.valueOf(e.getMessage());
    Matcher m = FILE.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** {@code RocksDB Corruption in table file 000012.sst}, or without files when none is named. */
  public static String describe(RocksDBException e) {
    Set<String> files = filesNamed(e);
    String kind = e.getStatus() == null ? "unknown status" : e.getStatus().getCode().name();
    if (files.isEmpty()) {
      return "RocksDB reports " + kind;
    }
    StringBuilder b = new StringBuilder("RocksDB reports ").append(kind).append(" in ");
    int i = 0;
    for (String f : files) {
      b.append(i++ > 0 ? ", " : "").append(kindOf(f)).append(' ').append(f);
    }
    return b.toString();
  }

  /** {@code table file}, {@code write-ahead log} or {@code file} for a database file name. */
  public static String kindOf(String fileName) {
    String n = Path.of(fileName).getFileName().toString();
    return n.endsWith(".sst") ? "table file" : n.endsWith(".log") ? "write-ahead log" : "file";
  }
}
