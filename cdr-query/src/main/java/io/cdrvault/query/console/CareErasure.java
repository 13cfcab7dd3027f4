package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What the API answered to a customer's erasure request ({@code POST
 * /v1/customers/{id}/erasure}): done ({@code ERASED}, {@code ALREADY_ERASED}) or deferred until a
 * date, and why (a legal hold, a statutory minimum retention). Holds no personal data.
 *
 * @param outcome ERASED, ALREADY_ERASED or DEFERRED
 * @param at when the API decided
 * @param until when a deferred erasure runs by itself (null unless DEFERRED)
 * @param reasonCode why it is deferred, e.g. {@code legal-hold} (null unless DEFERRED)
 * @param reason the API's explanation (null unless DEFERRED)
 * @param auditSequence the decision's audit entry, or null
 */
public record CareErasure(String outcome, String at, String until, String reasonCode,
    String reason, Long auditSequence) {
  public CareErasure {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(at, "at");
  }

  /** From the API's answer body. */
  static CareErasure of(JsonNode body, Long auditSequence) {
    return new CareErasure(body.path("outcome").asText(), body.path("at").asText(),
        body.path("until").asText(null), body.path("reasonCode").asText(null),
        body.path("reason").asText(null), auditSequence);
  }

  public boolean deferred() {
    return "DEFERRED".equals(outcome);
  }
}
