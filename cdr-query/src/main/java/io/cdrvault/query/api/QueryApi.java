package io.cdrvault.query.api;

import io.cdrvault.query.aggregate.AggregateRoutes;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.OidcSignInSettings;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.billing.BillingRoutes;
import io.cdrvault.query.compliance.ComplianceRoutes;
import io.cdrvault.query.console.ConsoleSite;
import io.cdrvault.query.customer.CustomerRoutes;
import io.cdrvault.query.http.ApiServer;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.http.Readiness;
import io.cdrvault.query.http.RouteContributor;
import io.cdrvault.query.http.SiteContributor;
import io.cdrvault.query.legal.LegalRoutes;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.marketing.MarketingRoutes;
import io.cdrvault.query.oversight.OversightRoutes;
import io.cdrvault.query.records.RecordRoutes;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.PolicyEngine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The query node's HTTP API: an {@link ApiServer} serving every feature's routes. This is the one
 * place that names the feature packages for the server ({@code http} imports none of them); add a
 * feature's {@link RouteContributor} to {@link #routes} and its routes to
 * {@link io.cdrvault.query.http.ApiRoute} and {@code openapi.yaml}.
 *
 * <p>Stateless and thread-safe.
 */
public final class QueryApi {
  private QueryApi() {}

  /**
   * Every feature's routes; legal exports are signed with {@code exportSigner} (without one they
   * answer 503).
   */
  public static List<RouteContributor> routes(Optional<ExportSigner> exportSigner) {
    return List.of(new RecordRoutes(), new CustomerRoutes(), new BillingRoutes(),
        new LegalRoutes(exportSigner), new MarketingRoutes(), new AggregateRoutes(),
        new OversightRoutes(), new ComplianceRoutes());
  }

  /** The pages served beside the API: the console ({@code /console/}, docs/console.md). */
  public static List<SiteContributor> sites() {
    return sites(Optional.empty());
  }

  /** As {@link #sites()}, the console also offering sign-in through the identity provider. */
  public static List<SiteContributor> sites(Optional<OidcSignInSettings> consoleSignIn) {
    return List.of(new ConsoleSite(consoleSignIn));
  }

  /**
   * Starts the API with every feature's routes, no customer assertions and no export signing key.
   *
   * @throws IllegalStateException if the server cannot bind or start
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, PrometheusMeterRegistry registry) {
    return start(settings, store, policy, auth, Optional.empty(), Optional.empty(), registry);
  }

  /**
   * Starts the API with every feature's routes, accepting customer authentication assertions
   * verified with {@code assertions} (CUSTOMER_ACCESS) and signing legal export packages with
   * {@code exportSigner}; {@code /ready} and {@code /health} answer from the store.
   *
   * @throws IllegalStateException if the server cannot bind or start
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, Optional<CustomerAssertions> assertions,
      Optional<ExportSigner> exportSigner, PrometheusMeterRegistry registry) {
    return start(settings, store, policy, auth, assertions, exportSigner, registry,
        Readiness.of(Objects.requireNonNull(store, "store")));
  }

  /**
   * As {@link #start(ApiSettings, CdrStore, PolicyEngine, TokenAuthenticator, Optional, Optional,
   * PrometheusMeterRegistry)}, answering {@code /ready} and {@code /health} from
   * {@code readiness}; the console only when {@link ApiSettings#consoleEnabled()}.
   *
   * @throws IllegalStateException if the server cannot bind or start
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, Optional<CustomerAssertions> assertions,
      Optional<ExportSigner> exportSigner, PrometheusMeterRegistry registry, Readiness readiness) {
    return start(settings, store, policy, auth, assertions, exportSigner, registry, readiness,
        Optional.empty());
  }

  /**
   * As {@link #start(ApiSettings, CdrStore, PolicyEngine, TokenAuthenticator, Optional, Optional,
   * PrometheusMeterRegistry, Readiness)}, the console also offering sign-in through the identity
   * provider when {@code consoleSignIn} is set.
   *
   * @throws IllegalStateException if the server cannot bind or start
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, Optional<CustomerAssertions> assertions,
      Optional<ExportSigner> exportSigner, PrometheusMeterRegistry registry, Readiness readiness,
      Optional<OidcSignInSettings> consoleSignIn) {
    Objects.requireNonNull(exportSigner, "exportSigner");
    return ApiServer.start(settings, store, policy, auth, assertions, registry, readiness,
        routes(exportSigner), settings.consoleEnabled() ? sites(consoleSignIn) : List.of());
  }
}
