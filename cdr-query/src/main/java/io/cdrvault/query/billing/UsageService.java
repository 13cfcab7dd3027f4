package io.cdrvault.query.billing;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.ServiceType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Computes a customer's usage totals (what a bill summarises) from the records a grant allows.
 * Reads through {@link CdrStore#records(AccessGrant)}, so every computation is backed by an audited
 * decision; only fields the grant includes are used.
 *
 * <p>Thread-safe (stateless apart from the store).
 */
public final class UsageService {

  /** The fields the totals are computed from; a grant must include all of them. */
  public static final Set<CdrField> REQUIRED_FIELDS = Set.copyOf(EnumSet.of(
      CdrField.TYPE, CdrField.DIRECTION, CdrField.START, CdrField.DISPOSITION, CdrField.BILLABLE,
      CdrField.SMS_SEGMENTS));

  private final CdrStore store;

  public UsageService(CdrStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** True when the grant's fields are enough to compute usage. */
  public static boolean canServe(AccessGrant grant) {
    return grant.fields().containsAll(REQUIRED_FIELDS);
  }

  /**
   * Totals over the grant's scope. Records the store returns outside the scope (another customer,
   * outside the window) are not counted.
   *
   * @throws IllegalArgumentException if the grant lacks a field in {@link #REQUIRED_FIELDS}
   */
  public Usage usage(AccessGrant grant) {
    if (!canServe(grant)) {
      throw new IllegalArgumentException("grant for purpose " + grant.purpose()
          + " does not include the fields usage is computed from");
    }
    AccessScope scope = grant.scope();
    Map<Direction, long[]> voice = new EnumMap<>(Direction.class);
    Map<Direction, long[]> sms = new EnumMap<>(Direction.class);
    long records = 0;
    try (CdrStore.RecordCursor cursor = store.records(grant)) {
      while (cursor.hasNext()) {
        CustomerCdr r = cursor.next();
        Cdr c = r.cdr();
        if (!grant.admits(r)) {
          continue;
        }
        records++;
        if (c.type() == ServiceType.VOICE) {
          long[] v = voice.computeIfAbsent(r.direction(), d -> new long[3]);
          v[0]++;
          if (c.answered()) {
            v[1]++;
          }
          v[2] += c.billableSeconds();
        } else {
          long[] s = sms.computeIfAbsent(r.direction(), d -> new long[2]);
          s[0]++;
          s[1] += c.smsSegments();
        }
      }
    }
    Map<Direction, Usage.Voice> v = new EnumMap<>(Direction.class);
    voice.forEach((d, a) -> v.put(d, new Usage.Voice(a[0], a[1], a[2])));
    Map<Direction, Usage.Sms> s = new EnumMap<>(Direction.class);
    sms.forEach((d, a) -> s.put(d, new Usage.Sms(a[0], a[1])));
    return new Usage(scope.customer(), scope.from(), scope.to(), v, s, records, grant.auditSequence());
  }
}
