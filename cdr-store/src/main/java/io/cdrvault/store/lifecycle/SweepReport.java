package io.cdrvault.store.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one retention sweep did (or, for a dry run, would do). Holds no personal data.
 *
 * <p>Immutable and thread-safe.
 *
 * @param monthsDropped expired months removed whole (column families dropped), {@code yyyyMM}
 * @param monthsPurgedAroundHolds expired months where held records were kept and the rest deleted
 * @param monthsTypePurged months where only the records of a shorter-retention type were deleted
 * @param dataKeysDestroyed data keys destroyed (expired months and erasures)
 * @param recordsKeptUnderHold records of expired months kept because a hold covers them
 * @param holdsExpired holds found expired and recorded ({@code hold.expire})
 * @param erasuresRun deferred erasures whose obstacle ended and that ran
 * @param erasuresPurged erased customers whose records and index entries were physically removed
 */
public record SweepReport(Instant at, boolean dryRun, List<Integer> monthsDropped,
    List<Integer> monthsPurgedAroundHolds, List<Integer> monthsTypePurged, int dataKeysDestroyed,
    long recordsKeptUnderHold, int holdsExpired, int erasuresRun, int erasuresPurged) {

  public SweepReport {
    Objects.requireNonNull(at, "at");
    monthsDropped = List.copyOf(monthsDropped);
    monthsPurgedAroundHolds = List.copyOf(monthsPurgedAroundHolds);
    monthsTypePurged = List.copyOf(monthsTypePurged);
  }

  /** One line for logs and the CLI. */
  public String summary() {
    return (dryRun ? "dry run: would drop" : "dropped") + " months " + monthsDropped
        + ", purge around holds " + monthsPurgedAroundHolds + ", purge by type " + monthsTypePurged
        + "; data keys destroyed " + dataKeysDestroyed + ", records kept under hold "
        + recordsKeptUnderHold + ", holds expired " + holdsExpired + ", deferred erasures run "
        + erasuresRun + ", erasures purged " + erasuresPurged;
  }
}
