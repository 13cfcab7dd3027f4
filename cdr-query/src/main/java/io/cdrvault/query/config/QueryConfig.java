package io.cdrvault.query.config;

import io.cdrvault.query.auth.OidcSettings;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.tls.TlsSettings;
import io.cdrvault.store.compliance.BreachRules;
import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef;
import io.cdrvault.store.config.ConfigDef.Type;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.Range;
import io.cdrvault.store.config.Validators;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The declared configuration of the query side: the HTTP listener (HTTPS and client certificates
 * under {@code http.tls.*}), the principals and policy
 * files, the widest time window a request may ask for and the legal export signing key file. In a
 * node config file these keys live under the {@code query:} section (see {@code
 * YamlConfigFiles.section(all, "query")}). This record is the module's settings, built from {@link
 * #DEF} only; {@link #apiSettings()} is the part the HTTP listener takes.
 *
 * <p>Immutable and thread-safe.
 */
public record QueryConfig(String httpHost, int httpPort, Path principalsFile, Path policyFile,
    int maxWindowDays, Path signingKeyFile, AuditSettings audit, HttpLimits limits,
    Optional<OidcSettings> identityProvider, Optional<TlsSettings> tls, boolean allowPlaintext,
    boolean consoleEnabled, BreachRules breachRules) {

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
  public static final String SIGNING_KEY_PASSWORD_FILE = "legal.signingKeyPasswordFile";
  public static final String ASSERTION_KEY_FILE = "assertionKeyFile";
  public static final String AUDIT_CHECKPOINT_INTERVAL = "audit.checkpointIntervalSeconds";
  public static final String AUDIT_CHECKPOINT_EVERY = "audit.checkpointEveryEntries";
  public static final String AUDIT_RETENTION_DAYS = "audit.retentionDays";
  public static final String HTTP_MAX_BODY_BYTES = "http.maxBodyBytes";
  public static final String HTTP_RATE_PER_SECOND = "http.rateLimit.perSecond";
  public static final String HTTP_RATE_BURST = "http.rateLimit.burst";
  public static final String AUDIT_ANONYMOUS_INTERVAL = "audit.anonymousDenialIntervalSeconds";
  public static final String ACCESS_LOG_FRAUD_HIDDEN_DAYS = "accessLog.fraudReadsHiddenDays";
  public static final String HTTP_ALLOW_PLAINTEXT = "http.allowPlaintext";
  public static final String TLS_CERTIFICATE_FILE = "http.tls.certificateFile";
  public static final String TLS_KEY_FILE = "http.tls.keyFile";
  public static final String TLS_KEYSTORE_FILE = "http.tls.keyStoreFile";
  public static final String TLS_PASSWORD_FILE = "http.tls.passwordFile";
  public static final String TLS_PASSWORD_ENV = "http.tls.passwordEnv";
  public static final String TLS_PROTOCOLS = "http.tls.protocols";
  public static final String TLS_RELOAD_INTERVAL = "http.tls.reloadIntervalSeconds";
  public static final String TLS_CLIENT_CA_FILE = "http.tls.clientCaFile";
  public static final String TLS_CLIENT_CRL_FILE = "http.tls.clientCrlFile";
  public static final String CONSOLE_ENABLED = "console.enabled";
  public static final String OIDC_ISSUER = "oidc.issuer";
  public static final String OIDC_AUDIENCE = "oidc.audience";
  public static final String OIDC_JWKS_URL = "oidc.jwksUrl";
  public static final String OIDC_PRINCIPAL_CLAIM = "oidc.principalClaim";
  public static final String OIDC_ROLES_CLAIM = "oidc.rolesClaim";
  public static final String OIDC_ROLE_MAPPING = "oidc.roleMapping";
  public static final String OIDC_ALGORITHMS = "oidc.algorithms";
  public static final String OIDC_CLOCK_SKEW = "oidc.clockSkewSeconds";
  public static final String OIDC_JWKS_CACHE = "oidc.jwksCacheSeconds";
  public static final String OIDC_JWKS_REFRESH = "oidc.jwksRefreshMinIntervalSeconds";
  public static final String OIDC_CONSOLE_CLIENT_ID = "oidc.console.clientId";
  public static final String OIDC_CONSOLE_SECRET_FILE = "oidc.console.clientSecretFile";
  public static final String OIDC_CONSOLE_SECRET_ENV = "oidc.console.clientSecretEnv";
  public static final String OIDC_CONSOLE_AUTHORIZE = "oidc.console.authorizationEndpoint";
  public static final String OIDC_CONSOLE_TOKEN = "oidc.console.tokenEndpoint";
  public static final String OIDC_CONSOLE_REDIRECT = "oidc.console.redirectUri";
  public static final String OIDC_CONSOLE_SCOPES = "oidc.console.scopes";
  public static final String OIDC_CONSOLE_PROVIDER_NAME = "oidc.console.providerName";
  public static final String BREACH_ZONE = "compliance.breachZone";
  public static final String BREACH_LE_DAYS = "compliance.lawEnforcementBusinessDays";
  public static final String BREACH_WAIT_DAYS = "compliance.customerWaitBusinessDays";
  public static final String BREACH_DEADLINE_DAYS = "compliance.customerDeadlineDays";

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
      .define(HTTP_ALLOW_PLAINTEXT, Type.BOOLEAN, false,
          "Serve plain HTTP on an http.host that is not a loopback address. Without it (and "
              + "without http.tls.*) `serve` refuses to start: CPNI and bearer tokens would cross "
              + "the network in clear. Only behind a TLS-terminating proxy on the same host.")
      .define(TLS_CERTIFICATE_FILE, Type.STRING, "",
          "HTTPS: PEM certificate chain of the API, its own certificate first (with "
              + "http.tls.keyFile). Empty (and no http.tls.keyStoreFile): plain HTTP. Reloaded "
              + "when it changes (docs/operations.md, TLS).")
      .define(TLS_KEY_FILE, Type.STRING, "",
          "HTTPS: PEM private key of http.tls.certificateFile (PKCS#8, PKCS#1, SEC 1, or "
              + "encrypted PKCS#8 with the password of http.tls.passwordFile / passwordEnv).")
      .define(TLS_KEYSTORE_FILE, Type.STRING, "",
          "HTTPS: PKCS#12 file with the API's key and certificate chain, instead of the two PEM "
              + "files; its password from http.tls.passwordFile or http.tls.passwordEnv.")
      .define(TLS_PASSWORD_FILE, Type.STRING, "",
          "File (one line, owner-only) holding the password of the PKCS#12 file or encrypted "
              + "key; empty: the variable named by http.tls.passwordEnv. Read at every reload.")
      .define(TLS_PASSWORD_ENV, Type.STRING, TlsSettings.DEFAULT_PASSWORD_ENV,
          "Environment variable holding that password when http.tls.passwordFile is empty.")
      .define(TLS_PROTOCOLS, Type.LIST, List.of(TlsSettings.TLS_13),
          io.cdrvault.store.config.Validator.<List<String>>of("TLSv1.3, or TLSv1.3 and TLSv1.2",
              l -> l.contains(TlsSettings.TLS_13) && TlsSettings.VALID_PROTOCOLS.containsAll(l)),
          "TLS versions offered: TLSv1.3 only by default; add TLSv1.2 for clients that lack 1.3.")
      .define(TLS_RELOAD_INTERVAL, Type.INT,
          Math.toIntExact(TlsSettings.DEFAULT_RELOAD_INTERVAL.toSeconds()), Range.between(1, 3600),
          "Seconds between checks of the TLS files; a changed certificate, key, CA file or CRL is "
              + "loaded without a restart (new connections get it; a file that does not load is "
              + "logged and the previous one kept).")
      .define(TLS_CLIENT_CA_FILE, Type.STRING, "",
          "mTLS: CA certificates (PEM bundle, or PKCS#12 `.p12`) that client certificates must "
              + "chain to. Set, the API asks for a client certificate (without requiring one) and "
              + "a principal's `certificate` in the principals file identifies it.")
      .define(TLS_CLIENT_CRL_FILE, Type.STRING, "",
          "mTLS: certificate revocation lists (PEM or DER) of those CAs; a listed certificate is "
              + "refused with 401 (audited). Each CRL must be signed by a CA of "
              + "http.tls.clientCaFile.")
      .define(PRINCIPALS_FILE, Type.PATH, Path.of("config/principals.yaml"),
          "Principals file: names, roles, SHA-256 of bearer tokens, client certificate names, "
              + "optional customer binding.")
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
      .define(SIGNING_KEY_PASSWORD_FILE, Type.STRING, "",
          "File holding the signing key's password (e.g. a mounted Kubernetes secret; one trailing "
              + "newline is ignored); empty = the environment variable CDRVAULT_SIGNING_KEY_PASSWORD.")
      .define(ASSERTION_KEY_FILE, Type.STRING, "",
          "File holding the customer assertion key (base64 of at least 32 bytes, as "
              + "CDRVAULT_ASSERTION_KEY); empty = that environment variable, or no assertions "
              + "accepted when it is unset.")
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
      .define(CONSOLE_ENABLED, Type.BOOLEAN, true,
          "Serve the web console at /console/ on the API's listener (docs/console.md). false: no "
              + "/console/ path exists (404); the API is unchanged.")
      .define(OIDC_ISSUER, Type.STRING, "",
          "The identity provider's issuer (`iss`, exactly). Empty: only the static tokens of the "
              + "principals file are accepted. Set, the API also accepts the provider's signed JWT "
              + "access tokens (docs/identity-provider.md).")
      .define(OIDC_AUDIENCE, Type.STRING, "cdrvault",
          "The audience (`aud`) a provider token must name.")
      .define(OIDC_JWKS_URL, Type.STRING, "",
          "The provider's JWKS URL (its signing keys); https, or http on a loopback address only. "
              + "Required when oidc.issuer is set.")
      .define(OIDC_PRINCIPAL_CLAIM, Type.STRING, "sub",
          "The claim that names the caller; the principal is `oidc:<value>` in the audit ledger "
              + "(letters, digits and `._@:+-`, at most 128).")
      .define(OIDC_ROLES_CLAIM, Type.STRING, "roles",
          "The claim holding the caller's roles, a dotted path into objects for nested claims "
              + "(Keycloak: `realm_access.roles`); a list of strings or one space-separated string.")
      .define(OIDC_ROLE_MAPPING, Type.LIST, List.of(),
          "`providerRole=cdrvaultRole` entries; empty: the claim's values are used as cdrvault "
              + "role names. Roles the policy does not define grant nothing.")
      .define(OIDC_ALGORITHMS, Type.LIST, List.of("RS256", "PS256", "ES256"),
          "JWS algorithms accepted; asymmetric ones only (no `none`, no HMAC).")
      .define(OIDC_CLOCK_SKEW, Type.INT, 60, Range.between(0, 300),
          "Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.")
      .define(OIDC_JWKS_CACHE, Type.INT, 900, Range.between(1, 86_400),
          "Seconds the fetched JWKS is used before it is fetched again.")
      .define(OIDC_JWKS_REFRESH, Type.INT, 30, Range.between(1, 86_400),
          "Least seconds between two JWKS fetches, also when tokens name an unknown key id (a "
              + "rotated key): bounds what forged key ids can cost the provider and the node.")
      // the console's sign-in through the provider (ConsoleSignInConfig, docs/console.md)
      .define(OIDC_CONSOLE_CLIENT_ID, Type.STRING, "",
          "The console's client id at the identity provider. Set (with oidc.issuer), the console "
              + "offers \"Sign in with <provider>\": the authorization code flow with PKCE; the "
              + "provider's access token is then the user's bearer token for the API.")
      .define(OIDC_CONSOLE_SECRET_FILE, Type.STRING, "",
          "File (owner-only) holding the console's client secret; empty: the variable named by "
              + "oidc.console.clientSecretEnv.")
      .define(OIDC_CONSOLE_SECRET_ENV, Type.STRING, "CDRVAULT_OIDC_CLIENT_SECRET",
          "Environment variable holding the console's client secret when "
              + "oidc.console.clientSecretFile is empty.")
      .define(OIDC_CONSOLE_AUTHORIZE, Type.STRING, "",
          "The provider's authorization endpoint; empty (with oidc.console.tokenEndpoint): read "
              + "from the provider's discovery document at the first sign-in.")
      .define(OIDC_CONSOLE_TOKEN, Type.STRING, "",
          "The provider's token endpoint; empty (with oidc.console.authorizationEndpoint): from "
              + "discovery.")
      .define(OIDC_CONSOLE_REDIRECT, Type.STRING, "",
          "The console's callback as registered at the provider, ending in "
              + "/console/sign-in/oidc/callback; empty: that path on the scheme and host the "
              + "browser used.")
      .define(OIDC_CONSOLE_SCOPES, Type.LIST, List.of("openid"),
          "Scopes the console asks for (openid is always added).")
      .define(OIDC_CONSOLE_PROVIDER_NAME, Type.STRING, "the identity provider",
          "The provider's name on the sign-in page (\"Sign in with ...\").")
      .define(BREACH_ZONE, Type.STRING, BreachRules.DEFAULTS.zone().getId(), Validators.zoneId(),
          "Time zone in which the breach register counts days (47 CFR 64.2011): an instant becomes "
              + "the carrier's calendar day here, and a date typed without a time is its midnight "
              + "here (docs/compliance.md).")
      .define(BREACH_LE_DAYS, Type.INT, BreachRules.DEFAULTS.lawEnforcementBusinessDays(),
          Range.between(1, 60),
          "Business days (weekdays that are not US federal holidays) after reasonable "
              + "determination of a breach by which law enforcement (USSS, FBI) and the FCC must be "
              + "notified; the rule says 7.")
      .define(BREACH_WAIT_DAYS, Type.INT, BreachRules.DEFAULTS.customerWaitBusinessDays(),
          Range.between(0, 60),
          "Full business days after the law enforcement notification before customers may be "
              + "told. The rule as amended by FCC 23-111 has no waiting period (0); the rule before "
              + "it had 7.")
      .define(BREACH_DEADLINE_DAYS, Type.INT, BreachRules.DEFAULTS.customerDeadlineDays(),
          Range.between(0, 365),
          "Days after reasonable determination by which customers must be told unless law "
              + "enforcement directs a delay; the amended rule says 30; 0 = no outer limit (the "
              + "rule before FCC 23-111).")
      .build();

  public QueryConfig {
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(principalsFile, "principalsFile");
    Objects.requireNonNull(policyFile, "policyFile");
    Objects.requireNonNull(signingKeyFile, "signingKeyFile");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(identityProvider, "identityProvider");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(breachRules, "breachRules");
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
            c.getInt(HTTP_RATE_BURST), c.getInt(AUDIT_ANONYMOUS_INTERVAL), c.getInt(ACCESS_LOG_FRAUD_HIDDEN_DAYS)),
        identityProvider(c), tls(c), c.getBoolean(HTTP_ALLOW_PLAINTEXT), c.getBoolean(CONSOLE_ENABLED),
        new BreachRules(java.time.ZoneId.of(c.getString(BREACH_ZONE)), c.getInt(BREACH_LE_DAYS),
            c.getInt(BREACH_WAIT_DAYS), c.getInt(BREACH_DEADLINE_DAYS)));
  }

  private static Optional<TlsSettings> tls(Config c) {
    Optional<Path> cert = optionalPath(c, TLS_CERTIFICATE_FILE);
    Optional<Path> key = optionalPath(c, TLS_KEY_FILE);
    Optional<Path> p12 = optionalPath(c, TLS_KEYSTORE_FILE);
    Optional<Path> ca = optionalPath(c, TLS_CLIENT_CA_FILE);
    Optional<Path> crl = optionalPath(c, TLS_CLIENT_CRL_FILE);
    if (cert.isEmpty() && key.isEmpty() && p12.isEmpty()) {
      if (ca.isPresent() || crl.isPresent()) {
        throw new ConfigException(List.of("key '" + TLS_CLIENT_CA_FILE + "' needs HTTPS: set '"
            + TLS_CERTIFICATE_FILE + "' and '" + TLS_KEY_FILE + "', or '" + TLS_KEYSTORE_FILE + "'"));
      }
      return Optional.empty();
    }
    try {
      return Optional.of(new TlsSettings(cert, key, p12, optionalPath(c, TLS_PASSWORD_FILE),
          c.getString(TLS_PASSWORD_ENV), new LinkedHashSet<>(c.getList(TLS_PROTOCOLS)),
          Duration.ofSeconds(c.getInt(TLS_RELOAD_INTERVAL)), ca, crl));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of("http.tls: " + e.getMessage()));
    }
  }

  private static Optional<Path> optionalPath(Config c, String key) {
    String v = c.getString(key);
    return v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
  }

  private static Optional<OidcSettings> identityProvider(Config c) {
    String issuer = c.getString(OIDC_ISSUER);
    if (issuer.isBlank()) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    if (c.getString(OIDC_JWKS_URL).isBlank()) {
      problems.add("key '" + OIDC_JWKS_URL + "' is required when '" + OIDC_ISSUER + "' is set");
    }
    try {
      if (problems.isEmpty()) {
        return Optional.of(new OidcSettings(issuer, c.getString(OIDC_AUDIENCE),
            URI.create(c.getString(OIDC_JWKS_URL)), c.getString(OIDC_PRINCIPAL_CLAIM),
            c.getString(OIDC_ROLES_CLAIM),
            OidcSettings.parseRoleMapping(c.get(OIDC_ROLE_MAPPING, Type.LIST)),
            new LinkedHashSet<>(c.get(OIDC_ALGORITHMS, Type.LIST)),
            Duration.ofSeconds(c.getInt(OIDC_CLOCK_SKEW)), Duration.ofSeconds(c.getInt(OIDC_JWKS_CACHE)),
            Duration.ofSeconds(c.getInt(OIDC_JWKS_REFRESH))));
      }
    } catch (IllegalArgumentException e) {
      problems.add("oidc: " + e.getMessage());
    }
    throw new ConfigException(problems);
  }

  /** The listener settings for {@code ApiServer.start}. */
  public ApiSettings apiSettings() {
    return new ApiSettings(httpHost, httpPort, maxWindowDays, limits.maxBodyBytes(),
        limits.rateLimitPerSecond(), limits.rateLimitBurst(),
        Duration.ofSeconds(limits.anonymousDenialIntervalSeconds()),
        Duration.ofDays(limits.fraudReadsHiddenDays()), tls, allowPlaintext, consoleEnabled,
        breachRules);
  }
}
