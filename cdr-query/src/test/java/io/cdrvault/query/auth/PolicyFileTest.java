package io.cdrvault.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.access.Duty;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyFileTest {

  @Test
  void shippedPolicy_mapsEachRoleToItsPurpose() {
    Policy p = PolicyFile.load(Path.of("..", "config", "policy.yaml"));

    assertThat(p.purposesByRole()).isEqualTo(Map.of(
        "billing-job", Set.of(Purpose.BILLING),
        "customer-care", Set.of(Purpose.CUSTOMER_ACCESS),
        "fraud-analyst", Set.of(Purpose.FRAUD),
        "legal", Set.of(Purpose.LEGAL_PROCESS),
        "marketing", Set.of(Purpose.MARKETING),
        "analyst", Set.of(Purpose.AGGREGATE),
        "compliance-officer", Set.of()));
    assertThat(p.dutiesByRole()).isEqualTo(Map.of("compliance-officer", Set.of(Duty.OVERSIGHT)));
    assertThat(p.allows(Set.of("billing-job"), Purpose.MARKETING)).isFalse();
  }

  @Test
  void duty_isHeldOnlyByRolesThatListIt_andGrantsNoPurpose() {
    Policy p = PolicyFile.parse("roles:\n  officer: [OVERSIGHT]\n  ops: [BILLING, OVERSIGHT]\n"
        + "  legal: [LEGAL_PROCESS]\n");

    assertThat(p.holds(Set.of("officer"), Duty.OVERSIGHT)).isTrue();
    assertThat(p.holds(Set.of("legal"), Duty.OVERSIGHT)).isFalse();
    assertThat(p.purposesOf(Set.of("officer"))).isEmpty();
    assertThat(p.purposesOf(Set.of("ops"))).containsExactly(Purpose.BILLING);
    assertThat(p.holds(Set.of("legal", "ops"), Duty.OVERSIGHT)).isTrue();
  }

  @Test
  void roleWithSeveralPurposes_allowsEach() {
    Policy p = PolicyFile.parse("roles:\n  ops: [BILLING, FRAUD]\n");

    assertThat(p.purposesOf(Set.of("ops"))).containsExactlyInAnyOrder(Purpose.BILLING, Purpose.FRAUD);
  }

  @Test
  void unknownPurposesAndShapes_areReportedTogether() {
    assertThatThrownBy(() -> PolicyFile.parse("""
        roles:
          billing-job: [BILLING, BILING]
          legal: LEGAL_PROCESS
        extra: 1
        """))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "policy YAML: unknown top-level key 'extra'",
            "roles.billing-job[1] is not a purpose (one of [BILLING, FRAUD, LEGAL_PROCESS, "
                + "CUSTOMER_ACCESS, MARKETING, AGGREGATE]) or a duty (one of [OVERSIGHT])",
            "roles.legal must be a list of purposes and duties"));
  }

  @Test
  void missingRolesSection_isAnError() {
    assertThatThrownBy(() -> PolicyFile.parse("purposes: {}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'roles'");
  }
}
