package io.cdrvault.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /health} (liveness) and {@code GET /ready} (readiness), unauthenticated. Bodies hold
 * fixed words only (component names, states, problem kinds).
 */
final class ReadinessEndpoints {
  private ReadinessEndpoints() {}

  /** 200 {@code {"status":"UP"}}, or 503 {@code DOWN} with the failed components when not live. */
  static void health(Context ctx, Readiness readiness, ObjectMapper json) {
    Readiness.Report r = readiness.check();
    ObjectNode body = json.createObjectNode().put("status", r.live() ? "UP" : "DOWN");
    if (!r.live()) {
      ObjectNode failed = body.putObject("components");
      r.components().forEach((name, c) -> {
        if (!c.ok()) {
          failed.set(name, component(json, c));
        }
      });
    }
    ctx.status(r.live() ? 200 : 503).contentType("application/json").result(body.toString());
  }

  /** 200 {@code READY} or 503 {@code NOT_READY}, with every component. */
  static void ready(Context ctx, Readiness readiness, ObjectMapper json) {
    Readiness.Report r = readiness.check();
    ObjectNode body = json.createObjectNode().put("status", r.ready() ? "READY" : "NOT_READY");
    ObjectNode components = body.putObject("components");
    for (Map.Entry<String, Readiness.Component> e : r.components().entrySet()) {
      components.set(e.getKey(), component(json, e.getValue()));
    }
    ctx.status(r.ready() ? 200 : 503).contentType("application/json").result(body.toString());
  }

  private static ObjectNode component(ObjectMapper json, Readiness.Component c) {
    ObjectNode n = json.createObjectNode().put("ok", c.ok()).put("state", c.state());
    if (!c.problem().isEmpty()) {
      n.put("problem", c.problem());
    }
    return n;
  }
}
