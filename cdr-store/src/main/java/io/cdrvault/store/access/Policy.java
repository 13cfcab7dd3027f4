package io.cdrvault.store.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which roles may use which purposes, as configured in {@code config/policy.yaml}.
 *
 * <p>Immutable and thread-safe.
 */
public record Policy(Map<String, Set<Purpose>> purposesByRole) {
  public Policy {
    Objects.requireNonNull(purposesByRole, "purposesByRole");
    purposesByRole = Map.copyOf(purposesByRole);
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
