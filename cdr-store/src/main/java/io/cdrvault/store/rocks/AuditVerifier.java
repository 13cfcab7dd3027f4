package io.cdrvault.store.rocks;

import io.cdrvault.store.audit.AuditCheckpoint;
import io.cdrvault.store.audit.Corruptions;
import io.cdrvault.store.audit.HeadAnchor;
import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.rocksdb.WALRecoveryMode;

/**
 * Verifies the audit ledger of a store's data directory offline: opens its RocksDB read-only (no
 * keys needed, since the ledger holds no ciphertext) and walks the chain, its signed checkpoints
 * and the anchor file beside the database ({@link HeadAnchor}).
 *
 * <p>The database is opened with the write-ahead-log recovery the store itself would use
 * ({@code CleanStop}): after a clean stop {@code AbsoluteConsistency}, after a crash
 * {@code TolerateCorruptedTailRecords} (only an incomplete last record is dropped). A damaged log
 * is never silently cut off: when RocksDB reports the database damaged, the result is a broken
 * ledger naming the damaged file and the first entry past what still reads (found by a second,
 * read-only point-in-time opening), never an "OK" for what is left.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * Verifies the ledger in {@code dataDir/rocksdb}; checkpoints are checked against the keys they
   * carry (the result says the key was not pinned).
   *
   * @throws CdrVaultException if the directory holds no store or cannot be opened
   */
  public static VerificationResult verify(Path dataDir) {
    return verifyWith(dataDir, ReadOnlyAudit::verify);
  }

  /**
   * Verifies the ledger in {@code dataDir/rocksdb}, requiring every checkpoint to be signed by
   * {@code trustedPublicKey} (raw 32-byte Ed25519 key or X.509 DER).
   *
   * @throws IllegalArgumentException if the key is not an Ed25519 public key
   * @throws CdrVaultException if the directory holds no store or cannot be opened
   */
  public static VerificationResult verify(Path dataDir, byte[] trustedPublicKey) {
    Objects.requireNonNull(trustedPublicKey, "trustedPublicKey");
    return verifyWith(dataDir, a -> a.verify(trustedPublicKey));
  }

  /**
   * Attempts to open before a damaged database is reported: a node appending while the verifier
   * opens can leave the log's last record half-written for an instant, which a second look a
   * moment later sees complete. Real damage stays.
   */
  private static final int OPEN_ATTEMPTS = 3;
  private static final long RETRY_PAUSE_MILLIS = 250;

  private static VerificationResult verifyWith(Path dataDir,
      Function<ReadOnlyAudit, VerificationResult> check) {
    for (int attempt = 1; ; attempt++) {
      try (ReadOnlyAudit a = ReadOnlyAudit.open(dataDir)) {
        return check.apply(a);
      } catch (HeadAnchor.AnchorUnreadableException e) {
        return VerificationResult.broken(0, 1, e.getMessage());
      } catch (ReadOnlyAudit.LedgerDamagedException e) {
        if (attempt >= OPEN_ATTEMPTS) {
          return damaged(dataDir, e);
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted while verifying the audit ledger", e);
    }
  }

  /** The result for a database RocksDB refuses to open as it is: where the readable part ends. */
  private static VerificationResult damaged(Path dataDir, ReadOnlyAudit.LedgerDamagedException e) {
    Set<String> files = new TreeSet<>(e.files());
    if (files.isEmpty()) {
      files.addAll(writeAheadLogs(dataDir.resolve("rocksdb")));
    }
    String where = files.isEmpty() ? "the database" : String.join(", ", files.stream()
        .map(f -> Corruptions.kindOf(f) + " " + f).toList());
    long readable;
    try (ReadOnlyAudit salvage = ReadOnlyAudit.open(dataDir, WALRecoveryMode.PointInTimeRecovery)) {
      readable = salvage.ledger().lastSequence();
    } catch (RuntimeException again) {
      return VerificationResult.broken(0, 1, "the store cannot be opened: RocksDB reports Corruption"
          + " in " + where + "; no entry can be read");
    }
    Optional<AuditCheckpoint> anchor;
    try {
      anchor = HeadAnchor.in(dataDir).read();
    } catch (HeadAnchor.AnchorUnreadableException unreadable) {
      anchor = Optional.empty();
    }
    String lost = anchor.filter(c -> c.sequence() > readable)
        .map(c -> "; the anchor file records signed checkpoint " + c.sequence() + ", so entries "
            + (readable + 1) + ".." + c.sequence() + " at least are lost")
        .orElse("");
    return VerificationResult.broken(readable, readable + 1, "the ledger is damaged after entry "
        + readable + ": RocksDB reports Corruption in " + where
        + " and refuses to recover past it (entries up to " + readable + " still read)" + lost);
  }

  private static Set<String> writeAheadLogs(Path rocks) {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.list(rocks)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).forEach(out::add);
    } catch (IOException e) {
      // named as "the database" then
    }
    return out;
  }
}
