package io.cdrvault.store.compliance;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A customer complaint about the unauthorised release of CPNI, as logged for the annual
 * certification (47 CFR 64.2009(e)): when it was received and its category, and an optional note
 * (which may name the customer: kept sealed, never logged or audited).
 *
 * <p>Immutable and thread-safe; {@link #toString()} prints no note. Nullable: {@code note}.
 *
 * @param id {@code CP-} and 16 lowercase hex digits
 */
public record Complaint(String id, Instant receivedAt, ComplaintCategory category, String note,
    String recordedBy, Instant recordedAt) {

  /** Complaint ids: {@code CP-} and 16 lowercase hex digits. */
  public static final Pattern ID = Pattern.compile("CP-[0-9a-f]{16}");

  public Complaint {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("complaint id must match " + ID.pattern());
    }
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(category, "category");
    if (note != null) {
      note = BreachText.check(note, "note");
    }
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }

  /** The note, when one was given. */
  public Optional<String> noteText() {
    return Optional.ofNullable(note);
  }

  @Override
  public String toString() {
    return "Complaint[" + id + ", " + category + ", received " + receivedAt + "]";
  }
}
