package io.cdrvault.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.tls.HttpsListener;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.lifecycle.CustomerErasedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (Javalin/Jetty, HTTPS when {@link ApiSettings#tls()} is set): the routes of {@link ApiRoute} — the CPNI endpoints contributed
 * by the feature packages ({@link RouteContributor}), and {@code /metrics}, {@code /health},
 * {@code /ready} and {@code /openapi.yaml}. Created and started by {@link #start}; {@link #close()}
 * stops it and is idempotent. The server does not own the store, policy engine or registry.
 *
 * <p>Thread-safe. Request logs carry the route template, status and duration, never the path
 * (which holds a customer id), query or headers.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final String OPENAPI_RESOURCE = "/openapi.yaml";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  /** The routes the server serves itself; features contribute every other one. */
  private static final Set<ApiRoute> SERVED_HERE =
      EnumSet.of(ApiRoute.METRICS, ApiRoute.HEALTH, ApiRoute.READY, ApiRoute.OPENAPI);

  private final Javalin app;
  private final String host;
  private final Set<String> registered;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DenialAggregator denials;
  private final HttpsListener tls;

  private ApiServer(Javalin app, String host, Set<String> registered, DenialAggregator denials,
      HttpsListener tls) {
    this.tls = tls;
    this.denials = denials;
    this.app = app;
    this.host = host;
    this.registered = registered;
  }

  /**
   * Starts the API on {@code settings.host():settings.port()} (port 0 picks a free one), serving
   * {@code /metrics}, {@code /health}, {@code /ready} and {@code /openapi.yaml} itself and every
   * other {@link ApiRoute} with the handler one of {@code features} contributes. Customer
   * authentication assertions (CUSTOMER_ACCESS) are verified with {@code assertions} when present;
   * {@code /ready} and {@code /health} answer from {@code readiness}.
   *
   * @throws IllegalStateException if a route is contributed twice or not at all, or the server
   *     cannot bind or start
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, Optional<CustomerAssertions> assertions,
      PrometheusMeterRegistry registry, Readiness readiness, List<RouteContributor> features) {
    return start(settings, store, policy, auth, assertions, registry, readiness, features, List.of());
  }

  /**
   * As {@link #start(ApiSettings, CdrStore, PolicyEngine, TokenAuthenticator, Optional,
   * PrometheusMeterRegistry, Readiness, List)}, also serving the pages of {@code sites} (the
   * console), which reach the API only as its clients ({@link SiteContext#api()}).
   *
   * @throws IllegalStateException if a route is contributed twice or not at all, or the server
   *     cannot bind or start
   */
  public static ApiServer start(ApiSettings settings, CdrStore store, PolicyEngine policy,
      TokenAuthenticator auth, Optional<CustomerAssertions> assertions,
      PrometheusMeterRegistry registry, Readiness readiness, List<RouteContributor> features,
      List<SiteContributor> sites) {
    Objects.requireNonNull(sites, "sites");
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(assertions, "assertions");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(features, "features");
    // a repeated member in a request body is refused, not "last one wins"
    ObjectMapper json = new ObjectMapper()
        .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    settings.plaintextProblem().ifPresent(p -> {
      throw new ConfigException(List.of(p));
    });
    ApiErrors errors = new ApiErrors(json);
    // HTTPS: the key material is loaded (and checked) before anything else is started
    HttpsListener tls = settings.tls().map(t -> HttpsListener.start(t, System.getenv())).orElse(null);
    DenialAggregator denials = new DenialAggregator(policy, settings.denialInterval());
    AccessMetrics metrics = new AccessMetrics(registry);
    RateLimiter limiter = new RateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst(),
        System::nanoTime);
    AccessFlow flow = new AccessFlow(policy, auth, metrics, errors, assertions, settings, json,
        denials, tls == null ? Optional.empty() : tls.clientCertificates(), limiter);
    AuditedRead reads = new AuditedRead(flow, json, errors);
    Map<ApiRoute, Handler> contributed;
    try {
      contributed = contributed(features, new ApiContext(store, flow, reads, json, settings));
    } catch (RuntimeException e) {
      denials.close();
      closeQuietly(tls);
      throw e;
    }
    byte[] openApi = openApiDocument();
    java.util.concurrent.atomic.AtomicReference<Javalin> started =
        new java.util.concurrent.atomic.AtomicReference<>();
    SiteContext site = new SiteContext(new SignInGate(auth, limiter, denials, metrics),
        new SelfClient(settings.host(), () -> started.get().port(),
            tls == null ? null : tls::servedCertificate), json, policy.clock());
    Set<String> registered = Collections.synchronizedSet(new LinkedHashSet<>());

    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.defaultContentType = "application/json";
      if (tls != null) {
        config.jetty.addConnector((server, http) -> tls.connector(server, http, settings.host(),
            settings.port()));
      }
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
        case METRICS -> ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape());
        case HEALTH -> ctx -> ReadinessEndpoints.health(ctx, readiness, json);
        case READY -> ctx -> ReadinessEndpoints.ready(ctx, readiness, json);
        case OPENAPI -> ctx -> ctx.contentType("application/yaml").result(openApi);
        default -> contributed.get(route);
      };
      switch (route.method()) {
        case "GET" -> app.get(route.path(), handler);
        case "POST" -> app.post(route.path(), handler);
        default -> throw new IllegalStateException("route method not wired: " + route.method());
      }
    }
    Set<String> apiRoutes = Set.copyOf(registered); // the API's own, without the sites' pages
    for (SiteContributor s : sites) {
      s.register(app, site);
    }
    started.set(app);
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
      closeQuietly(tls);
      throw new IllegalStateException("cannot start the HTTP API on " + settings.host() + ":"
          + settings.port(), e);
    }
    log.info("HTTP API listening on {}://{}:{}", tls == null ? "http" : "https", settings.host(),
        app.port());
    return new ApiServer(app, settings.host(), apiRoutes, denials, tls);
  }

  /**
   * The handlers {@code features} contribute, checked: every route but the server's own is
   * contributed exactly once.
   */
  private static Map<ApiRoute, Handler> contributed(List<RouteContributor> features,
      ApiContext api) {
    Map<ApiRoute, Handler> handlers = new EnumMap<>(ApiRoute.class);
    for (RouteContributor feature : features) {
      for (Map.Entry<ApiRoute, Handler> e : feature.routes(api).entrySet()) {
        if (SERVED_HERE.contains(e.getKey())) {
          throw new IllegalStateException("route " + e.getKey().key() + " is served by the server");
        }
        if (handlers.putIfAbsent(e.getKey(), Objects.requireNonNull(e.getValue())) != null) {
          throw new IllegalStateException("route " + e.getKey().key() + " is contributed twice");
        }
      }
    }
    for (ApiRoute route : ApiRoute.values()) {
      if (!SERVED_HERE.contains(route) && !handlers.containsKey(route)) {
        throw new IllegalStateException("no feature contributes route " + route.key());
      }
    }
    return handlers;
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

  /**
   * Checks the TLS files now and reloads them if they changed (the watcher does so every
   * {@code reloadInterval}); true if new material is in use. False without HTTPS.
   */
  public boolean reloadTls() {
    return tls != null && tls.reloadIfChanged();
  }

  private static void closeQuietly(HttpsListener tls) {
    if (tls != null) {
      tls.close();
    }
  }

  /** The port the server listens on (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port} or {@code https://host:port}, without a trailing slash. */
  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if (h.equals("0.0.0.0") || h.equals("[::]")) {
      h = "127.0.0.1";
    }
    return (tls == null ? "http://" : "https://") + h + ":" + port();
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
      closeQuietly(tls);
      // after the last request: the anonymous refusals still counted are written now
      denials.close();
      log.info("HTTP API stopped");
    }
  }
}
