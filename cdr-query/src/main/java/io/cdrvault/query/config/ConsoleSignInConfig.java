package io.cdrvault.query.config;

import io.cdrvault.query.auth.OidcSettings;
import io.cdrvault.query.auth.OidcSignInSettings;
import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef.Type;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.SecretSource;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's OIDC sign-in from the {@code query.oidc.console.*} keys of {@link QueryConfig}:
 * present when {@code oidc.console.clientId} is set, which needs {@code oidc.issuer} (the API must
 * accept the provider's tokens the console will send) and a client secret from a file or the
 * environment ({@link SecretSource}, ADR 0031).
 *
 * <p>Stateless.
 */
public final class ConsoleSignInConfig {
  private ConsoleSignInConfig() {}

  /**
   * The sign-in settings, or empty when no client id is configured.
   *
   * @throws ConfigException naming the key that is wrong or missing (never a secret)
   */
  public static Optional<OidcSignInSettings> from(Config c, Optional<OidcSettings> provider,
      Map<String, String> env) {
    String clientId = c.getString(QueryConfig.OIDC_CONSOLE_CLIENT_ID).strip();
    if (clientId.isEmpty()) {
      return Optional.empty();
    }
    if (provider.isEmpty()) {
      throw new ConfigException(List.of("key '" + QueryConfig.OIDC_CONSOLE_CLIENT_ID + "' needs '"
          + QueryConfig.OIDC_ISSUER + "' (the API must accept the provider's tokens)"));
    }
    SecretSource secret = SecretSource.of(QueryConfig.OIDC_CONSOLE_SECRET_ENV,
        c.getString(QueryConfig.OIDC_CONSOLE_SECRET_ENV), QueryConfig.OIDC_CONSOLE_SECRET_FILE,
        c.getString(QueryConfig.OIDC_CONSOLE_SECRET_FILE),
        QueryConfig.DEF.defaultValue(QueryConfig.OIDC_CONSOLE_SECRET_ENV, Type.STRING))
        .orElseThrow(() -> new ConfigException(List.of("key '" + QueryConfig.OIDC_CONSOLE_SECRET_FILE
            + "' or '" + QueryConfig.OIDC_CONSOLE_SECRET_ENV + "' must name the client secret")));
    try {
      return Optional.of(new OidcSignInSettings(provider.get().issuer(), clientId,
          new String(secret.read(env, "the console's OIDC client secret")).strip(),
          provider.get().jwksUri(), uri(c, QueryConfig.OIDC_CONSOLE_AUTHORIZE),
          uri(c, QueryConfig.OIDC_CONSOLE_TOKEN), uri(c, QueryConfig.OIDC_CONSOLE_REDIRECT),
          c.get(QueryConfig.OIDC_CONSOLE_SCOPES, Type.LIST),
          c.getString(QueryConfig.OIDC_CONSOLE_PROVIDER_NAME)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of("oidc.console: " + e.getMessage()));
    }
  }

  private static Optional<URI> uri(Config c, String key) {
    String v = c.getString(key).strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(URI.create(v));
  }
}
