package io.cdrvault.store.audit;

import java.util.OptionalLong;

/**
 * The outcome of checking the ledger's hash chain.
 *
 * @param entriesChecked how many entries were read
 * @param firstBadSequence the sequence number of the first entry that fails (edited, missing,
 *     reordered, or a broken link); empty when the chain is intact
 * @param problem what is wrong with that entry, empty string when intact
 */
public record VerificationResult(long entriesChecked, OptionalLong firstBadSequence, String problem) {

  public static VerificationResult intact(long entries) {
    return new VerificationResult(entries, OptionalLong.empty(), "");
  }

  public static VerificationResult broken(long entries, long sequence, String problem) {
    return new VerificationResult(entries, OptionalLong.of(sequence), problem);
  }

  public boolean ok() {
    return firstBadSequence.isEmpty();
  }
}
