package io.cdrvault.query.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * Writes the API's JSON error body: {@code {"error": kind, "rule": rule, "reason": sentence,
 * "auditSequence": n}} ({@code rule}, {@code reason} and {@code auditSequence} when known). Callers
 * pass texts that name parameters and rules, never values from the request.
 */
final class ApiErrors {
  static final String BAD_REQUEST = "bad-request";
  static final String UNAUTHENTICATED = "unauthenticated";
  static final String FORBIDDEN = "forbidden";
  static final String PAYLOAD_TOO_LARGE = "payload-too-large";
  static final String RATE_LIMITED = "rate-limited";
  static final String AUDIT_UNAVAILABLE = "audit-unavailable";
  static final String INTERNAL = "internal";

  private final ObjectMapper json;

  ApiErrors(ObjectMapper json) {
    this.json = json;
  }

  void write(Context ctx, int status, String error, String rule, String reason, Long auditSequence) {
    ObjectNode body = json.createObjectNode();
    body.put("error", error);
    if (rule != null) {
      body.put("rule", rule);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    if (auditSequence != null) {
      body.put("auditSequence", auditSequence);
    }
    ctx.status(status).header("Cache-Control", "no-store");
    if (status >= 400 && RequestBody.present(ctx)) {
      // the body was not (fully) read: close the connection instead of draining it
      ctx.header("Connection", "close");
    }
    try {
      ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an error body", e);
    }
  }
}
