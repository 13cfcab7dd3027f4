package io.cdrvault.query.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a JSON read answers after an allowed decision: a body with its status (200, 201, 202), or a
 * refusal decided after the grant (e.g. 400 when the registry rejects a value). {@link AuditedRead}
 * adds {@code auditSequence} to the body, records the completion and writes the answer.
 *
 * @param status the HTTP status
 * @param body the JSON body of an answer; null for a refusal
 * @param error the error kind of a refusal; null for an answer
 * @param reason the refusal's sentence (naming fields, never values); null for an answer
 */
public record JsonAnswer(int status, ObjectNode body, String error, String reason) {
  public JsonAnswer {
    if ((body == null) == (error == null)) {
      throw new IllegalArgumentException("an answer has a body or an error, not both");
    }
  }

  /** An answer with {@code body} and {@code status}. */
  public static JsonAnswer ok(int status, ObjectNode body) {
    return new JsonAnswer(status, Objects.requireNonNull(body, "body"), null, null);
  }

  /** A refusal after the decision (the completion entry records the read as not complete). */
  public static JsonAnswer refused(int status, String error, String reason) {
    return new JsonAnswer(status, null, Objects.requireNonNull(error, "error"), reason);
  }

  boolean isRefusal() {
    return error != null;
  }
}
