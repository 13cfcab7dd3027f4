package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.RequestScope;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The legal team's pages for legal requests: the list by state, registering served process (the
 * served document is hashed here, in memory, and only its SHA-256 is sent — what {@code cdrvault
 * legal request --document} sends), a request's page with the two-person rule, approval and
 * revocation. Each action is one call of the API with the user's token (purpose LEGAL_PROCESS),
 * audited by the API; a refusal is shown with its rule and audit entry.
 *
 * <p>Thread-safe.
 */
final class LegalRequestPages {
  static final String PURPOSE = "LEGAL_PROCESS";
  static final List<String> STATES = List.of("REGISTERED", "APPROVED", "REVOKED");
  static final List<String> INSTRUMENTS = List.of("SUBPOENA", "COURT_ORDER", "WARRANT", "PRESERVATION");
  private static final Set<String> FORM_FIELDS = Set.of("instrument", "issuingAuthority",
      "caseNumber", "targets", "from", "to", "expiresAt", "gag");

  private final ConsoleGuard guard;
  private final ConsoleApi api;
  private final Views views;

  LegalRequestPages(ConsoleGuard guard, ConsoleApi api, Views views) {
    this.guard = guard;
    this.api = api;
    this.views = views;
  }

  /** {@code GET /console/legal/requests[?state=…]} (a state name is not personal data). */
  void list(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      String state = ctx.queryParam("state");
      if (state != null && !STATES.contains(state)) {
        state = null;
      }
      ApiAnswer a = api.get(s, PURPOSE, "/v1/legal/requests" + (state == null ? "" : "?state=" + state));
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.message(ctx, a.status(), Page.of("Legal requests", s), "The list could not be shown.");
        return;
      }
      views.render(ctx, 200, "requests", Map.of("page", Page.of("Legal requests", s),
          "requests", a.json().path("requests"), "state", state == null ? "" : state,
          "states", STATES));
    });
  }

  /** {@code GET /console/legal/requests/new}. */
  void newForm(Context ctx) {
    guard.session(ctx).ifPresent(s -> renderForm(ctx, 200, Page.of("Register served process", s),
        Map.of()));
  }

  /** {@code POST /console/legal/requests} (multipart: the fields and the served document). */
  void register(Context ctx) {
    guard.post(ctx, ConsoleGuard.UPLOAD_LIMIT).ifPresent(p -> {
      ConsoleSession s = p.session();
      Forms f = p.form();
      Map<String, String> values = new LinkedHashMap<>();
      FORM_FIELDS.forEach(k -> values.put(k, f.field(k)));
      ObjectNode body = api.json().createObjectNode();
      String problem = fill(body, f);
      if (problem != null) {
        s.notice(new Notice(false, problem, null, null));
        renderForm(ctx, 400, Page.of("Register served process", s), values);
        return;
      }
      ApiAnswer a = api.post(s, PURPOSE, "/v1/legal/requests", body);
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        renderForm(ctx, a.status(), Page.of("Register served process", s), values);
        return;
      }
      String id = a.json().path("id").asText();
      s.notice(Notice.done("Registered " + id + ". It needs approval by another member of the "
          + "legal team before it can be used.", a.auditSequence()));
      ctx.redirect(ConsolePaths.request(id), HttpStatus.SEE_OTHER);
    });
  }

  /** {@code GET /console/legal/requests/{id}}. */
  void show(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      String id = ctx.pathParam("id");
      if (!ConsolePaths.REQUEST_ID.matcher(id).matches()) {
        views.message(ctx, 404, Page.of("Legal request", s), "No legal request has this id.");
        return;
      }
      ApiAnswer a = api.get(s, PURPOSE, "/v1/legal/requests/" + id);
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.message(ctx, a.status(), Page.of("Legal request " + id, s), "The request could not be shown.");
        return;
      }
      JsonNode r = a.json();
      boolean registeredByMe = r.path("registeredBy").asText().equalsIgnoreCase(s.principal());
      VerifiedExport export = s.export(id);
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("page", Page.of("Legal request " + id, s));
      params.put("r", r);
      params.put("registeredByMe", registeredByMe);
      params.put("exported", export != null);
      views.render(ctx, 200, "request", params);
    });
  }

  /** {@code POST /console/legal/requests/{id}/approval}. */
  void approve(Context ctx) {
    action(ctx, "approval", "Approved");
  }

  /** {@code POST /console/legal/requests/{id}/revocation}. */
  void revoke(Context ctx) {
    action(ctx, "revocation", "Revoked");
  }

  private void action(Context ctx, String what, String done) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      String id = ctx.pathParam("id");
      if (!ConsolePaths.REQUEST_ID.matcher(id).matches()) {
        views.message(ctx, 404, Page.of("Legal request", p.session()), "No legal request has this id.");
        return;
      }
      ApiAnswer a = api.post(p.session(), PURPOSE, "/v1/legal/requests/" + id + "/" + what, null);
      p.session().notice(a.ok() ? Notice.done(done + " " + id + ".", a.auditSequence())
          : Notice.refused(a));
      ctx.redirect(ConsolePaths.request(id), HttpStatus.SEE_OTHER);
    });
  }

  private void renderForm(Context ctx, int status, Page page, Map<String, String> values) {
    views.render(ctx, status, "request-new", Map.of("page", page, "form", values,
        "instruments", INSTRUMENTS, "maxDocumentMiB", ConsoleGuard.DOCUMENT_LIMIT / (1024 * 1024)));
  }

  /** Fills the API's registration body from the form; a problem the CLI would refuse, or null. */
  private static String fill(ObjectNode body, Forms f) {
    String instrument = f.field("instrument").strip().toUpperCase(Locale.ROOT);
    if (!INSTRUMENTS.contains(instrument)) {
      return "Choose the instrument.";
    }
    body.put("instrument", instrument);
    body.put("issuingAuthority", f.field("issuingAuthority").strip());
    body.put("caseNumber", f.field("caseNumber").strip());
    ArrayNode ts = body.putArray("targets");
    for (String line : f.field("targets").split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      String kind = colon < 0 ? "" : line.substring(0, colon).strip().toUpperCase(Locale.ROOT);
      if (!kind.equals("NUMBER") && !kind.equals("CUSTOMER")) {
        return "Each target line must be number:+E164 or customer:ID.";
      }
      ts.addObject().put("kind", kind).put("value", line.substring(colon + 1).strip());
    }
    for (String[] m : new String[][] {{"from", "From"}, {"to", "To"}, {"expiresAt", "Expires"}}) {
      Instant i = RequestScope.instant(f.field(m[0]).strip());
      if (i == null) {
        return m[1] + " must be a date (YYYY-MM-DD) or an instant (2026-12-31T00:00:00Z).";
      }
      body.put(m[0], i.toString());
    }
    byte[] document = f.files().get("document");
    if (document == null || document.length == 0) {
      return "Attach the served document (it is hashed here; only its SHA-256 is stored).";
    }
    body.put("servedDocumentSha256", sha256(document));
    body.put("gag", !f.field("gag").isEmpty());
    return null;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
