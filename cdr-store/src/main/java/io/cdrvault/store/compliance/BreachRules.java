package io.cdrvault.store.compliance;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The numbers of the breach notification rule (47 CFR 64.2011 as amended by FCC 23-111) that the
 * breach register's clocks follow, configurable so a carrier can follow its counsel's reading:
 *
 * @param zone the carrier's time zone: an instant becomes a calendar day here
 * @param lawEnforcementBusinessDays business days after reasonable determination by which law
 *     enforcement (USSS, FBI) and the Commission must be notified; the rule: 7
 * @param customerWaitBusinessDays full business days after that notification before customers may
 *     be told; the amended rule has none (0); the rule before FCC 23-111 had 7
 * @param customerDeadlineDays calendar days after reasonable determination by which customers must
 *     be told unless law enforcement directs a delay; the amended rule: 30 (0 = no such limit, as
 *     before FCC 23-111)
 */
public record BreachRules(ZoneId zone, int lawEnforcementBusinessDays, int customerWaitBusinessDays,
    int customerDeadlineDays) {

  /** The amended rule's numbers, days counted in US Eastern time. */
  public static final BreachRules DEFAULTS = new BreachRules(ZoneId.of("America/New_York"), 7, 0, 30);

  public BreachRules {
    Objects.requireNonNull(zone, "zone");
    if (lawEnforcementBusinessDays < 1 || lawEnforcementBusinessDays > 60) {
      throw new IllegalArgumentException("lawEnforcementBusinessDays must be 1..60");
    }
    if (customerWaitBusinessDays < 0 || customerWaitBusinessDays > 60) {
      throw new IllegalArgumentException("customerWaitBusinessDays must be 0..60");
    }
    if (customerDeadlineDays < 0 || customerDeadlineDays > 365) {
      throw new IllegalArgumentException("customerDeadlineDays must be 0..365");
    }
  }
}
