package io.cdrvault.store;

/**
 * What {@link CdrStore#write(IngestBatch)} did with a batch's records.
 *
 * <p>Immutable and thread-safe.
 *
 * @param written records stored under a storage key that did not exist before
 * @param duplicates records whose storage key already existed in the store or appeared earlier in
 *     the same batch (a resend, or the same line in two files); they are not stored twice
 */
public record WriteResult(int written, int duplicates) {
  /** Nothing written. */
  public static final WriteResult EMPTY = new WriteResult(0, 0);

  public WriteResult {
    if (written < 0 || duplicates < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /** Records in the batch: {@code written + duplicates}. */
  public int records() {
    return written + duplicates;
  }
}
