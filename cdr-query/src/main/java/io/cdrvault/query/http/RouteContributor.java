package io.cdrvault.query.http;

import io.javalin.http.Handler;
import java.util.Map;

/**
 * A feature's share of the HTTP API: the handler of each {@link ApiRoute} it serves, built over the
 * server's shared parts. Feature packages implement it; the wiring hands the contributors to
 * {@link ApiServer#start}, which serves {@code /metrics}, {@code /health}, {@code /ready} and
 * {@code /openapi.yaml} itself and refuses to start unless every other route is contributed
 * exactly once. So {@code http} never imports a feature package.
 *
 * <p>Implementations are immutable and thread-safe; {@link #routes} is called once per server.
 */
@FunctionalInterface
public interface RouteContributor {
  /** The handlers of this feature's routes (read endpoints go through {@link ApiContext#reads}). */
  Map<ApiRoute, Handler> routes(ApiContext api);
}
