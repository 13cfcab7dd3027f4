package io.cdrvault.store.model;

import java.time.Instant;

/**
 * The times a store can hold: records are keyed by start milliseconds since the epoch (compared as
 * unsigned bytes) and by UTC month {@code yyyyMM} with four-digit years. Every time window (a
 * query, a legal request, a hold) must lie within {@code [EARLIEST, END]}.
 */
public final class StoreTimes {
  /** The earliest start time a record can have. */
  public static final Instant EARLIEST = Instant.EPOCH;

  /** The end (exclusive) of the times the store can hold: the last month is 9999-12. */
  public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  private StoreTimes() {}
}
