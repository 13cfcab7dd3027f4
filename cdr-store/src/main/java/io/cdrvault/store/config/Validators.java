package io.cdrvault.store.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The validators the declared configs share, besides {@link Range} and {@link ValidString}. Each
 * documents itself through {@code toString()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Validators {
  private Validators() {}

  /**
   * A string with a non-whitespace character, documented as {@code what} (e.g. {@code a topic
   * name}): the check is generic, the words say what the string names.
   */
  public static Validator<String> nonBlank(String what) {
    return Validator.of(what, s -> !s.isBlank());
  }

  /** A path with a non-whitespace character: {@code a non-empty path}. */
  public static Validator<Path> nonEmptyPath() {
    return Validator.of("a non-empty path", p -> !p.toString().isBlank());
  }

  /** A string matching {@code regex} as a whole, documented as {@code what}. */
  public static Validator<String> matching(String regex, String what) {
    Pattern p = Pattern.compile(regex);
    return Validator.of(what, s -> p.matcher(s).matches());
  }

  /** A duration above zero: {@code a positive duration}. */
  public static Validator<Duration> positive() {
    return Validator.of("a positive duration", d -> !d.isNegative() && !d.isZero());
  }

  /** A duration of zero or more: {@code a non-negative duration}. */
  public static Validator<Duration> nonNegative() {
    return Validator.of("a non-negative duration", d -> !d.isNegative());
  }

  /** A {@link ZoneId} such as {@code UTC} or {@code Europe/Amsterdam}: {@code a time-zone id}. */
  public static Validator<String> zoneId() {
    return Validator.of("a time-zone id", s -> {
      try {
        ZoneId.of(s);
        return true;
      } catch (DateTimeException e) {
        return false;
      }
    });
  }
}
