package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

/**
 * Customer care's calls of the API: each with the agent's own token, purpose {@value #PURPOSE}
 * and the customer's assertion in {@value #ASSERTION}, so the API verifies the assertion, decides
 * and audits each one exactly as the same call with {@code curl} (docs/access-policy.md). The
 * customer id goes only into the API path over loopback, never into a console URL.
 *
 * <p>Thread-safe.
 */
final class CareApi {
  static final String PURPOSE = "CUSTOMER_ACCESS";
  static final String ASSERTION = "X-CPNI-Customer-Assertion";

  /** A records answer: the table, or the API's refusal. */
  record RecordsAnswer(CareRecords records, ApiAnswer refusal) {}

  private final ConsoleApi api;

  CareApi(ConsoleApi api) {
    this.api = api;
  }

  ConsoleApi console() {
    return api;
  }

  /** {@code GET /v1/customers/{id}/<route>[?query]}; {@code query} holds no personal data. */
  ApiAnswer get(ConsoleSession s, CareCustomer c, String route, String query) {
    return api.send(s, "GET", c.path(route) + (query == null ? "" : "?" + query), headers(c), null);
  }

  /** {@code POST /v1/customers/{id}/<route>} with a JSON body (null: none). */
  ApiAnswer post(ConsoleSession s, CareCustomer c, String route, JsonNode body) {
    return api.send(s, "POST", c.path(route), headers(c), body);
  }

  /** {@code GET /v1/customers/{id}/records?from&to}, read to its end. */
  RecordsAnswer records(ConsoleSession s, CareCustomer c, Instant from, Instant to) {
    HttpResponse<InputStream> r = api.getStream(s, c.path("records") + "?from=" + from + "&to=" + to,
        headers(c));
    if (r.statusCode() != 200) {
      return new RecordsAnswer(null, api.error(r));
    }
    Long seq = r.headers().firstValue(ConsoleApi.AUDIT_SEQUENCE).map(Long::valueOf).orElse(null);
    return new RecordsAnswer(CareRecords.read(r.body(), api.json(), seq), null);
  }

  private static Map<String, String> headers(CareCustomer c) {
    return Map.of(ConsoleApi.PURPOSE, PURPOSE, ASSERTION, c.assertion());
  }
}
