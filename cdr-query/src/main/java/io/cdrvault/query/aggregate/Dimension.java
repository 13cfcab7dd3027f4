package io.cdrvault.query.aggregate;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.model.PhoneNumber;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/**
 * What AGGREGATE may group records by. Every value comes from a field in the AGGREGATE field set;
 * times are taken in UTC.
 *
 * <p>Immutable and thread-safe.
 */
public enum Dimension {
  /** Service type: {@code VOICE}, {@code SMS}. */
  TYPE("type"),
  /** Direction relative to the customer: {@code ORIGINATING}, {@code TERMINATING}. */
  DIRECTION("direction"),
  /**
   * Country calling code of the called number ({@code +1}, {@code +44}, …), {@code other} when the
   * called number is not an E.164 number libphonenumber can parse.
   */
  DESTINATION_COUNTRY("destinationCountry"),
  /** Hour of the start time, 0..23 (UTC). */
  HOUR_OF_DAY("hourOfDay"),
  /** Day of the week of the start time, {@code MONDAY}..{@code SUNDAY} (UTC). */
  DAY_OF_WEEK("dayOfWeek");

  /** The country value of a called number without a calling code. */
  public static final String OTHER_COUNTRY = "other";

  private final String paramName;

  Dimension(String paramName) {
    this.paramName = paramName;
  }

  /** The name used in {@code groupBy} and as the key's JSON field. */
  public String paramName() {
    return paramName;
  }

  /** The dimension a {@code groupBy} item names (exact, case-sensitive). */
  public static Optional<Dimension> ofParam(String name) {
    return Arrays.stream(values()).filter(d -> d.paramName.equals(name)).findFirst();
  }

  /**
   * The record's value in this dimension: a {@link String} (type, direction, country), an
   * {@link Integer} (hour) or a {@link java.time.DayOfWeek} — each comparable with values of its
   * own dimension.
   */
  Comparable<?> valueOf(GrantedCdr r) {
    return switch (this) {
      case TYPE -> r.type().name();
      case DIRECTION -> r.direction().name();
      case DESTINATION_COUNTRY -> countryOf(r.called());
      case HOUR_OF_DAY -> r.start().atOffset(ZoneOffset.UTC).getHour();
      case DAY_OF_WEEK -> r.start().atOffset(ZoneOffset.UTC).getDayOfWeek();
    };
  }

  /** {@code +<country calling code>} of an E.164 number, else {@link #OTHER_COUNTRY}. */
  static String countryOf(PhoneNumber n) {
    if (n == null || n.e164() == null) {
      return OTHER_COUNTRY;
    }
    try {
      int code = PhoneNumberUtil.getInstance().parse(n.e164(), null).getCountryCode();
      return code > 0 ? "+" + code : OTHER_COUNTRY;
    } catch (NumberParseException e) {
      return OTHER_COUNTRY;
    }
  }
}
