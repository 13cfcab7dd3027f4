package io.cdrvault.ingest.format;

import io.cdrvault.store.model.Cdr;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of decoding one payload: either records (possibly several, e.g. for a file line
 * holding legs) with the number of content fields dropped, or a rejection with a reason and a
 * positioned detail that names fields and positions, never values.
 *
 * <p>Immutable and thread-safe. For a rejection {@code records} is empty and {@code reason} and
 * {@code detail} are non-null; for success {@code reason} and {@code detail} are null.
 */
public record DecodeResult(List<Cdr> records, int droppedContentFields, RejectReason reason, String detail) {
  public DecodeResult {
    records = List.copyOf(records);
    if (droppedContentFields < 0) {
      throw new IllegalArgumentException("droppedContentFields must not be negative");
    }
    if ((reason == null) != (detail == null)) {
      throw new IllegalArgumentException("reason and detail go together");
    }
    if (reason != null && !records.isEmpty()) {
      throw new IllegalArgumentException("a rejection carries no records");
    }
  }

  public static DecodeResult ok(List<Cdr> records, int droppedContentFields) {
    return new DecodeResult(records, droppedContentFields, null, null);
  }

  public static DecodeResult reject(RejectReason reason, String detail) {
    return new DecodeResult(List.of(), 0, Objects.requireNonNull(reason, "reason"),
        Objects.requireNonNull(detail, "detail"));
  }

  public boolean isOk() {
    return reason == null;
  }
}
