package io.cdrvault.query.billing;

import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds up one customer's records into {@link Usage} totals: voice and SMS per direction, and the
 * ORIGINATING records by {@link DestinationClass}. Used by {@link UsageService} (one customer) and
 * {@link BillingRun} (customer after customer). The caller decides which records belong to the
 * customer and the window; the tally counts every record it is given.
 *
 * <p>Not thread-safe (one tally per computation).
 */
public final class UsageTally {
  private final Map<Direction, long[]> voice = new EnumMap<>(Direction.class);
  private final Map<Direction, long[]> sms = new EnumMap<>(Direction.class);
  private final long[] domestic = new long[5];
  private final long[] other = new long[5];
  private final Map<String, long[]> international = new HashMap<>();
  private long records;

  /** Counts one record. */
  public void add(GrantedCdr r) {
    records++;
    long[] byClass = DestinationClass.of(r).map(this::slot).orElse(null);
    if (r.type() == ServiceType.VOICE) {
      boolean answered = r.answered();
      long billable = r.billableSeconds();
      long[] v = voice.computeIfAbsent(r.direction(), d -> new long[3]);
      v[0]++;
      if (answered) {
        v[1]++;
      }
      v[2] += billable;
      if (byClass != null) {
        byClass[0]++;
        if (answered) {
          byClass[1]++;
        }
        byClass[2] += billable;
      }
    } else {
      int segments = r.smsSegments();
      long[] s = sms.computeIfAbsent(r.direction(), d -> new long[2]);
      s[0]++;
      s[1] += segments;
      if (byClass != null) {
        byClass[3]++;
        byClass[4] += segments;
      }
    }
  }

  private long[] slot(DestinationClass d) {
    switch (d.kind()) {
      case DOMESTIC:
        return domestic;
      case INTERNATIONAL:
        return international.computeIfAbsent(d.countryCode(), k -> new long[5]);
      default:
        return other;
    }
  }

  /** Records counted so far. */
  public long records() {
    return records;
  }

  /** The totals so far as a {@link Usage}. */
  public Usage toUsage(CustomerId customer, Instant from, Instant to, long auditSequence) {
    Map<Direction, Usage.Voice> v = new EnumMap<>(Direction.class);
    voice.forEach((d, a) -> v.put(d, new Usage.Voice(a[0], a[1], a[2])));
    Map<Direction, Usage.Sms> s = new EnumMap<>(Direction.class);
    sms.forEach((d, a) -> s.put(d, new Usage.Sms(a[0], a[1])));
    Map<String, Usage.Totals> intl = new HashMap<>();
    international.forEach((cc, a) -> intl.put(cc, totals(a)));
    return new Usage(customer, from, to, v, s,
        new Usage.Destinations(totals(domestic), intl, totals(other)), records, auditSequence);
  }

  private static Usage.Totals totals(long[] a) {
    return new Usage.Totals(a[0], a[1], a[2], a[3], a[4]);
  }
}
