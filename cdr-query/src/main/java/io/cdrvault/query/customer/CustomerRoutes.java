package io.cdrvault.query.customer;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The customer's own routes: {@link ApiRoute#ACCESS_LOG} and {@link ApiRoute#ERASURE}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CustomerRoutes implements RouteContributor {
  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    CustomerEndpoints customer = new CustomerEndpoints(api);
    return Map.of(ApiRoute.ACCESS_LOG, customer::accessLog, ApiRoute.ERASURE, customer::erasure);
  }
}
