package io.cdrvault.query.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.JsonAnswer;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.access.Operations;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * {@code GET /v1/customers/{customerId}/usage?from&to} (operation {@code usage}): one customer's
 * usage totals over a window as JSON (see {@link UsageJson}), through the {@link AuditedRead}
 * runner; the completion entry counts the records summed.
 *
 * <p>Thread-safe. Logs nothing about the customer.
 */
final class UsageEndpoint {
  private final UsageService usage;
  private final AuditedRead reads;
  private final ObjectMapper json;
  private final int maxWindowDays;

  UsageEndpoint(ApiContext api) {
    this.usage = new UsageService(api.store());
    this.reads = api.reads();
    this.json = api.json();
    this.maxWindowDays = api.flow().maxWindowDays();
  }

  /** Handles one request. */
  void handle(Context ctx) throws IOException {
    reads.json(ctx, Operations.USAGE,
        c -> RequestScope.customer(c.pathParam("customerId"), c.queryParam("from"),
            c.queryParam("to"), maxWindowDays),
        (grant, tally) -> {
          Usage u = usage.usage(grant);
          tally.records(u.records());
          tally.customer(u.customer());
          return JsonAnswer.ok(200, UsageJson.write(json.createObjectNode(), u));
        });
  }
}
