package io.cdrvault.ingest.directory;

import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which customer held a number when, loaded from a file or built in code. Each entry assigns a
 * number to a customer over a half-open validity period {@code [from, to)}; an entry without a
 * period is valid forever. Periods of one number must not overlap.
 *
 * <p>Files (see {@link #load(Path)}): CSV {@code number,customerId[,validFrom[,validTo]]} per line
 * (optional header line starting with {@code number}; blank lines and {@code #} comments skipped;
 * empty {@code validFrom} = since always, empty {@code validTo} = open-ended) or YAML: a list of
 * {@code {number, customer, from, to}} entries, or the older mapping {@code "+15551234567": cust-1};
 * either optionally under a top-level {@code numbers:} key. Times are ISO-8601 instants or dates
 * (start of that day, UTC).
 *
 * <p>Immutable and thread-safe. Errors name the file line, never the number or customer id.
 */
public final class SubscriberDirectory implements NumberDirectory {
  private static final SubscriberDirectory EMPTY = new SubscriberDirectory(Map.of(), 0);

  private final Map<String, Periods> byNumber;
  private final int periodCount;

  private SubscriberDirectory(Map<String, Periods> byNumber, int periodCount) {
    this.byNumber = Map.copyOf(byNumber);
    this.periodCount = periodCount;
  }

  @Override
  public Optional<CustomerId> customerAt(String e164, Instant at) {
    Objects.requireNonNull(at, "at");
    if (e164 == null) {
      return Optional.empty();
    }
    Periods p = byNumber.get(e164);
    return p == null ? Optional.empty() : p.at(at);
  }

  /** How many distinct numbers the directory holds. */
  public int size() {
    return byNumber.size();
  }

  /** How many validity periods (entries) the directory holds, over all numbers. */
  public int periodCount() {
    return periodCount;
  }

  /** Numbers valid forever, one customer each. */
  public static SubscriberDirectory of(Map<String, CustomerId> numbers) {
    Builder b = builder();
    numbers.forEach(b::add);
    return b.build();
  }

  public static SubscriberDirectory empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a directory file: {@code .yaml}/{@code .yml} as YAML, anything else as CSV.
   *
   * @throws CdrVaultException naming the line that is wrong (and, for an overlap, the line it overlaps)
   */
  public static SubscriberDirectory load(Path file) {
    Checked c = check(file);
    if (!c.problems().isEmpty()) {
      throw new CdrVaultException("subscriber directory file " + file + " has " + c.problems().size()
          + " bad line(s): " + String.join("; ", c.problems()));
    }
    return c.directory();
  }

  /**
   * A directory file read as far as it goes: every entry that is valid, and one problem per bad
   * line ({@code subscriber directory line N ...}: the line and what is wrong, never a value).
   */
  public record Checked(SubscriberDirectory directory, List<String> problems) {
    public Checked {
      Objects.requireNonNull(directory, "directory");
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads a directory file like {@link #load(Path)} but collects every bad line instead of failing
   * on the first.
   *
   * @throws CdrVaultException naming the path when the file cannot be read at all
   */
  public static Checked check(Path file) {
    Objects.requireNonNull(file, "file");
    List<String> problems = new ArrayList<>();
    try {
      SubscriberDirectory d = DirectoryFiles.load(file, problems);
      return new Checked(d, problems);
    } catch (IOException e) {
      throw new CdrVaultException("cannot read subscriber directory file " + file + " ("
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getClass().getSimpleName()) + ")", e);
    }
  }

  /**
   * Every validity period, by number (numbers sorted; periods by start). Plaintext numbers and
   * customer ids: for tools that publish or show the directory, never for logs.
   */
  public java.util.SortedMap<String, List<NumberAssignment>> assignments() {
    java.util.TreeMap<String, List<NumberAssignment>> out = new java.util.TreeMap<>();
    byNumber.forEach((n, p) -> out.put(n, p.list()));
    return out;
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final Map<String, List<Entry>> map = new HashMap<>();

    private Builder() {}

    /**
     * Adds a number valid forever.
     *
     * @throws IllegalArgumentException if the number is not E.164 or already has another period
     */
    public Builder add(String e164, CustomerId customer) {
      return add(e164, customer, NumberAssignment.SINCE_ALWAYS, null);
    }

    /**
     * Adds a number held by {@code customer} over {@code [from, to)}. Adding the very same entry
     * twice is a no-op.
     *
     * @param from the first instant of the period ({@link NumberAssignment#SINCE_ALWAYS} for none)
     * @param toOrNull the first instant after the period; {@code null} = open-ended
     * @throws IllegalArgumentException if the number is not E.164, the period is empty, or it
     *     overlaps another period of the same number
     */
    public Builder add(String e164, CustomerId customer, Instant from, Instant toOrNull) {
      return add(e164, new NumberAssignment(customer, from, toOrNull), 0);
    }

    /** {@code line} (1-based; 0 = built in code) is named when a later entry overlaps this one. */
    Builder add(String e164, NumberAssignment period, int line) {
      Objects.requireNonNull(e164, "e164");
      Objects.requireNonNull(period, "period");
      if (!PhoneNumber.isE164(e164)) {
        throw new IllegalArgumentException("number is not in E.164 form");
      }
      List<Entry> entries = map.computeIfAbsent(e164, k -> new ArrayList<>(1));
      for (Entry e : entries) {
        if (e.period.equals(period)) {
          return this;
        }
        if (e.period.overlaps(period)) {
          throw new IllegalArgumentException(e.line > 0
              ? "its validity period overlaps that of line " + e.line + " for the same number"
              : "its validity period overlaps another period of the same number");
        }
      }
      entries.add(new Entry(period, line));
      return this;
    }

    public SubscriberDirectory build() {
      Map<String, Periods> built = new HashMap<>(map.size() * 2);
      int count = 0;
      for (Map.Entry<String, List<Entry>> e : map.entrySet()) {
        List<NumberAssignment> periods = new ArrayList<>(e.getValue().size());
        e.getValue().forEach(x -> periods.add(x.period));
        built.put(e.getKey(), Periods.of(periods));
        count += periods.size();
      }
      return new SubscriberDirectory(built, count);
    }

    private record Entry(NumberAssignment period, int line) {}
  }
}
