package io.cdrvault.ingest.format;

import io.cdrvault.store.model.Cdr;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of decoding one payload: either records (possibly several, e.g. for a file line
 * holding legs) with the number of content fields dropped, or a rejection with a reason and a
 * positioned detail that names fields and positions, never values.
 *
 * <p>A third outcome is a skip: well-formed, but nothing to store ({@link SkipKind}, e.g. a log
 * marker line or a duplicate call leg); {@code skipped} is then non-null and {@code records} empty,
 * and {@code detail} may say why (names fields, never values).
 *
 * <p>{@code linkedLegs}: origin ids, under the origin of this result's records, of other legs of the
 * same call that this payload names (a FreeSWITCH A leg's {@code bleg_uuid}); a payload decoding to
 * such a leg is skipped as {@link SkipKind#DUPLICATE_LEG} by {@link LinkedLegs}. Usually empty.
 *
 * <p>Immutable and thread-safe. For a rejection {@code records} is empty and {@code reason} and
 * {@code detail} are non-null; for success {@code reason} and {@code detail} are null.
 */
public record DecodeResult(List<Cdr> records, int droppedContentFields, RejectReason reason, String detail,
    SkipKind skipped, List<String> linkedLegs) {
  public DecodeResult {
    records = List.copyOf(records);
    linkedLegs = List.copyOf(linkedLegs);
    if (droppedContentFields < 0) {
      throw new IllegalArgumentException("droppedContentFields must not be negative");
    }
    if (reason != null && detail == null || detail != null && reason == null && skipped == null) {
      throw new IllegalArgumentException("a reason needs a detail; a detail needs a reason or a skip");
    }
    if (!linkedLegs.isEmpty() && records.isEmpty()) {
      throw new IllegalArgumentException("only a result with records names linked legs");
    }
    if (reason != null && !records.isEmpty()) {
      throw new IllegalArgumentException("a rejection carries no records");
    }
    if (skipped != null && (reason != null || !records.isEmpty())) {
      throw new IllegalArgumentException("a skipped payload carries no records and no reason");
    }
  }

  public static DecodeResult ok(List<Cdr> records, int droppedContentFields) {
    return new DecodeResult(records, droppedContentFields, null, null, null, List.of());
  }

  /**
   * Records that name other legs of their call ({@code linkedLegs}: origin ids under the records'
   * origin); see {@link LinkedLegs}.
   */
  public static DecodeResult ok(List<Cdr> records, int droppedContentFields, List<String> linkedLegs) {
    return new DecodeResult(records, droppedContentFields, null, null, null, linkedLegs);
  }

  /** A well-formed payload that holds no record to store (see {@link SkipKind}); not a dead letter. */
  public static DecodeResult skip(SkipKind kind, int droppedContentFields) {
    return new DecodeResult(List.of(), droppedContentFields, null, null, Objects.requireNonNull(kind, "kind"),
        List.of());
  }

  /** A skip with a detail saying why (fields and positions, never values). */
  public static DecodeResult skip(SkipKind kind, int droppedContentFields, String detail) {
    return new DecodeResult(List.of(), droppedContentFields, null, Objects.requireNonNull(detail, "detail"),
        Objects.requireNonNull(kind, "kind"), List.of());
  }

  public static DecodeResult reject(RejectReason reason, String detail) {
    return new DecodeResult(List.of(), 0, Objects.requireNonNull(reason, "reason"),
        Objects.requireNonNull(detail, "detail"), null, List.of());
  }

  /** Earliest storable start time: the store keys records by month of start, from 1970. */
  public static final java.time.Instant EARLIEST_START = io.cdrvault.store.CdrStore.EARLIEST_TIME;
  /** Start times from here on cannot be stored (four-digit years only). */
  public static final java.time.Instant LATEST_START_EXCLUSIVE = io.cdrvault.store.CdrStore.END_OF_TIME;

  /**
   * This result, or a rejection ({@code invalid-field}) if a record's start time lies outside the
   * years the store can hold (1970..9999). Decoders accept any well-formed timestamp; this check
   * keeps an absurd one (a corrupted year) from failing a whole store batch.
   */
  public DecodeResult storable(String format) {
    for (int i = 0; i < records.size(); i++) {
      java.time.Instant start = records.get(i).start();
      if (start.isBefore(EARLIEST_START) || !start.isBefore(LATEST_START_EXCLUSIVE)) {
        return reject(RejectReason.INVALID_FIELD, format + " record " + (i + 1)
            + ": start lies outside the storable years 1970..9999");
      }
    }
    return this;
  }

  /** True unless rejected (a skip is ok). */
  public boolean isOk() {
    return reason == null;
  }
}
