package io.cdrvault.query.billing;

import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A customer's usage over {@code [from, to)}: voice and SMS totals per direction, totals of the
 * originating records by destination class ({@link Destinations}), the number of records counted
 * and the audit entry that allowed the read.
 *
 * <p>Immutable and thread-safe; {@link #toString()} prints no customer id.
 *
 * @param voice totals for both directions (always both keys)
 * @param sms totals for both directions (always both keys)
 * @param destinations the ORIGINATING records' totals by destination class
 * @param records number of records (voice and SMS) counted
 * @param auditSequence sequence of the audit entry that recorded the grant
 */
public record Usage(CustomerId customer, Instant from, Instant to, Map<Direction, Voice> voice,
    Map<Direction, Sms> sms, Destinations destinations, long records, long auditSequence) {

  public Usage {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(destinations, "destinations");
    voice = complete(voice, Voice.ZERO);
    sms = complete(sms, Sms.ZERO);
    if (records < 0) {
      throw new IllegalArgumentException("records must not be negative");
    }
  }

  /** Usage without a destination breakdown (all destination classes zero). */
  public Usage(CustomerId customer, Instant from, Instant to, Map<Direction, Voice> voice,
      Map<Direction, Sms> sms, long records, long auditSequence) {
    this(customer, from, to, voice, sms, Destinations.EMPTY, records, auditSequence);
  }

  @Override
  public String toString() {
    return "Usage[*** " + from + ".." + to + " records=" + records + " audit#" + auditSequence + "]";
  }

  private static <T> Map<Direction, T> complete(Map<Direction, T> m, T zero) {
    EnumMap<Direction, T> all = new EnumMap<>(Direction.class);
    for (Direction d : Direction.values()) {
      all.put(d, m.getOrDefault(d, zero));
    }
    return Map.copyOf(all);
  }

  /** Voice totals for one direction. */
  public record Voice(long calls, long answeredCalls, long billableSeconds) {
    public static final Voice ZERO = new Voice(0, 0, 0);

    public Voice {
      if (calls < 0 || answeredCalls < 0 || billableSeconds < 0 || answeredCalls > calls) {
        throw new IllegalArgumentException("voice totals must be non-negative, answered <= calls");
      }
    }
  }

  /** SMS totals for one direction. */
  public record Sms(long messages, long segments) {
    public static final Sms ZERO = new Sms(0, 0);

    public Sms {
      if (messages < 0 || segments < 0) {
        throw new IllegalArgumentException("sms totals must not be negative");
      }
    }
  }

  /**
   * Voice and SMS totals of one destination class.
   *
   * @param calls voice calls
   * @param answeredCalls answered voice calls
   * @param billableSeconds billable seconds of the voice calls
   * @param messages SMS messages
   * @param segments SMS segments
   */
  public record Totals(long calls, long answeredCalls, long billableSeconds, long messages,
      long segments) {
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

    public Totals {
      if (calls < 0 || answeredCalls < 0 || billableSeconds < 0 || messages < 0 || segments < 0
          || answeredCalls > calls) {
        throw new IllegalArgumentException("totals must be non-negative, answered <= calls");
      }
    }

    /** The sum of this and {@code o}. */
    public Totals plus(Totals o) {
      return new Totals(calls + o.calls, answeredCalls + o.answeredCalls,
          billableSeconds + o.billableSeconds, messages + o.messages, segments + o.segments);
    }
  }

  /**
   * The ORIGINATING records' totals by destination class (see {@link DestinationClass}):
   * {@code domestic} (same country calling code as the customer's own number), {@code international}
   * keyed by the destination's country calling code (digits, e.g. {@code "44"}, {@code "881"};
   * iterated in numeric order), and {@code other} (the destination or the customer's own number is
   * not an E.164 number with a known country calling code). TERMINATING records are not classified.
   */
  public record Destinations(Totals domestic, Map<String, Totals> international, Totals other) {
    public static final Destinations EMPTY = new Destinations(Totals.ZERO, Map.of(), Totals.ZERO);

    /** Orders country calling codes numerically ("1" < "7" < "44" < "881"). */
    public static final Comparator<String> COUNTRY_CODE_ORDER =
        Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    public Destinations {
      Objects.requireNonNull(domestic, "domestic");
      Objects.requireNonNull(other, "other");
      TreeMap<String, Totals> sorted = new TreeMap<>(COUNTRY_CODE_ORDER);
      for (Map.Entry<String, Totals> e : international.entrySet()) {
        if (!DestinationClass.validCountryCode(e.getKey())) {
          throw new IllegalArgumentException("an international key must be a country calling code (1..3 digits)");
        }
        sorted.put(e.getKey(), Objects.requireNonNull(e.getValue(), "international totals"));
      }
      international = Collections.unmodifiableSortedMap(sorted);
    }

    /** The sum over all classes (equals the ORIGINATING voice and SMS totals). */
    public Totals total() {
      Totals t = domestic.plus(other);
      for (Totals i : international.values()) {
        t = t.plus(i);
      }
      return t;
    }
  }
}
