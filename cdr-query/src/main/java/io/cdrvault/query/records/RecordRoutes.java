package io.cdrvault.query.records;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The record streams' routes: {@link ApiRoute#RECORDS}, {@link ApiRoute#NUMBER_RECORDS} and
 * {@link ApiRoute#DESTINATION_RECORDS}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordRoutes implements RouteContributor {
  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    RecordEndpoints records = new RecordEndpoints(api);
    return Map.of(
        ApiRoute.RECORDS, records::customerRecords,
        ApiRoute.NUMBER_RECORDS, records::numberRecords,
        ApiRoute.DESTINATION_RECORDS, records::destinationRecords);
  }
}
