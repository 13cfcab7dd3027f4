package io.cdrvault.store.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which roles may use which purposes, which roles hold which administrative {@link Duty duties},
 * and the bounds the purposes are held to, as configured in {@code config/policy.yaml}. Every role
 * is a key of {@code purposesByRole} (with no purposes when it only holds duties).
 *
 * <p>Immutable and thread-safe.
 */
public record Policy(Map<String, Set<Purpose>> purposesByRole, Map<String, Set<Duty>> dutiesByRole,
    Limits limits) {

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
    Objects.requireNonNull(dutiesByRole, "dutiesByRole");
    java.util.Map<String, Set<Purpose>> roles = new java.util.HashMap<>(purposesByRole);
    dutiesByRole.keySet().forEach(r -> roles.putIfAbsent(r, Set.of()));
    purposesByRole = Map.copyOf(roles);
    dutiesByRole = Map.copyOf(dutiesByRole);
    Objects.requireNonNull(limits, "limits");
  }

  /** A policy without duties. */
  public Policy(Map<String, Set<Purpose>> purposesByRole, Limits limits) {
    this(purposesByRole, Map.of(), limits);
  }

  /** A policy without duties, with the default limits. */
  public Policy(Map<String, Set<Purpose>> purposesByRole) {
    this(purposesByRole, Limits.DEFAULT);
  }

  /** True when any of the roles holds the duty. */
  public boolean holds(Set<String> roles, Duty duty) {
    for (String role : roles) {
      Set<Duty> d = dutiesByRole.get(role);
      if (d != null && d.contains(duty)) {
        return true;
      }
    }
    return false;
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
