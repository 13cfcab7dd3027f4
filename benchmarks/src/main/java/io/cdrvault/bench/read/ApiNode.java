package io.cdrvault.bench.read;

import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.http.ApiServer;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The real HTTP API ({@link ApiServer}, Javalin) on 127.0.0.1 and a free port, wired as the
 * integration tests wire it: the given store and policy engine, two principals with bench tokens
 * (roles {@code billing-job} and {@code fraud-analyst} of {@code config/policy.yaml}). The
 * per-address rate limit is raised to {@value #RATE_LIMIT}/s so the sequential benchmark is never
 * refused; everything else is the default.
 *
 * <p>Not thread-safe; {@link #close()} stops the server (the store is the caller's).
 */
final class ApiNode implements AutoCloseable {
  static final String BILLING_TOKEN = "bench-billing-token-issue14";
  static final String FRAUD_TOKEN = "bench-fraud-token-issue14";
  static final int RATE_LIMIT = 1_000_000;

  private final ApiServer server;

  private ApiNode(ApiServer server) {
    this.server = server;
  }

  static ApiNode start(CdrStore store, PolicyEngine engine, PrometheusMeterRegistry registry) {
    Principals principals = Principals.of(List.of(
        new Principals.Entry(new Principal("bench-billing", Set.of("billing-job"), Optional.empty()),
            Principals.sha256(BILLING_TOKEN)),
        new Principals.Entry(new Principal("bench-fraud", Set.of("fraud-analyst"), Optional.empty()),
            Principals.sha256(FRAUD_TOKEN))));
    return new ApiNode(QueryApi.start(ApiSettings.of("127.0.0.1", 0).withRateLimit(RATE_LIMIT, RATE_LIMIT),
        store, engine, TokenAuthenticator.create(principals), registry));
  }

  String baseUrl() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.close();
  }
}
