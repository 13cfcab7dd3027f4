package io.cdrvault.query.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.model.CustomerId;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an administrative action run by {@link AccessFlow#action}: the status and JSON
 * body to answer with when it was done, or the error, rule and reason when it was refused; and
 * the case reference (legal request or hold id) it is audited under, and the customer it concerned
 * when it concerned one (audited as the customer's tag).
 *
 * <p>Immutable and thread-safe. {@code body} is non-null exactly when allowed.
 */
public record ActionOutcome(int status, String rule, Optional<String> caseRef, JsonNode body,
    String error, String reason, Optional<CustomerId> subject) {

  public ActionOutcome {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(caseRef, "caseRef");
    Objects.requireNonNull(subject, "subject");
  }

  public ActionOutcome(int status, String rule, Optional<String> caseRef, JsonNode body,
      String error, String reason) {
    this(status, rule, caseRef, body, error, reason, Optional.empty());
  }

  /** The same outcome, audited with the customer it concerned as its subject. */
  public ActionOutcome about(CustomerId customer) {
    return new ActionOutcome(status, rule, caseRef, body, error, reason,
        Optional.of(Objects.requireNonNull(customer, "customer")));
  }

  /** Done: answer {@code status} with {@code body}. */
  public static ActionOutcome ok(int status, Optional<String> caseRef, JsonNode body) {
    return new ActionOutcome(status, Rules.PURPOSE_ALLOWED, caseRef, Objects.requireNonNull(body, "body"),
        null, null);
  }

  /** Refused by {@code rule}; {@code reason} names no value from the request. */
  public static ActionOutcome refused(int status, String error, String rule, Optional<String> caseRef,
      String reason) {
    return new ActionOutcome(status, rule, caseRef, null, error, reason);
  }

  public boolean allowed() {
    return body != null;
  }
}
