package io.cdrvault.query.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryConfigTest {
  /** Generated reference docs; regenerate with {@code -Dcdrvault.regenerateDocs=true}. */
  private static final Path DOCS = Path.of("..", "docs", "configuration.md");

  @Test
  void identityProvider_isOffByDefault_andItsKeysAreCheckedTogether() {
    assertThat(QueryConfig.parse(Map.of()).identityProvider()).isEmpty();
    QueryConfig c = QueryConfig.parse(Map.of("oidc.issuer", "https://sso.example/realms/staff",
        "oidc.jwksUrl", "https://sso.example/realms/staff/certs", "oidc.rolesClaim", "realm_access.roles",
        "oidc.roleMapping", java.util.List.of("cdr-billing=billing-job", "cdr-fraud=fraud-analyst")));
    assertThat(c.identityProvider()).hasValueSatisfying(p -> {
      assertThat(p.audience()).isEqualTo("cdrvault");
      assertThat(p.principalClaim()).isEqualTo("sub");
      assertThat(p.algorithms()).containsExactlyInAnyOrder("RS256", "PS256", "ES256");
      assertThat(p.roleMapping()).containsEntry("cdr-fraud", java.util.Set.of("fraud-analyst"));
      assertThat(p.clockSkew()).hasSeconds(60);
    });
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("oidc.issuer", "https://sso.example")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("key 'oidc.jwksUrl' is required when 'oidc.issuer' is set"));
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("oidc.issuer", "https://sso.example",
        "oidc.jwksUrl", "http://sso.example/certs", "oidc.algorithms", "HS256")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("https").contains("algorithms"));
  }

  @Test
  void tls_isOffByDefault_andItsKeysReachTheApiSettings() {
    QueryConfig plain = QueryConfig.parse(Map.of());
    assertThat(plain.apiSettings().tls()).isEmpty();
    assertThat(plain.apiSettings().allowPlaintext()).isFalse();
    QueryConfig c = QueryConfig.parse(Map.of("http.host", "0.0.0.0",
        "http.tls.certificateFile", "/etc/cdrvault/tls/api.pem",
        "http.tls.keyFile", "/etc/cdrvault/tls/api.key",
        "http.tls.protocols", java.util.List.of("TLSv1.3", "TLSv1.2"),
        "http.tls.reloadIntervalSeconds", 30,
        "http.tls.clientCaFile", "/etc/cdrvault/tls/clients-ca.pem",
        "http.tls.clientCrlFile", "/etc/cdrvault/tls/clients.crl"));
    assertThat(c.apiSettings().tls()).hasValueSatisfying(t -> {
      assertThat(t.certificateFile()).contains(Path.of("/etc/cdrvault/tls/api.pem"));
      assertThat(t.keyStoreFile()).isEmpty();
      assertThat(t.protocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
      assertThat(t.reloadInterval()).hasSeconds(30);
      assertThat(t.clientCrlFile()).contains(Path.of("/etc/cdrvault/tls/clients.crl"));
      assertThat(t.passwordEnv()).isEqualTo("CDRVAULT_TLS_PASSWORD");
    });
    assertThat(c.apiSettings().plaintextProblem()).isEmpty();
    assertThat(QueryConfig.parse(Map.of("http.host", "0.0.0.0")).apiSettings().plaintextProblem())
        .hasValueSatisfying(p -> assertThat(p).contains("query.http.allowPlaintext"));
    assertThat(QueryConfig.parse(Map.of("http.host", "0.0.0.0", "http.allowPlaintext", true))
        .apiSettings().plaintextProblem()).isEmpty();
  }

  @Test
  void tlsKeys_thatDoNotFitTogether_areReportedWithTheirKeys() {
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("http.tls.clientCaFile", "ca.pem")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("http.tls.clientCaFile").contains("http.tls.certificateFile"));
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("http.tls.certificateFile", "a.pem")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("http.tls").contains("keyFile"));
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("http.tls.protocols", "TLSv1.2")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().contains("http.tls.protocols"));
  }

  @Test
  void defaults_bindLoopbackOn8080_withTheShippedFilesAnd400DayWindow() {
    QueryConfig c = QueryConfig.parse(Map.of());

    assertThat(c.apiSettings()).isEqualTo(new ApiSettings("127.0.0.1", 8080, 400));
    assertThat(c.principalsFile()).isEqualTo(Path.of("config/principals.yaml"));
    assertThat(c.policyFile()).isEqualTo(Path.of("config/policy.yaml"));
  }

  @Test
  void theConsole_isOnByDefault_andSwitchedOffByConsoleEnabled() {
    assertThat(QueryConfig.parse(Map.of()).apiSettings().consoleEnabled()).isTrue();
    QueryConfig off = QueryConfig.parse(Map.of("console.enabled", "false"));
    assertThat(off.consoleEnabled()).isFalse();
    assertThat(off.apiSettings()).isEqualTo(new ApiSettings("127.0.0.1", 8080, 400).withConsole(false));
  }

  @Test
  void givenValues_override() {
    QueryConfig c = QueryConfig.parse(Map.of("http.host", "0.0.0.0", "http.port", "0",
        "maxWindowDays", 31, "principalsFile", "/etc/cdrvault/principals.yaml"));

    assertThat(c.apiSettings()).isEqualTo(new ApiSettings("0.0.0.0", 0, 31));
    assertThat(c.principalsFile()).isEqualTo(Path.of("/etc/cdrvault/principals.yaml"));
  }

  @Test
  void requestLimits_fromANestedNodeConfig_reachTheApiSettings(@org.junit.jupiter.api.io.TempDir
      Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("node.yaml"), """
        query:
          http:
            maxBodyBytes: 4096
            rateLimit:
              perSecond: 7
              burst: 9
          audit:
            anonymousDenialIntervalSeconds: 15
        """);
    Map<String, Object> all = io.cdrvault.store.config.YamlConfigFiles.load(file);
    QueryConfig c = QueryConfig.parse(io.cdrvault.store.config.YamlConfigFiles.section(all, "query"));

    assertThat(c.apiSettings()).isEqualTo(new ApiSettings("127.0.0.1", 8080, 400, 4096, 7, 9,
        java.time.Duration.ofSeconds(15), ApiSettings.DEFAULT_FRAUD_READS_HIDDEN_FOR));
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("http.maxBodyBytes", 10,
        "http.rateLimit.burst", 0)))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "key 'http.maxBodyBytes' is invalid: must be 1024..67108864",
            "key 'http.rateLimit.burst' is invalid: must be at least 1"));
  }

  @Test
  void badValues_areAllReportedWithTheirKeys() {
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("http.port", "70000", "maxWindowDays", "0",
        "http.prot", "1")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "unknown key 'http.prot'",
            "key 'http.port' is invalid: must be 0..65535",
            "key 'maxWindowDays' is invalid: must be 1..3660"));
  }

  @Test
  void breachRules_defaultToTheAmendedRule_andAreConfigurable() {
    assertThat(QueryConfig.parse(Map.of()).apiSettings().breachRules())
        .isEqualTo(io.cdrvault.store.compliance.BreachRules.DEFAULTS);
    QueryConfig old = QueryConfig.parse(Map.of("compliance.customerWaitBusinessDays", 7,
        "compliance.customerDeadlineDays", 0, "compliance.breachZone", "America/Chicago"));
    assertThat(old.apiSettings().breachRules()).isEqualTo(new io.cdrvault.store.compliance.BreachRules(
        java.time.ZoneId.of("America/Chicago"), 7, 7, 0));
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("compliance.breachZone", "Mars/Olympus",
        "compliance.lawEnforcementBusinessDays", 0)))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2));
  }

  @Test
  void referenceDocs_areGeneratedFromTheDeclarations() throws IOException {
    String expected = "# cdrvault node configuration\n\nGenerated from the declared configs "
        + "(`StoreConfig.DEF`, `IngestConfig.DEF`, `QueryConfig.DEF`) by `QueryConfigTest`; run it with "
        + "`-Dcdrvault.regenerateDocs=true` to refresh. A node config file (`./cdrvault serve --config FILE`, "
        + "example: `config/node.example.yaml`) has one section per table: `store:`, `ingest:`, `query:`.\n\n"
        + io.cdrvault.store.rocks.StoreConfig.DEF.markdown() + "\n"
        + io.cdrvault.ingest.pipeline.IngestConfig.DEF.markdown() + "\n"
        + QueryConfig.DEF.markdown();
    if (Boolean.getBoolean("cdrvault.regenerateDocs")) {
      Files.createDirectories(DOCS.getParent());
      Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(DOCS)).as(DOCS + " exists").isTrue();
    assertThat(Files.readString(DOCS, StandardCharsets.UTF_8))
        .as("%s is stale: run QueryConfigTest with -Dcdrvault.regenerateDocs=true", DOCS)
        .isEqualTo(expected);
  }

  @Test
  void auditDefaults_areTheDeclaredDefaults() {
    assertThat(QueryConfig.AuditSettings.DEFAULT).isEqualTo(QueryConfig.parse(Map.of()).audit())
        .isEqualTo(new QueryConfig.AuditSettings(java.time.Duration.ofMinutes(5), 1000,
            java.time.Duration.ofDays(2557)));
    assertThat(QueryConfig.HttpLimits.DEFAULT).isEqualTo(QueryConfig.parse(Map.of()).limits());
  }

  @Test
  void settingsBuiltInCode_passTheSameValidatorsAsAConfigFile() {
    assertThatThrownBy(() -> new ApiSettings("127.0.0.1", 0, 3661))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxWindowDays must be 1..3660");
    assertThatThrownBy(() -> QueryConfig.parse(Map.of("maxWindowDays", 3661)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("key 'maxWindowDays' is invalid: must be 1..3660"));
    assertThatThrownBy(() -> ApiSettings.of("127.0.0.1", 0).withMaxBodyBytes((64 << 20) + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBodyBytes must be 1024..67108864");
    assertThatThrownBy(() -> new QueryConfig.AuditSettings(java.time.Duration.ofMinutes(5), 1000,
        java.time.Duration.ofDays(365)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'audit.retentionDays' is invalid: must be 366..36500");
  }

  @Test
  void everyKeyNamingASecret_isSensitive_orNamesWhereTheSecretIs() {
    for (io.cdrvault.store.config.ConfigDef def : java.util.List.of(
        io.cdrvault.store.rocks.StoreConfig.DEF, io.cdrvault.ingest.pipeline.IngestConfig.DEF,
        QueryConfig.DEF)) {
      for (io.cdrvault.store.config.ConfigDef.Key<?> k : def.keys()) {
        String name = k.name().toLowerCase(java.util.Locale.ROOT);
        // an "endpoint" is a URL (the OIDC token endpoint), not a secret
        boolean namesASecret = name.matches(".*(password|secret|token|credential|apikey).*")
            && !name.endsWith("env") && !name.endsWith("file") && !name.endsWith("endpoint");
        assertThat(k.sensitive() || !namesASecret)
            .as("%s.%s holds a secret: declare it with defineSensitive", def.title(), k.name())
            .isTrue();
      }
    }
  }
}
