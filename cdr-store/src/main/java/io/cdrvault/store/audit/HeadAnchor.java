package io.cdrvault.store.audit;

import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The newest signed checkpoint kept <b>outside</b> the database, in {@code dataDir/}
 * {@value #FILE_NAME}: written (fsynced, atomically replaced) at every checkpoint and at clean
 * stop, so that losing the database's tail — a corrupt or truncated write-ahead log, a deleted
 * table file — together with the newest checkpoints stored inside it is still seen: the ledger's
 * head is behind the anchor, or its entry at the anchor's sequence has another hash.
 *
 * <p>It never goes backwards: a checkpoint older than the one on file is not written. Thread-safe
 * (writes are serialised). The file holds a sequence, a hash and a signature; no CPNI.
 */
public final class HeadAnchor {
  /** The file's name inside the data directory (beside {@code rocksdb/}). */
  public static final String FILE_NAME = "audit-anchor.json";

  private final Path file;
  private final Optional<AuditCheckpoint> fixed;
  private final boolean readOnly;

  private HeadAnchor(Path file, Optional<AuditCheckpoint> fixed, boolean readOnly) {
    this.file = file;
    this.fixed = fixed;
    this.readOnly = readOnly;
  }

  /** The anchor of the store in {@code dataDir}, read and written live. */
  public static HeadAnchor in(Path dataDir) {
    return new HeadAnchor(Objects.requireNonNull(dataDir, "dataDir").resolve(FILE_NAME), null, false);
  }

  /**
   * The anchor of {@code dataDir} as it is now, never re-read nor written: what a read-only verifier
   * uses. Read it <b>before</b> opening the database, so that the checkpoint it names (written to
   * the database before the file) is in what the database shows.
   *
   * @throws AnchorUnreadableException if the file exists but is not a checkpoint
   */
  public static HeadAnchor snapshotOf(Path dataDir) {
    HeadAnchor live = in(dataDir);
    return new HeadAnchor(live.file, live.read(), true);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * The checkpoint on file, empty when there is none.
   *
   * @throws AnchorUnreadableException if the file exists but is not a checkpoint (damaged or edited)
   */
  public Optional<AuditCheckpoint> read() {
    if (fixed != null) {
      return fixed;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new AnchorUnreadableException("the audit anchor file " + file + " could not be read", e);
    }
    try {
      return Optional.of(AuditCheckpoint.fromJson(bytes));
    } catch (RuntimeException e) {
      throw new AnchorUnreadableException("the audit anchor file " + file
          + " is not a signed checkpoint (damaged or edited)", e);
    }
  }

  /**
   * Replaces the file with {@code cp} unless the file already names the same or a later sequence:
   * written to a temporary file, fsynced, moved over the old one atomically, directory fsynced.
   *
   * @throws AuditUnavailableException if it cannot be written (e.g. the disk is full)
   */
  public synchronized void advanceTo(AuditCheckpoint cp) {
    Objects.requireNonNull(cp, "cp");
    if (readOnly) {
      return;
    }
    Optional<AuditCheckpoint> current;
    try {
      current = read();
    } catch (AnchorUnreadableException e) {
      current = Optional.empty(); // replaced by a good one
    }
    if (current.isPresent() && current.get().sequence() >= cp.sequence()) {
      return;
    }
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(cp.toJson());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException | UnsupportedOperationException e) {
        // some file systems cannot fsync a directory; the rename is still atomic
      }
    } catch (IOException e) {
      throw new AuditUnavailableException("the audit anchor file for checkpoint " + cp.sequence()
          + " could not be written: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Removes the file (a restore rolls the ledger back on purpose; the restore itself is audited).
   */
  public synchronized void forget() {
    if (readOnly) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new CdrVaultException("the audit anchor file " + file + " could not be removed", e);
    }
  }

  /**
   * What is wrong with a ledger whose head is {@code headSequence} given {@code anchor}, or null
   * when the ledger reaches the anchor with the anchored hash.
   *
   * @param hashAtAnchor the hash of the ledger's entry at the anchor's sequence, null when that
   *     entry is missing; ignored when the anchor lies beyond the head
   * @param firstKept the first entry the ledger keeps (after retention pruning); an anchor before it
   *     is not checked
   */
  static String problem(AuditCheckpoint anchor, Path file, long headSequence, String hashAtAnchor,
      long firstKept) {
    long s = anchor.sequence();
    if (s > headSequence) {
      return "entries " + (headSequence + 1) + ".." + s + " are missing at the tail (lost or truncated):"
          + " the ledger ends at entry " + headSequence + " but the anchor file " + file
          + " records signed checkpoint " + s;
    }
    if (s < firstKept) {
      return null;
    }
    if (hashAtAnchor == null) {
      return "entry " + s + " is missing but the anchor file " + file + " records signed checkpoint " + s;
    }
    if (!hashAtAnchor.equals(anchor.entryHash())) {
      return "entry " + s + " does not have the hash the anchor file " + file
          + " records (signed checkpoint " + s + "): the ledger was replaced or rewritten";
    }
    return null;
  }

  /** The anchor file exists but cannot be read as a signed checkpoint. */
  public static final class AnchorUnreadableException extends CdrVaultException {
    private static final long serialVersionUID = 1L;

    AnchorUnreadableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public String toString() {
    return "HeadAnchor[" + file + "]";
  }
}
