package io.cdrvault.query.marketing;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The marketing routes: {@link ApiRoute#MARKETING_USAGE} and a customer's CPNI approval,
 * {@link ApiRoute#CONSENT} and {@link ApiRoute#CONSENT_RECORD}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MarketingRoutes implements RouteContributor {
  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    ConsentEndpoints consent = new ConsentEndpoints(api);
    return Map.of(
        ApiRoute.MARKETING_USAGE, new MarketingEndpoints(api)::usage,
        ApiRoute.CONSENT, consent::history,
        ApiRoute.CONSENT_RECORD, consent::record);
  }
}
