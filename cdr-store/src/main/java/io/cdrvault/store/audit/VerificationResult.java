package io.cdrvault.store.audit;

import java.util.Collections;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of checking the ledger's hash chain and its signed checkpoints.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entriesChecked how many entries were read
 * @param firstBadSequence the sequence number of the first entry that fails (edited, missing,
 *     reordered, or a broken link; for a chain that was recomputed after an edit, the first signed
 *     checkpoint that no longer matches); empty when the chain is intact
 * @param problem what is wrong with that entry, empty string when intact
 * @param checkpointsChecked how many signed checkpoints were checked (signature and entry hash)
 * @param keyPinned whether checkpoints were checked against a trusted public key given by the
 *     verifier; false means each was checked against the key it carries, which proves nothing
 *     against someone who can sign with a key of their own
 * @param signers fingerprints of the keys that signed the checked checkpoints (sorted)
 * @param anchorSequence the retention anchor verification started at (entries before it were
 *     pruned), 0 when nothing was pruned
 */
public record VerificationResult(long entriesChecked, OptionalLong firstBadSequence, String problem,
    long checkpointsChecked, boolean keyPinned, Set<String> signers, long anchorSequence) {

  public VerificationResult {
    Objects.requireNonNull(firstBadSequence, "firstBadSequence");
    Objects.requireNonNull(problem, "problem");
    signers = Collections.unmodifiableSortedSet(new TreeSet<>(signers));
  }

  /** A result without checkpoint information (as before checkpoints existed). */
  public VerificationResult(long entriesChecked, OptionalLong firstBadSequence, String problem) {
    this(entriesChecked, firstBadSequence, problem, 0, false, Set.of(), 0);
  }

  public static VerificationResult intact(long entries) {
    return new VerificationResult(entries, OptionalLong.empty(), "");
  }

  public static VerificationResult broken(long entries, long sequence, String problem) {
    return new VerificationResult(entries, OptionalLong.of(sequence), problem);
  }

  /** This result with the checkpoint information filled in. */
  public VerificationResult withCheckpoints(long checkpoints, boolean pinned, Set<String> signerSet,
      long anchor) {
    return new VerificationResult(entriesChecked, firstBadSequence, problem, checkpoints, pinned,
        signerSet, anchor);
  }

  public boolean ok() {
    return firstBadSequence.isEmpty();
  }
}
