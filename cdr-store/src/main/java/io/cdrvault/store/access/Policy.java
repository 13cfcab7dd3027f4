package io.cdrvault.store.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which roles may use which purposes and the bounds the purposes are held to, as configured in
 * {@code config/policy.yaml}.
 *
 * <p>Immutable and thread-safe.
 */
public record Policy(Map<String, Set<Purpose>> purposesByRole, Limits limits) {

  /**
   * Bounds of the purposes.
   *
   * @param fraudMaxWindow widest window a FRAUD read may ask for
   * @param aggregateMinGroupSize k: AGGREGATE groups with fewer distinct customers are suppressed
   */
  public record Limits(java.time.Duration fraudMaxWindow, int aggregateMinGroupSize) {
    public static final Limits DEFAULT = new Limits(java.time.Duration.ofDays(31), 10);

    public Limits {
      Objects.requireNonNull(fraudMaxWindow, "fraudMaxWindow");
      if (fraudMaxWindow.isNegative() || fraudMaxWindow.isZero()) {
        throw new IllegalArgumentException("fraudMaxWindow must be positive");
      }
      if (aggregateMinGroupSize < 2) {
        throw new IllegalArgumentException("aggregateMinGroupSize must be at least 2");
      }
    }
  }

  public Policy {
    Objects.requireNonNull(purposesByRole, "purposesByRole");
    purposesByRole = Map.copyOf(purposesByRole);
    Objects.requireNonNull(limits, "limits");
  }

  /** A policy with the default limits. */
  public Policy(Map<String, Set<Purpose>> purposesByRole) {
    this(purposesByRole, Limits.DEFAULT);
  }

  /** True when any of the roles may use the purpose. */
  public boolean allows(Set<String> roles, Purpose purpose) {
    for (String role : roles) {
      Set<Purpose> p = purposesByRole.get(role);
      if (p != null && p.contains(purpose)) {
        return true;
      }
    }
    return false;
  }

  /** All purposes any of the roles may use. */
  public Set<Purpose> purposesOf(Set<String> roles) {
    EnumSet<Purpose> all = EnumSet.noneOf(Purpose.class);
    for (String role : roles) {
      all.addAll(purposesByRole.getOrDefault(role, Set.of()));
    }
    return all;
  }
}
