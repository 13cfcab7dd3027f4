package io.cdrvault.query.oversight;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The compliance officer's routes (duty OVERSIGHT, ADR 0035): {@link ApiRoute#AUDIT_ENTRIES},
 * {@code AUDIT_CUSTOMER_TAG}, {@code AUDIT_STATUS}, {@code AUDIT_DISCLOSURES} and
 * {@code AUDIT_DENIALS}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OversightRoutes implements RouteContributor {
  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    OversightEndpoints audit = new OversightEndpoints(api);
    return Map.of(
        ApiRoute.AUDIT_ENTRIES, audit::entries,
        ApiRoute.AUDIT_CUSTOMER_TAG, audit::customerTag,
        ApiRoute.AUDIT_STATUS, audit::status,
        ApiRoute.AUDIT_DISCLOSURES, audit::disclosures,
        ApiRoute.AUDIT_DENIALS, audit::denials);
  }
}
