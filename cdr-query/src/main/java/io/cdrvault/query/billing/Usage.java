package io.cdrvault.query.billing;

import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's usage over {@code [from, to)}: voice and SMS totals per direction, the number of
 * records counted and the audit entry that allowed the read.
 *
 * <p>Immutable and thread-safe; {@link #toString()} prints no customer id.
 *
 * @param voice totals for both directions (always both keys)
 * @param sms totals for both directions (always both keys)
 * @param records number of records (voice and SMS) counted
 * @param auditSequence sequence of the audit entry that recorded the grant
 */
public record Usage(CustomerId customer, Instant from, Instant to, Map<Direction, Voice> voice,
    Map<Direction, Sms> sms, long records, long auditSequence) {

  public Usage {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    voice = complete(voice, Voice.ZERO);
    sms = complete(sms, Sms.ZERO);
    if (records < 0) {
      throw new IllegalArgumentException("records must not be negative");
    }
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
}
