package io.cdrvault.query.http;

import io.cdrvault.query.tls.TlsSettings;
import io.cdrvault.store.compliance.BreachRules;
import io.cdrvault.store.config.Range;
import io.cdrvault.store.config.Validator;
import io.cdrvault.store.config.Validators;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the HTTP API listens, how wide a time window a request may ask for, and the limits that
 * keep an unauthenticated caller from exhausting the node (request bodies, requests per source
 * address, audit entries for anonymous refusals).
 *
 * <p>The defaults and validators are the constants below; {@link
 * io.cdrvault.query.config.QueryConfig} declares the config keys with them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host interface to bind (e.g. {@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port TCP port; 0 picks a free one (see {@link ApiServer#port()})
 * @param maxWindowDays longest {@code to - from} a request may ask for, in days
 * @param maxBodyBytes largest request body read, counted on the stream (chunked bodies too);
 *     a larger one is refused with 413
 * @param rateLimitPerSecond requests per second one source address may make (sustained)
 * @param rateLimitBurst requests one source address may make at once before it is held to
 *     {@code rateLimitPerSecond}; beyond it requests are refused with 429
 * @param denialInterval how long anonymous refusals (401, 429) are counted before they are
 *     written as one audit entry per (operation, rule); whole seconds
 * @param fraudReadsHiddenFor how long a FRAUD read stays out of the customer's access log; whole
 *     days
 * @param tls HTTPS (and client certificates); empty = plain HTTP
 * @param allowPlaintext whether plain HTTP may be served on an address that is not loopback;
 *     without it {@link ApiServer#start} refuses to
 * @param consoleEnabled whether the server also serves the sites beside the API (the console,
 *     {@code /console/}); false: no such path exists (404)
 * @param breachRules the numbers the breach register's deadlines follow (47 CFR 64.2011;
 *     docs/compliance.md)
 */
public record ApiSettings(String host, int port, int maxWindowDays, int maxBodyBytes,
    int rateLimitPerSecond, int rateLimitBurst, Duration denialInterval, Duration fraudReadsHiddenFor,
    Optional<TlsSettings> tls, boolean allowPlaintext, boolean consoleEnabled,
    BreachRules breachRules) {

  /** Default for {@link #maxWindowDays}: a little over a year (a billing year plus slack). */
  public static final int DEFAULT_MAX_WINDOW_DAYS = 400;
  /** Default for {@link #maxBodyBytes}: 1 MiB (the largest legal request is a few kilobytes). */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /** Default for {@link #rateLimitPerSecond}. */
  public static final int DEFAULT_RATE_LIMIT_PER_SECOND = 50;
  /** Default for {@link #rateLimitBurst}. */
  public static final int DEFAULT_RATE_LIMIT_BURST = 500;
  /** Default for {@link #denialInterval}. */
  public static final Duration DEFAULT_DENIAL_INTERVAL = Duration.ofSeconds(60);
  /**
   * Default for {@link #fraudReadsHiddenFor}: FRAUD reads stay out of the customer's "who accessed
   * my data" view for 180 days, so the view cannot tip off a fraudster while a case is likely open.
   */
  public static final Duration DEFAULT_FRAUD_READS_HIDDEN_FOR = Duration.ofDays(180);

  // The validators of the query.http.* and related keys: QueryConfig declares those keys with
  // them, and this record checks values given in code with them, so both accept the same values.
  /** Valid {@link #host}s. */
  public static final Validator<String> VALID_HOST =
      Validators.nonBlank("a host name or IP address");
  /** Valid {@link #port}s. */
  public static final Range VALID_PORT = Range.between(0, 65535);
  /** Valid {@link #maxWindowDays}. */
  public static final Range VALID_MAX_WINDOW_DAYS = Range.between(1, 3660);
  /** Valid {@link #maxBodyBytes}: 1 KiB to 64 MiB. */
  public static final Range VALID_MAX_BODY_BYTES = Range.between(1024, 64 << 20);
  /** Valid {@link #rateLimitPerSecond} and {@link #rateLimitBurst}. */
  public static final Range VALID_RATE_LIMIT = Range.atLeast(1);
  /** Valid {@link #denialInterval}, in seconds. */
  public static final Range VALID_DENIAL_INTERVAL_SECONDS = Range.between(1, 3600);
  /** Valid {@link #fraudReadsHiddenFor}, in days. */
  public static final Range VALID_FRAUD_READS_HIDDEN_DAYS = Range.between(0, 3650);

  public ApiSettings {
    VALID_HOST.requireValid("host", host);
    VALID_PORT.requireValid("port", port);
    VALID_MAX_WINDOW_DAYS.requireValid("maxWindowDays", maxWindowDays);
    VALID_MAX_BODY_BYTES.requireValid("maxBodyBytes", maxBodyBytes);
    VALID_RATE_LIMIT.requireValid("rateLimitPerSecond", rateLimitPerSecond);
    VALID_RATE_LIMIT.requireValid("rateLimitBurst", rateLimitBurst);
    Objects.requireNonNull(denialInterval, "denialInterval");
    if (denialInterval.isNegative() || denialInterval.isZero()) {
      throw new IllegalArgumentException("denialInterval must be positive");
    }
    VALID_DENIAL_INTERVAL_SECONDS.requireValid("denialInterval (seconds)",
        denialInterval.toSeconds());
    Objects.requireNonNull(fraudReadsHiddenFor, "fraudReadsHiddenFor");
    if (fraudReadsHiddenFor.isNegative()) {
      throw new IllegalArgumentException("fraudReadsHiddenFor must not be negative");
    }
    VALID_FRAUD_READS_HIDDEN_DAYS.requireValid("fraudReadsHiddenFor (days)",
        fraudReadsHiddenFor.toDays());
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(breachRules, "breachRules");
  }

  /** Plain HTTP settings (loopback only unless {@link #withPlaintextAllowed}). */
  public ApiSettings(String host, int port, int maxWindowDays, int maxBodyBytes,
      int rateLimitPerSecond, int rateLimitBurst, Duration denialInterval,
      Duration fraudReadsHiddenFor) {
    this(host, port, maxWindowDays, maxBodyBytes, rateLimitPerSecond, rateLimitBurst, denialInterval,
        fraudReadsHiddenFor, Optional.empty(), false, true, BreachRules.DEFAULTS);
  }

  /** Settings with the default limits. */
  public ApiSettings(String host, int port, int maxWindowDays) {
    this(host, port, maxWindowDays, DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT_PER_SECOND,
        DEFAULT_RATE_LIMIT_BURST, DEFAULT_DENIAL_INTERVAL, DEFAULT_FRAUD_READS_HIDDEN_FOR);
  }

  /** Settings with the default maximum window and limits. */
  public static ApiSettings of(String host, int port) {
    return new ApiSettings(host, port, DEFAULT_MAX_WINDOW_DAYS);
  }

  /** These settings with another per-address rate limit. */
  public ApiSettings withRateLimit(int perSecond, int burst) {
    return new ApiSettings(host, port, maxWindowDays, maxBodyBytes, perSecond, burst, denialInterval,
        fraudReadsHiddenFor, tls, allowPlaintext, consoleEnabled, breachRules);
  }

  /** These settings with another body limit. */
  public ApiSettings withMaxBodyBytes(int bytes) {
    return new ApiSettings(host, port, maxWindowDays, bytes, rateLimitPerSecond, rateLimitBurst,
        denialInterval, fraudReadsHiddenFor, tls, allowPlaintext, consoleEnabled, breachRules);
  }

  /**
   * These settings with FRAUD reads kept out of the customer's access log for {@code hiddenFor}
   * after the read (zero: listed at once).
   */
  public ApiSettings withFraudReadsHiddenFor(Duration hiddenFor) {
    return new ApiSettings(host, port, maxWindowDays, maxBodyBytes, rateLimitPerSecond, rateLimitBurst,
        denialInterval, hiddenFor, tls, allowPlaintext, consoleEnabled, breachRules);
  }

  /** These settings serving HTTPS with {@code t}. */
  public ApiSettings withTls(TlsSettings t) {
    return new ApiSettings(host, port, maxWindowDays, maxBodyBytes, rateLimitPerSecond, rateLimitBurst,
        denialInterval, fraudReadsHiddenFor, Optional.of(t), allowPlaintext, consoleEnabled, breachRules);
  }

  /** These settings allowing (or not) plain HTTP on an address that is not loopback. */
  public ApiSettings withPlaintextAllowed(boolean allowed) {
    return new ApiSettings(host, port, maxWindowDays, maxBodyBytes, rateLimitPerSecond, rateLimitBurst,
        denialInterval, fraudReadsHiddenFor, tls, allowed, consoleEnabled, breachRules);
  }

  /** These settings with the breach register's deadlines following {@code rules}. */
  public ApiSettings withBreachRules(BreachRules rules) {
    return new ApiSettings(host, port, maxWindowDays, maxBodyBytes, rateLimitPerSecond, rateLimitBurst,
        denialInterval, fraudReadsHiddenFor, tls, allowPlaintext, consoleEnabled, rules);
  }

  /** These settings serving the console ({@code /console/}) or not. */
  public ApiSettings withConsole(boolean enabled) {
    return new ApiSettings(host, port, maxWindowDays, maxBodyBytes, rateLimitPerSecond, rateLimitBurst,
        denialInterval, fraudReadsHiddenFor, tls, allowPlaintext, enabled, breachRules);
  }

  /**
   * The problem with serving these settings, if any: plain HTTP on an address that is not
   * loopback without {@code allowPlaintext}. A host name is resolved to decide.
   */
  public Optional<String> plaintextProblem() {
    if (tls.isPresent() || allowPlaintext || isLoopback(host)) {
      return Optional.empty();
    }
    return Optional.of("refusing to serve plain HTTP on " + host + ", which is not a loopback "
        + "address: configure HTTPS (query.http.tls.*) or set query.http.allowPlaintext: true "
        + "(docs/operations.md, TLS)");
  }

  /** True if every address {@code host} names is a loopback address. */
  public static boolean isLoopback(String host) {
    try {
      java.net.InetAddress[] all = java.net.InetAddress.getAllByName(host);
      return all.length > 0 && java.util.Arrays.stream(all).allMatch(java.net.InetAddress::isLoopbackAddress);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
