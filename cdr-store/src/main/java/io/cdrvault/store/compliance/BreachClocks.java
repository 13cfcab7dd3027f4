package io.cdrvault.store.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A breach's deadlines under {@link BreachRules}, as of a day:
 * <ul>
 *   <li>law enforcement: {@code lawEnforcementBusinessDays} business days
 *       ({@link FederalBusinessDays}) after the day of reasonable determination;
 *   <li>customers, earliest: once law enforcement has been notified (not before), plus
 *       {@code customerWaitBusinessDays} full business days, and not before the end of a delay
 *       law enforcement directed; unknown until law enforcement is notified;
 *   <li>customers, latest: {@code customerDeadlineDays} after the day of reasonable
 *       determination, or the end of a directed delay when that is later; none when the rule sets
 *       no limit.
 * </ul>
 * A deadline is overdue when its day has passed and the notification was not recorded.
 *
 * <p>Immutable and thread-safe. Nullable: {@code customersEarliest} and {@code customersLatest}.
 *
 * @param determinedOn the day of reasonable determination, in the rules' zone
 * @param lawEnforcementDeadline the last day to notify law enforcement
 * @param lawEnforcementNotifiedOn the day it was notified, if it was
 * @param customersEarliest the first day customers may be told; null while law enforcement has
 *     not been notified
 * @param customersLatest the last day to tell customers; null when the rule sets no limit
 * @param customersNotifiedOn the day customers were told, if they were
 * @param delayUntil the end of a delay law enforcement directed, if any
 */
public record BreachClocks(LocalDate determinedOn, LocalDate lawEnforcementDeadline,
    Optional<LocalDate> lawEnforcementNotifiedOn, LocalDate customersEarliest,
    LocalDate customersLatest, Optional<LocalDate> customersNotifiedOn,
    Optional<LocalDate> delayUntil, boolean lawEnforcementOverdue, boolean customersOverdue) {

  public BreachClocks {
    Objects.requireNonNull(determinedOn, "determinedOn");
    Objects.requireNonNull(lawEnforcementDeadline, "lawEnforcementDeadline");
    Objects.requireNonNull(lawEnforcementNotifiedOn, "lawEnforcementNotifiedOn");
    Objects.requireNonNull(customersNotifiedOn, "customersNotifiedOn");
    Objects.requireNonNull(delayUntil, "delayUntil");
  }

  /** The clocks of {@code breach} under {@code rules} as of {@code now}. */
  public static BreachClocks of(Breach breach, BreachRules rules, Instant now) {
    Objects.requireNonNull(breach, "breach");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(now, "now");
    FederalBusinessDays days = FederalBusinessDays.get();
    LocalDate today = day(now, rules);
    LocalDate determined = day(breach.determinedAt(), rules);
    LocalDate leDeadline = days.plusBusinessDays(determined, rules.lawEnforcementBusinessDays());
    Optional<LocalDate> leOn = breach.first(BreachNotification.Kind.LAW_ENFORCEMENT)
        .map(n -> day(n.at(), rules));
    Optional<LocalDate> custOn = breach.first(BreachNotification.Kind.CUSTOMERS)
        .map(n -> day(n.at(), rules));
    Optional<LocalDate> delay = breach.delayUntil();
    LocalDate earliest = leOn.map(d -> later(days.plusBusinessDays(d,
        rules.customerWaitBusinessDays()), delay)).orElse(null);
    LocalDate latest = rules.customerDeadlineDays() == 0 ? null
        : later(determined.plusDays(rules.customerDeadlineDays()), delay);
    boolean leOverdue = leOn.isEmpty() && today.isAfter(leDeadline);
    boolean custOverdue = custOn.isEmpty() && latest != null && today.isAfter(latest);
    return new BreachClocks(determined, leDeadline, leOn, earliest, latest, custOn, delay,
        leOverdue, custOverdue);
  }

  /** True if a deadline has passed without its notification. */
  public boolean overdue() {
    return lawEnforcementOverdue || customersOverdue;
  }

  private static LocalDate day(Instant at, BreachRules rules) {
    return at.atZone(rules.zone()).toLocalDate();
  }

  private static LocalDate later(LocalDate d, Optional<LocalDate> delay) {
    return delay.filter(x -> x.isAfter(d)).orElse(d);
  }
}
