package io.cdrvault.store.rocks;

import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rocksdb.WALRecoveryMode;

/**
 * Which write-ahead-log recovery the store's database gets, from how it was last stopped: the
 * marker {@code <dataDir>/}{@value #FILE_NAME} is written (fsynced) after a clean stop has flushed
 * every column family, and removed as soon as the database is open again.
 *
 * <ul>
 *   <li>After a clean stop nothing in the log can be torn, so any damage is damage:
 *       {@code AbsoluteConsistency} — the open fails on any bad or incomplete record.
 *   <li>After a crash (no marker) the last record may be incomplete — a SIGKILL can cut a large
 *       batch write short — so {@code TolerateCorruptedTailRecords}: an incomplete record at the
 *       end is dropped (it was never acknowledged: audit appends return only after their synced
 *       write), while a record whose checksum does not match still fails the open. What a dropped
 *       tail could hide is bounded by the anchor file ({@code audit.HeadAnchor}).
 * </ul>
 *
 * <p>RocksDB's default, {@code PointInTimeRecovery}, silently stops at the first bad record and
 * drops everything after it; it is used only by the verifier to measure damage. Stateless and
 * thread-safe. See ADR 0014.
 */
public final class CleanStop {
  /** The marker's name in the data directory. */
  public static final String FILE_NAME = "rocksdb.clean-stop";

  private CleanStop() {}

  /** True when the store in {@code dataDir} was last stopped cleanly. */
  public static boolean wasClean(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve(FILE_NAME));
  }

  /** The recovery mode for opening the database in {@code dataDir} now. */
  public static WALRecoveryMode recoveryModeFor(Path dataDir) {
    return wasClean(dataDir) ? WALRecoveryMode.AbsoluteConsistency
        : WALRecoveryMode.TolerateCorruptedTailRecords;
  }

  /** Removes the marker: the database is open and may be written. */
  static void clear(Path dataDir) {
    try {
      if (Files.deleteIfExists(dataDir.resolve(FILE_NAME))) {
        syncDirectory(dataDir);
      }
    } catch (IOException e) {
      throw new CdrVaultException("the clean-stop marker in " + dataDir + " could not be removed", e);
    }
  }

  /** Writes the marker (fsynced) after a flush and close; a failure only loses strictness. */
  static boolean mark(Path dataDir) {
    try (FileChannel ch = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.force(true);
    } catch (IOException e) {
      return false;
    }
    syncDirectory(dataDir);
    return true;
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some file systems cannot fsync a directory
    }
  }
}
