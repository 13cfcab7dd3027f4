package io.cdrvault.query.config;

import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef;
import io.cdrvault.store.config.ConfigDef.Type;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.Range;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The declared configuration of the query side: the HTTP listener, the principals and policy
 * files, the widest time window a request may ask for and the legal export signing key file. In a
 * node config file these keys live under the {@code query:} section (see {@code
 * YamlConfigFiles.section(all, "query")}). This record is the module's settings, built from {@link
 * #DEF} only; {@link #apiSettings()} is the part the HTTP listener takes.
 *
 * <p>Immutable and thread-safe.
 */
public record QueryConfig(String httpHost, int httpPort, Path principalsFile, Path policyFile,
    int maxWindowDays, Path signingKeyFile, AuditSettings audit, HttpLimits limits) {

  /**
   * What an unauthenticated caller can cost the node: the largest request body (counted on the
   * stream), requests per second and burst per source address, and how long anonymous refusals
   * are counted before they are written as one audit entry per (operation, rule). Immutable and
   * thread-safe.
   */
  public record HttpLimits(int maxBodyBytes, int rateLimitPerSecond, int rateLimitBurst,
      int anonymousDenialIntervalSeconds, int fraudReadsHiddenDays) {
    public static final HttpLimits DEFAULT = new HttpLimits(ApiSettings.DEFAULT_MAX_BODY_BYTES,
        ApiSettings.DEFAULT_RATE_LIMIT_PER_SECOND, ApiSettings.DEFAULT_RATE_LIMIT_BURST,
        (int) ApiSettings.DEFAULT_DENIAL_INTERVAL.toSeconds(),
        (int) ApiSettings.DEFAULT_FRAUD_READS_HIDDEN_FOR.toDays());
  }

  /**
   * How the node keeps its audit ledger: signed checkpoints every {@code checkpointInterval} and
   * every {@code checkpointEveryEntries} entries, entries kept {@code retention} (at least 366
   * days, independent of CDR retention) before they may be pruned behind a signed checkpoint.
   * Immutable and thread-safe.
   */
  public record AuditSettings(Duration checkpointInterval, long checkpointEveryEntries,
      Duration retention) {
    /** The declared defaults: every 5 minutes and 1,000 entries, entries kept 2,557 days. */
    public static final AuditSettings DEFAULT = new AuditSettings(
        Duration.ofSeconds(DEF.defaultValue(AUDIT_CHECKPOINT_INTERVAL, Type.INT)),
        DEF.defaultValue(AUDIT_CHECKPOINT_EVERY, Type.INT),
        Duration.ofDays(DEF.defaultValue(AUDIT_RETENTION_DAYS, Type.INT)));

    /** Checks with the validators of the audit.* keys (in whole seconds and days). */
    public AuditSettings {
      Objects.requireNonNull(checkpointInterval, "checkpointInterval");
      Objects.requireNonNull(retention, "retention");
      DEF.requireValid(AUDIT_CHECKPOINT_INTERVAL, saturated(checkpointInterval.toSeconds()));
      DEF.requireValid(AUDIT_CHECKPOINT_EVERY, saturated(checkpointEveryEntries));
      DEF.requireValid(AUDIT_RETENTION_DAYS, saturated(retention.toDays()));
    }

    private static int saturated(long v) {
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
  }

  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_PORT = "http.port";
  public static final String PRINCIPALS_FILE = "principalsFile";
  public static final String POLICY_FILE = "policyFile";
  public static final String MAX_WINDOW_DAYS = "maxWindowDays";
  public static final String SIGNING_KEY_FILE = "legal.signingKeyFile";
  public static final String AUDIT_CHECKPOINT_INTERVAL = "audit.checkpointIntervalSeconds";
  public static final String AUDIT_CHECKPOINT_EVERY = "audit.checkpointEveryEntries";
  public static final String AUDIT_RETENTION_DAYS = "audit.retentionDays";
  public static final String HTTP_MAX_BODY_BYTES = "http.maxBodyBytes";
  public static final String HTTP_RATE_PER_SECOND = "http.rateLimit.perSecond";
  public static final String HTTP_RATE_BURST = "http.rateLimit.burst";
  public static final String AUDIT_ANONYMOUS_INTERVAL = "audit.anonymousDenialIntervalSeconds";
  public static final String ACCESS_LOG_FRAUD_HIDDEN_DAYS = "accessLog.fraudReadsHiddenDays";

  /**
   * The declarations; {@link ConfigDef#markdown()} generates the reference documentation. The
   * defaults and validators of the keys {@link ApiSettings} holds are its constants, so code and
   * config files are held to the same limits.
   */
  public static final ConfigDef DEF = ConfigDef.builder("query")
      .define(HTTP_HOST, Type.STRING, "127.0.0.1", ApiSettings.VALID_HOST,
          "Interface the HTTP API binds to. Use 0.0.0.0 to listen on all interfaces.")
      .define(HTTP_PORT, Type.INT, 8080, ApiSettings.VALID_PORT,
          "TCP port of the HTTP API; 0 picks a free port (printed at startup).")
      .define(HTTP_MAX_BODY_BYTES, Type.INT, ApiSettings.DEFAULT_MAX_BODY_BYTES,
          ApiSettings.VALID_MAX_BODY_BYTES,
          "Largest request body (bytes) the API reads, counted on the stream, chunked bodies "
              + "included; a longer body is refused with 413 (audited). Bodies are read only after "
              + "the caller is authenticated.")
      .define(HTTP_RATE_PER_SECOND, Type.INT, ApiSettings.DEFAULT_RATE_LIMIT_PER_SECOND,
          ApiSettings.VALID_RATE_LIMIT,
          "Requests without a valid bearer token one source address may make to the /v1 API per "
              + "second (sustained); beyond the burst they are refused with 429. Authenticated "
              + "callers are not held to it.")
      .define(HTTP_RATE_BURST, Type.INT, ApiSettings.DEFAULT_RATE_LIMIT_BURST,
          ApiSettings.VALID_RATE_LIMIT,
          "Requests without a valid bearer token one source address may make at once before it "
              + "is held to http.rateLimit.perSecond.")
      .define(PRINCIPALS_FILE, Type.PATH, Path.of("config/principals.yaml"),
          "Principals file: names, roles, SHA-256 of bearer tokens, optional customer binding.")
      .define(POLICY_FILE, Type.PATH, Path.of("config/policy.yaml"),
          "Policy file: which roles may use which CPNI purposes.")
      .define(MAX_WINDOW_DAYS, Type.INT, ApiSettings.DEFAULT_MAX_WINDOW_DAYS,
          ApiSettings.VALID_MAX_WINDOW_DAYS,
          "Widest time window (to - from, in days) a usage or records request may ask for; "
              + "wider requests are refused with 400.")
      .define(SIGNING_KEY_FILE, Type.PATH, Path.of("data/export-signing-key.p8"),
          "Ed25519 key that signs legal export manifests: a password-encrypted PKCS#8 PEM whose "
              + "password is read from the environment variable CDRVAULT_SIGNING_KEY_PASSWORD. "
              + "It also signs the audit ledger's checkpoints. `serve` refuses to start without it; "
              + "`init` creates it (never over an existing file); `demo` creates its own (a demo key).")
      .define(AUDIT_CHECKPOINT_INTERVAL, Type.INT, 300, Range.between(1, 86_400),
          "Seconds between signed audit checkpoints (also taken every "
              + "audit.checkpointEveryEntries entries and when the node stops).")
      .define(AUDIT_CHECKPOINT_EVERY, Type.INT, 1000, Range.atLeast(1),
          "Audit entries between signed checkpoints.")
      .define(AUDIT_RETENTION_DAYS, Type.INT, 2557, Range.between(366, 36_500),
          "Days audit entries are kept, independent of CDR retention; older entries are pruned "
              + "(daily) behind a signed checkpoint, which becomes the chain's verified anchor.")
      .define(AUDIT_ANONYMOUS_INTERVAL, Type.INT,
          Math.toIntExact(ApiSettings.DEFAULT_DENIAL_INTERVAL.toSeconds()),
          ApiSettings.VALID_DENIAL_INTERVAL_SECONDS,
          "Seconds during which refusals of unauthenticated callers (401, 429) are counted before "
              + "they are written as one audit entry per (operation, rule) with the count; also "
              + "written when the node stops. Authenticated refusals get one entry each.")
      .define(ACCESS_LOG_FRAUD_HIDDEN_DAYS, Type.INT,
          Math.toIntExact(ApiSettings.DEFAULT_FRAUD_READS_HIDDEN_FOR.toDays()),
          ApiSettings.VALID_FRAUD_READS_HIDDEN_DAYS,
          "Days a FRAUD read stays out of the customer's \"who accessed my data\" view "
              + "(/v1/customers/{id}/access-log), so the view cannot tip off a fraudster while the "
              + "case is likely open; 0 = listed at once. The audit ledger and `audit report` always "
              + "hold it (docs/access-policy.md).")
      .build();

  public QueryConfig {
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(principalsFile, "principalsFile");
    Objects.requireNonNull(policyFile, "policyFile");
    Objects.requireNonNull(signingKeyFile, "signingKeyFile");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Parses and validates raw values (keys without the {@code query.} prefix).
   *
   * @throws ConfigException listing every problem, each naming its key
   */
  public static QueryConfig parse(Map<String, ?> raw) {
    return from(DEF.parse(raw));
  }

  /** The typed view of a config parsed with {@link #DEF}. */
  public static QueryConfig from(Config c) {
    return new QueryConfig(c.getString(HTTP_HOST), c.getInt(HTTP_PORT), c.getPath(PRINCIPALS_FILE),
        c.getPath(POLICY_FILE), c.getInt(MAX_WINDOW_DAYS), c.getPath(SIGNING_KEY_FILE),
        new AuditSettings(Duration.ofSeconds(c.getInt(AUDIT_CHECKPOINT_INTERVAL)),
            c.getInt(AUDIT_CHECKPOINT_EVERY), Duration.ofDays(c.getInt(AUDIT_RETENTION_DAYS))),
        new HttpLimits(c.getInt(HTTP_MAX_BODY_BYTES), c.getInt(HTTP_RATE_PER_SECOND),
            c.getInt(HTTP_RATE_BURST), c.getInt(AUDIT_ANONYMOUS_INTERVAL), c.getInt(ACCESS_LOG_FRAUD_HIDDEN_DAYS)));
  }

  /** The listener settings for {@code ApiServer.start}. */
  public ApiSettings apiSettings() {
    return new ApiSettings(httpHost, httpPort, maxWindowDays, limits.maxBodyBytes(),
        limits.rateLimitPerSecond(), limits.rateLimitBurst(),
        Duration.ofSeconds(limits.anonymousDenialIntervalSeconds()),
        Duration.ofDays(limits.fraudReadsHiddenDays()));
  }
}
