package io.cdrvault.query.aggregate;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The aggregate route: {@link ApiRoute#AGGREGATE_USAGE}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AggregateRoutes implements RouteContributor {
  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    return Map.of(ApiRoute.AGGREGATE_USAGE, new AggregateEndpoints(api)::usage);
  }
}
