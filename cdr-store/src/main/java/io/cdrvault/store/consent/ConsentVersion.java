package io.cdrvault.store.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a customer's consent history: versions are numbered from 1 in the order they were
 * recorded and are never changed or removed.
 *
 * <p>Immutable and thread-safe. {@link #toString()} omits the note (free text).
 *
 * @param version 1, 2, … in recording order
 * @param kind what was recorded
 * @param effectiveAt when it takes effect (for a notice: when the notice was sent)
 * @param recordedAt when it was recorded
 * @param recordedBy the principal who recorded it (1..128 characters)
 * @param note channel or note (0..{@value ConsentRegistry#MAX_NOTE_LENGTH} characters, no control
 *     characters; empty when none)
 */
public record ConsentVersion(int version, ConsentKind kind, Instant effectiveAt,
    Instant recordedAt, String recordedBy, String note) {

  /** Longest principal name a version stores. */
  public static final int MAX_PRINCIPAL_LENGTH = 128;

  public ConsentVersion {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(effectiveAt, "effectiveAt");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(note, "note");
    if (recordedBy.isBlank() || recordedBy.length() > MAX_PRINCIPAL_LENGTH) {
      throw new IllegalArgumentException("recordedBy must be 1.." + MAX_PRINCIPAL_LENGTH
          + " characters");
    }
    String problem = noteProblem(note);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why a note is not acceptable (too long, control characters), or null when it is. */
  public static String noteProblem(String note) {
    if (note == null) {
      return null;
    }
    if (note.length() > ConsentRegistry.MAX_NOTE_LENGTH) {
      return "the note may have at most " + ConsentRegistry.MAX_NOTE_LENGTH + " characters";
    }
    for (int i = 0; i < note.length(); i++) {
      if (Character.isISOControl(note.charAt(i))) {
        return "the note has a control character at index " + i;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "ConsentVersion[v" + version + " " + kind + " effective " + effectiveAt + "]";
  }
}
