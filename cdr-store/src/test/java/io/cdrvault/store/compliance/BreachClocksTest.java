package io.cdrvault.store.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreachClocksTest {
  private static final FederalBusinessDays DAYS = FederalBusinessDays.get();
  private static final BreachText TEXT = new BreachText("what", "how", "which CPNI");

  private static Breach breach(String determined, BreachNotification... ns) {
    Instant d = Instant.parse(determined);
    return new Breach("BR-0123456789abcdef", "compliance", d, d.minusSeconds(3600), d, TEXT, 12,
        List.of(ns));
  }

  private static BreachNotification notified(BreachNotification.Kind kind, String at) {
    return new BreachNotification(kind, Instant.parse(at), "ref-1", null, "compliance",
        Instant.parse(at));
  }

  private static BreachNotification delay(String until) {
    return new BreachNotification(BreachNotification.Kind.DELAY_REQUEST,
        Instant.parse("2026-11-24T15:00:00Z"), "FBI direction 1", LocalDate.parse(until),
        "compliance", Instant.parse("2026-11-24T15:00:00Z"));
  }

  @Test
  void federalHolidays_areTheStatutesObservedDays() {
    assertThat(DAYS.isHoliday(LocalDate.parse("2026-11-26"))).as("Thanksgiving 2026").isTrue();
    assertThat(DAYS.isHoliday(LocalDate.parse("2026-10-12"))).as("Columbus Day 2026").isTrue();
    assertThat(DAYS.isHoliday(LocalDate.parse("2026-07-03"))).as("4 July on a Saturday: Friday")
        .isTrue();
    assertThat(DAYS.isHoliday(LocalDate.parse("2027-12-31")))
        .as("1 January 2028 is a Saturday: observed on Friday 31 December 2027").isTrue();
    assertThat(DAYS.isHoliday(LocalDate.parse("2026-11-27"))).as("the day after Thanksgiving")
        .isFalse();
    assertThat(DAYS.isBusinessDay(LocalDate.parse("2026-11-21"))).as("a Saturday").isFalse();
    assertThat(DAYS.isBusinessDay(LocalDate.parse("2026-11-23"))).as("a Monday").isTrue();
  }

  @Test
  void federalCalendar_hasTheElevenHolidaysOf5Usc6103_everyYear() {
    for (int year = 2024; year <= 2030; year++) {
      int n = 0;
      for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
        n += DAYS.isHoliday(d) ? 1 : 0;
      }
      // 2027 also holds 31 December, observed for 1 January 2028 (a Saturday)
      assertThat(n).as("holidays observed in %d", year).isEqualTo(year == 2027 ? 12 : year == 2028 ? 10 : 11);
    }
  }

  @Test
  void plusBusinessDays_skipsWeekends() {
    // Monday 2026-03-02 + 7 business days: Tue..Fri (4), Mon..Wed (3) = Wednesday 2026-03-11
    assertThat(DAYS.plusBusinessDays(LocalDate.parse("2026-03-02"), 7))
        .isEqualTo(LocalDate.parse("2026-03-11"));
    // from a Saturday: the first business day is Monday
    assertThat(DAYS.plusBusinessDays(LocalDate.parse("2026-03-07"), 1))
        .isEqualTo(LocalDate.parse("2026-03-09"));
    assertThat(DAYS.plusBusinessDays(LocalDate.parse("2026-03-07"), 0))
        .isEqualTo(LocalDate.parse("2026-03-07"));
  }

  @Test
  void lawEnforcementDeadline_determinedBeforeThanksgiving_isSevenBusinessDaysSkippingIt() {
    // Friday 2026-11-20: Mon 23, Tue 24, Wed 25, (Thu 26 Thanksgiving), Fri 27, Mon 30, Tue 1,
    // Wed 2 December
    BreachClocks c = BreachClocks.of(breach("2026-11-20T16:00:00Z"), BreachRules.DEFAULTS,
        Instant.parse("2026-11-23T12:00:00Z"));

    assertThat(c.determinedOn()).isEqualTo(LocalDate.parse("2026-11-20"));
    assertThat(c.lawEnforcementDeadline()).isEqualTo(LocalDate.parse("2026-12-02"));
    assertThat(c.lawEnforcementOverdue()).isFalse();
    assertThat(c.customersEarliest()).as("not before law enforcement is notified").isNull();
    assertThat(c.customersLatest()).isEqualTo(LocalDate.parse("2026-12-20"));
  }

  @Test
  void determinationDay_isTheCarriersDay_notUtcs() {
    // 02:00 UTC on Saturday 21 November is Friday evening in New York
    BreachClocks c = BreachClocks.of(breach("2026-11-21T02:00:00Z"), BreachRules.DEFAULTS,
        Instant.parse("2026-11-23T12:00:00Z"));
    assertThat(c.determinedOn()).isEqualTo(LocalDate.parse("2026-11-20"));
    BreachClocks utc = BreachClocks.of(breach("2026-11-21T02:00:00Z"),
        new BreachRules(ZoneId.of("UTC"), 7, 0, 30), Instant.parse("2026-11-23T12:00:00Z"));
    assertThat(utc.determinedOn()).isEqualTo(LocalDate.parse("2026-11-21"));
  }

  @Test
  void lawEnforcement_pastTheDeadline_isOverdue_untilNotified() {
    Breach b = breach("2026-11-20T16:00:00Z");
    Instant after = Instant.parse("2026-12-03T15:00:00Z");
    assertThat(BreachClocks.of(b, BreachRules.DEFAULTS, after).lawEnforcementOverdue()).isTrue();
    assertThat(BreachClocks.of(b, BreachRules.DEFAULTS, after).overdue()).isTrue();
    Breach told = b.with(notified(BreachNotification.Kind.LAW_ENFORCEMENT, "2026-12-03T14:00:00Z"));
    assertThat(BreachClocks.of(told, BreachRules.DEFAULTS, after).lawEnforcementOverdue()).isFalse();
  }

  @Test
  void customersEarliest_isTheDayLawEnforcementWasNotified_underTheAmendedRule() {
    Breach b = breach("2026-11-20T16:00:00Z",
        notified(BreachNotification.Kind.LAW_ENFORCEMENT, "2026-11-24T15:00:00Z"));
    BreachClocks c = BreachClocks.of(b, BreachRules.DEFAULTS, Instant.parse("2026-11-24T16:00:00Z"));
    assertThat(c.lawEnforcementNotifiedOn()).contains(LocalDate.parse("2026-11-24"));
    assertThat(c.customersEarliest()).isEqualTo(LocalDate.parse("2026-11-24"));
  }

  @Test
  void customersEarliest_withTheOldSevenDayWait_countsFullBusinessDaysAfterNotification() {
    Breach b = breach("2026-11-20T16:00:00Z",
        notified(BreachNotification.Kind.LAW_ENFORCEMENT, "2026-11-24T15:00:00Z"));
    BreachRules old = new BreachRules(ZoneId.of("America/New_York"), 7, 7, 0);
    BreachClocks c = BreachClocks.of(b, old, Instant.parse("2026-11-24T16:00:00Z"));
    // Tue 24: Wed 25, (Thanksgiving), Fri 27, Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 December
    assertThat(c.customersEarliest()).isEqualTo(LocalDate.parse("2026-12-04"));
    assertThat(c.customersLatest()).as("the old rule set no outer limit").isNull();
  }

  @Test
  void aDelayDirection_movesBothCustomerDates_toItsEnd() {
    List<BreachNotification> ns = new ArrayList<>();
    ns.add(notified(BreachNotification.Kind.LAW_ENFORCEMENT, "2026-11-24T15:00:00Z"));
    ns.add(delay("2027-01-15"));
    Breach b = breach("2026-11-20T16:00:00Z", ns.toArray(BreachNotification[]::new));
    BreachClocks c = BreachClocks.of(b, BreachRules.DEFAULTS, Instant.parse("2026-12-28T12:00:00Z"));
    assertThat(c.delayUntil()).contains(LocalDate.parse("2027-01-15"));
    assertThat(c.customersEarliest()).isEqualTo(LocalDate.parse("2027-01-15"));
    assertThat(c.customersLatest()).isEqualTo(LocalDate.parse("2027-01-15"));
    assertThat(c.customersOverdue()).isFalse();
    assertThat(BreachClocks.of(b, BreachRules.DEFAULTS, Instant.parse("2027-01-16T17:00:00Z"))
        .customersOverdue()).isTrue();
  }

  @Test
  void toString_printsNoFreeText() {
    Breach b = new Breach("BR-0123456789abcdef", "compliance", Instant.parse("2026-11-20T16:00:00Z"),
        Instant.parse("2026-11-20T15:00:00Z"), Instant.parse("2026-11-20T16:00:00Z"),
        new BreachText("customer C-1001 records mailed to +15551230000", "misaddressed", "call detail"),
        1, List.of());
    assertThat(b.toString()).doesNotContain("C-1001").doesNotContain("+1555").doesNotContain("mailed");
    assertThat(b.text().toString()).doesNotContain("C-1001");
  }
}
