package io.cdrvault.store.compliance;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.net.URL;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Business days as the breach rule counts them: Monday to Friday, except the US federal legal
 * public holidays (5 U.S.C. 6103) on the day they are observed. The holiday calendar is
 * {@code compliance/us-federal-holidays.xml}, evaluated by jollyday.
 *
 * <p>Thread-safe: one instance may be shared; holidays are computed once per year and cached.
 */
public final class FederalBusinessDays {
  private static final String CALENDAR = "/compliance/us-federal-holidays.xml";
  private static final FederalBusinessDays INSTANCE = new FederalBusinessDays();

  private final HolidayManager holidays;
  private final ConcurrentMap<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

  private FederalBusinessDays() {
    URL calendar = FederalBusinessDays.class.getResource(CALENDAR);
    if (calendar == null) {
      throw new IllegalStateException("resource " + CALENDAR + " is missing from the classpath");
    }
    this.holidays = HolidayManager.getInstance(ManagerParameters.create(calendar));
  }

  /** The shared instance. */
  public static FederalBusinessDays get() {
    return INSTANCE;
  }

  /** True if {@code day} is a federal holiday as observed (a Saturday's on Friday, a Sunday's on Monday). */
  public boolean isHoliday(LocalDate day) {
    Objects.requireNonNull(day, "day");
    // an observed day may fall in the neighbouring year (1 January on a Saturday: 31 December)
    return observed(day.getYear()).contains(day) || observed(day.getYear() + 1).contains(day);
  }

  /** True if {@code day} is a business day: a weekday that is not a federal holiday. */
  public boolean isBusinessDay(LocalDate day) {
    DayOfWeek d = day.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !isHoliday(day);
  }

  /**
   * The day {@code n} business days after {@code day} (the day itself is not counted; n = 0 is
   * {@code day}).
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public LocalDate plusBusinessDays(LocalDate day, int n) {
    Objects.requireNonNull(day, "day");
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative");
    }
    LocalDate d = day;
    for (int left = n; left > 0; ) {
      d = d.plusDays(1);
      if (isBusinessDay(d)) {
        left--;
      }
    }
    return d;
  }

  private Set<LocalDate> observed(int year) {
    return byYear.computeIfAbsent(year, y -> holidays.getHolidays(Year.of(y)).stream()
        .map(h -> h.getObservedDate().orElse(h.getDate())).collect(Collectors.toUnmodifiableSet()));
  }

  @Override
  public String toString() {
    return "FederalBusinessDays[" + CALENDAR + "]";
  }
}
