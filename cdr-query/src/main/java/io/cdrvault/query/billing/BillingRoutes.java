package io.cdrvault.query.billing;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The billing routes: {@link ApiRoute#USAGE} (one customer) and {@link ApiRoute#BILLING_RUN}
 * (every customer).
 *
 * <p>Immutable and thread-safe.
 */
public final class BillingRoutes implements RouteContributor {
  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    return Map.of(ApiRoute.USAGE, new UsageEndpoint(api)::handle,
        ApiRoute.BILLING_RUN, new BillingRunEndpoint(api)::handle);
  }
}
