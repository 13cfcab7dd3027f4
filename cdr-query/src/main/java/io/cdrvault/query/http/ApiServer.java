package io.cdrvault.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.aggregate.AggregateEndpoints;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.marketing.ConsentEndpoints;
import io.cdrvault.query.marketing.MarketingEndpoints;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.legal.LegalEndpoints;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.lifecycle.CustomerErasedException;
import io.cdrvault.store.access.PolicyEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin/Jetty): the CPNI read endpoints of {@link ApiRoute}, {@code /metrics},
 * {@code /health} and {@code /openapi.yaml}. Created and started by {@link #start}; {@link #close()}
 * stops it and is idempotent. The server does not own the store, policy engine or registry.
 *
 * <p>Thread-safe. Request logs carry the route template, status and duration, never the path
 * (which holds a customer id), query or headers.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final String OPENAPI_RESOURCE = "/openapi.yaml";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Javalin app;
  private final String host;
  private final Set<String> registered;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DenialAggregator denials;

  private ApiServer(Javalin app, String host, Set<String> registered, DenialAggregator denials) {
    this.denials = denials;
    this.app = app;
    this.host = host;
    this.registered = registered;
  }

  /**
   * Starts the API on {@code settings.host():settings.port()} (port 0 picks a free one).
   *
   * @throws IllegalStateException if the server cannot bind or start
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, PrometheusMeterRegistry registry) {
    return start(settings, store, policy, auth, java.util.Optional.empty(), registry);
  }

  /**
   * As {@link #start(ApiSettings, CdrStore, PolicyEngine, TokenAuthenticator,
   * PrometheusMeterRegistry)}, accepting customer authentication assertions verified with
   * {@code assertions} (CUSTOMER_ACCESS).
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, java.util.Optional<CustomerAssertions> assertions,
      PrometheusMeterRegistry registry) {
    return start(settings, store, policy, auth, assertions, java.util.Optional.empty(), registry);
  }

  /**
   * As {@link #start(ApiSettings, CdrStore, PolicyEngine, TokenAuthenticator,
   * java.util.Optional, PrometheusMeterRegistry)}, signing legal export packages with
   * {@code exportSigner} (without one, legal exports answer 503).
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, java.util.Optional<CustomerAssertions> assertions,
      java.util.Optional<ExportSigner> exportSigner, PrometheusMeterRegistry registry) {
    return start(settings, store, policy, auth, assertions, exportSigner, registry,
        Readiness.of(Objects.requireNonNull(store, "store")));
  }

  /**
   * As {@link #start(ApiSettings, CdrStore, PolicyEngine, TokenAuthenticator, java.util.Optional,
   * java.util.Optional, PrometheusMeterRegistry)}, answering {@code /ready} and {@code /health}
   * from {@code readiness}.
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, java.util.Optional<CustomerAssertions> assertions,
      java.util.Optional<ExportSigner> exportSigner, PrometheusMeterRegistry registry,
      Readiness readiness) {
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(exportSigner, "exportSigner");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(registry, "registry");
    // a repeated member in a request body is refused, not "last one wins"
    ObjectMapper json = new ObjectMapper()
        .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    ApiErrors errors = new ApiErrors(json);
    DenialAggregator denials = new DenialAggregator(policy, settings.denialInterval());
    AccessFlow flow = new AccessFlow(policy, auth, new AccessMetrics(registry), errors, assertions,
        settings, json, denials);
    CpniEndpoints cpni = new CpniEndpoints(store, flow, json, settings.fraudReadsHiddenFor(), policy.clock());
    LegalEndpoints legal = new LegalEndpoints(store, flow, json, exportSigner);
    io.cdrvault.query.legal.HoldEndpoints holds = new io.cdrvault.query.legal.HoldEndpoints(store, flow, json);
    ConsentEndpoints consent = new ConsentEndpoints(store, flow, json);
    MarketingEndpoints marketing = new MarketingEndpoints(store, flow, json);
    AggregateEndpoints aggregates = new AggregateEndpoints(store, flow, json);
    byte[] openApi = openApiDocument();
    Set<String> registered = Collections.synchronizedSet(new LinkedHashSet<>());

    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.defaultContentType = "application/json";
      config.events(events -> events.handlerAdded(h -> {
        if (h.getHttpMethod().isHttpMethod()) {
          registered.add(h.getHttpMethod().name().toUpperCase(Locale.ROOT) + " " + h.getPath());
        }
      }));
      config.requestLogger.http((ctx, ms) -> log.debug("{} {} -> {} in {} ms", ctx.method(),
          routeTemplate(ctx), ctx.statusCode(), Math.round(ms)));
    });
    for (ApiRoute route : ApiRoute.values()) {
      Handler handler = switch (route) {
        case USAGE -> cpni::usage;
        case RECORDS -> cpni::customerRecords;
        case NUMBER_RECORDS -> cpni::numberRecords;
        case ACCESS_LOG -> cpni::accessLog;
        case ERASURE -> cpni::erasure;
        case DESTINATION_RECORDS -> cpni::destinationRecords;
        case BILLING_RUN -> new io.cdrvault.query.billing.BillingRunEndpoint(store, flow, json)::handle;
        case HOLD_CREATE -> holds::create;
        case HOLD_LIST -> holds::list;
        case HOLD_RENEW -> holds::renew;
        case HOLD_RELEASE -> holds::release;
        case LEGAL_REGISTER -> legal::register;
        case LEGAL_SHOW -> legal::show;
        case LEGAL_APPROVE -> legal::approve;
        case LEGAL_REVOKE -> legal::revoke;
        case LEGAL_EXPORT -> legal::export;
        case CONSENT -> consent::history;
        case CONSENT_RECORD -> consent::record;
        case MARKETING_USAGE -> marketing::usage;
        case AGGREGATE_USAGE -> aggregates::usage;
        case METRICS -> ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
        case HEALTH -> ctx -> ReadinessEndpoints.health(ctx, readiness, json);
        case READY -> ctx -> ReadinessEndpoints.ready(ctx, readiness, json);
        case OPENAPI -> ctx -> ctx.contentType("application/yaml").result(openApi);
      };
      switch (route.method()) {
        case "GET" -> app.get(route.path(), handler);
        case "POST" -> app.post(route.path(), handler);
        default -> throw new IllegalStateException("route method not wired: " + route.method());
      }
    }
    app.exception(CustomerErasedException.class, (e, ctx) -> errors.write(ctx, 410, "erased",
        "customer-erased", "the customer's records were erased on " + e.erasedAt()
            + " (their keys are destroyed); nothing can be read", null));
    app.exception(HttpResponseException.class, (e, ctx) -> errors.write(ctx, e.getStatus(),
        statusError(e.getStatus()), null, null, null));
    app.exception(Exception.class, (e, ctx) -> {
      log.error("{} {} failed: {}", ctx.method(), routeTemplate(ctx), e.getClass().getName());
      errors.write(ctx, 500, ApiErrors.INTERNAL, null, "internal error", null);
    });
    // unmatched paths; a handler's own 404 body (e.g. an unknown legal request) is kept
    app.error(404, ctx -> {
      if (ctx.resultInputStream() == null) {
        errors.write(ctx, 404, "not-found", null, null, null);
      }
    });
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      app.stop();
      denials.close();
      throw new IllegalStateException("cannot start the HTTP API on " + settings.host() + ":"
          + settings.port(), e);
    }
    log.info("HTTP API listening on {}:{}", settings.host(), app.port());
    return new ApiServer(app, settings.host(), Set.copyOf(registered), denials);
  }

  private static String routeTemplate(Context ctx) {
    try {
      String p = ctx.endpointHandlerPath();
      return p == null || p.isEmpty() ? "(unmatched)" : p;
    } catch (RuntimeException e) {
      return "(unmatched)";
    }
  }

  private static String statusError(int status) {
    return switch (status) {
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 400 -> ApiErrors.BAD_REQUEST;
      default -> status >= 500 ? ApiErrors.INTERNAL : "http-" + status;
    };
  }

  private static byte[] openApiDocument() {
    try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
    }
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if (h.equals("0.0.0.0") || h.equals("[::]")) {
      h = "127.0.0.1";
    }
    return "http://" + h + ":" + port();
  }

  /** The routes registered with the web server, as {@code METHOD path-template}. */
  public Set<String> registeredRoutes() {
    return registered;
  }

  /**
   * Writes the anonymous refusals counted so far to the audit ledger now (they are otherwise
   * written once per {@link ApiSettings#denialInterval()} and on {@link #close()}); returns the
   * number of entries written.
   */
  public int flushDenials() {
    return denials.flush();
  }

  /** Stops the server, then writes the anonymous refusals still counted; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      app.stop();
      // after the last request: the anonymous refusals still counted are written now
      denials.close();
      log.info("HTTP API stopped");
    }
  }
}
