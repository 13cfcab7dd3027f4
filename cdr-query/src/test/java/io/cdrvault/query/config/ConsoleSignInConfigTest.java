package io.cdrvault.query.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.query.auth.OidcSignInSettings;
import io.cdrvault.store.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code query.oidc.console.*}: the console's sign-in through the identity provider. */
class ConsoleSignInConfigTest {
  private static final Map<String, Object> PROVIDER = Map.of(
      "oidc.issuer", "https://sso.carrier.example/realms/staff",
      "oidc.jwksUrl", "https://sso.carrier.example/realms/staff/certs");

  @Test
  void withoutAClientId_thereIsNoProviderSignIn() {
    assertThat(signIn(PROVIDER, Map.of())).isEmpty();
  }

  @Test
  void aClientIdAndASecretFromTheEnvironment_signInByDiscovery() {
    OidcSignInSettings s = signIn(with("oidc.console.clientId", "cdrvault-console"),
        Map.of("CDRVAULT_OIDC_CLIENT_SECRET", "s3cret-from-env")).orElseThrow();
    assertThat(s.clientSecret()).isEqualTo("s3cret-from-env");
    assertThat(s.issuer()).isEqualTo("https://sso.carrier.example/realms/staff");
    assertThat(s.jwksUri()).isEqualTo(URI.create("https://sso.carrier.example/realms/staff/certs"));
    assertThat(s.authorizationEndpoint()).isEmpty();
    assertThat(s.scopes()).containsExactly("openid");
    assertThat(s.providerName()).isEqualTo("the identity provider");
    assertThat(s.toString()).doesNotContain("s3cret-from-env");
  }

  @Test
  void aSecretFile_andExplicitEndpoints(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("client-secret");
    Files.writeString(secret, "s3cret-from-file\n");
    Map<String, Object> raw = with("oidc.console.clientId", "cdrvault-console");
    raw.put("oidc.console.clientSecretFile", secret.toString());
    raw.put("oidc.console.authorizationEndpoint", "https://sso.carrier.example/auth");
    raw.put("oidc.console.tokenEndpoint", "https://sso.carrier.example/token");
    raw.put("oidc.console.scopes", List.of("profile"));
    raw.put("oidc.console.providerName", "Carrier SSO");
    OidcSignInSettings s = signIn(raw, Map.of()).orElseThrow();
    assertThat(s.clientSecret()).isEqualTo("s3cret-from-file");
    assertThat(s.tokenEndpoint()).contains(URI.create("https://sso.carrier.example/token"));
    assertThat(s.scopes()).containsExactly("openid", "profile");
    assertThat(s.providerName()).isEqualTo("Carrier SSO");
  }

  @Test
  void problems_nameTheirKeys_neverTheSecret() {
    assertThatThrownBy(() -> signIn(Map.of("oidc.console.clientId", "c"), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("oidc.console.clientId").contains("oidc.issuer"));
    assertThatThrownBy(() -> signIn(with("oidc.console.clientId", "c"), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("CDRVAULT_OIDC_CLIENT_SECRET"));
    Map<String, Object> oneEndpoint = with("oidc.console.clientId", "c");
    oneEndpoint.put("oidc.console.tokenEndpoint", "https://sso.carrier.example/token");
    assertThatThrownBy(() -> signIn(oneEndpoint, Map.of("CDRVAULT_OIDC_CLIENT_SECRET", "zz-secret")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("both").doesNotContain("zz-secret"));
    Map<String, Object> plain = with("oidc.console.clientId", "c");
    plain.put("oidc.console.authorizationEndpoint", "http://sso.carrier.example/auth");
    plain.put("oidc.console.tokenEndpoint", "http://sso.carrier.example/token");
    assertThatThrownBy(() -> signIn(plain, Map.of("CDRVAULT_OIDC_CLIENT_SECRET", "x")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("https"));
  }

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> m = new HashMap<>(PROVIDER);
    m.put(key, value);
    return m;
  }

  private static Optional<OidcSignInSettings> signIn(Map<String, Object> raw, Map<String, String> env) {
    var c = QueryConfig.DEF.parse(raw);
    return ConsoleSignInConfig.from(c, QueryConfig.from(c).identityProvider(), env);
  }
}
