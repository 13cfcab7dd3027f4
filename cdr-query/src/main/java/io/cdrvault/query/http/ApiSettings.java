package io.cdrvault.query.http;

import java.util.Objects;

/**
 * Where the HTTP API listens and how wide a time window a request may ask for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host interface to bind (e.g. {@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port TCP port; 0 picks a free one (see {@link ApiServer#port()})
 * @param maxWindowDays longest {@code to - from} a request may ask for, in days
 */
public record ApiSettings(String host, int port, int maxWindowDays) {

  /** Default for {@link #maxWindowDays}: a little over a year (a billing year plus slack). */
  public static final int DEFAULT_MAX_WINDOW_DAYS = 400;

  public ApiSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (maxWindowDays < 1) {
      throw new IllegalArgumentException("maxWindowDays must be at least 1");
    }
  }

  /** Settings with the default maximum window. */
  public static ApiSettings of(String host, int port) {
    return new ApiSettings(host, port, DEFAULT_MAX_WINDOW_DAYS);
  }
}
