package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Map;

/**
 * Legal holds (preservation): the list with each hold's state and expiry, creating one (targets in
 * the POST body only), renewing (+90 days) and releasing. Each action is one call of the API's
 * hold routes with the user's token (purpose LEGAL_PROCESS), audited by the API.
 *
 * <p>Thread-safe.
 */
final class HoldPages {
  private final ConsoleGuard guard;
  private final ConsoleApi api;
  private final Views views;

  HoldPages(ConsoleGuard guard, ConsoleApi api, Views views) {
    this.guard = guard;
    this.api = api;
    this.views = views;
  }

  /** {@code GET /console/legal/holds}. */
  void list(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      ApiAnswer a = api.get(s, LegalRequestPages.PURPOSE, "/v1/legal/holds");
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.message(ctx, a.status(), Page.of("Legal holds", s), "The holds could not be shown.");
        return;
      }
      views.render(ctx, 200, "holds", Map.of("page", Page.of("Legal holds", s),
          "holds", a.json().path("holds")));
    });
  }

  /** {@code POST /console/legal/holds}. */
  void create(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      Forms f = p.form();
      ObjectNode body = api.json().createObjectNode();
      ArrayNode ts = body.putArray("targets");
      for (String line : f.field("targets").split("\\R")) {
        if (line.isBlank()) {
          continue;
        }
        int colon = line.indexOf(':');
        String kind = colon < 0 ? "" : line.substring(0, colon).strip().toUpperCase(Locale.ROOT);
        if (!kind.equals("NUMBER") && !kind.equals("CUSTOMER")) {
          p.session().notice(new Notice(false, "Each target line must be number:+E164 or customer:ID.",
              null, null));
          ctx.redirect(ConsolePaths.HOLDS, HttpStatus.SEE_OTHER);
          return;
        }
        ts.addObject().put("kind", kind).put("value", line.substring(colon + 1).strip());
      }
      body.put("from", f.field("from").strip());
      body.put("to", f.field("to").strip());
      body.put("reference", f.field("reference").strip());
      ApiAnswer a = api.post(p.session(), LegalRequestPages.PURPOSE, "/v1/legal/holds", body);
      p.session().notice(a.ok() ? Notice.done("Created hold " + a.json().path("id").asText()
          + "; it preserves until " + a.json().path("expiresAt").asText() + ".", a.auditSequence())
          : Notice.refused(a));
      ctx.redirect(ConsolePaths.HOLDS, HttpStatus.SEE_OTHER);
    });
  }

  /** {@code POST /console/legal/holds/{id}/renewal}. */
  void renew(Context ctx) {
    change(ctx, "renewal", "Renewed");
  }

  /** {@code POST /console/legal/holds/{id}/release}. */
  void release(Context ctx) {
    change(ctx, "release", "Released");
  }

  private void change(Context ctx, String what, String done) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      String id = ctx.pathParam("id");
      if (!ConsolePaths.HOLD_ID.matcher(id).matches()) {
        views.message(ctx, 404, Page.of("Legal hold", p.session()), "No hold has this id.");
        return;
      }
      ApiAnswer a = api.post(p.session(), LegalRequestPages.PURPOSE,
          "/v1/legal/holds/" + id + "/" + what, null);
      p.session().notice(a.ok() ? Notice.done(done + " hold " + id + "; it now ends "
          + a.json().path("expiresAt").asText() + ".", a.auditSequence()) : Notice.refused(a));
      ctx.redirect(ConsolePaths.HOLDS, HttpStatus.SEE_OTHER);
    });
  }
}
