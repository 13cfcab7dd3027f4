package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compliance officer's breach register (47 CFR 64.2011; docs/compliance.md): the register with
 * each breach's deadlines at a glance (overdue ones marked), recording a breach, a breach's page
 * with its clocks and its notifications, and recording a notification or a law enforcement
 * direction to delay. Each action is one call of the API's {@code /v1/compliance/breaches} routes
 * with the user's token (duty OVERSIGHT, no purpose), audited by the API. The breach's text goes
 * only in POST bodies and pages, never in a URL or log.
 *
 * <p>Thread-safe.
 */
final class BreachPages {
  static final List<String> NOTIFICATION_KINDS = List.of("LAW_ENFORCEMENT", "CUSTOMERS",
      "DELAY_REQUEST");
  private static final List<String> FIELDS = List.of("discoveredAt", "determinedAt", "description",
      "circumstances", "cpniInvolved", "customersAffected");

  private final ConsoleGuard guard;
  private final ConsoleApi api;
  private final Views views;

  BreachPages(ConsoleGuard guard, ConsoleApi api, Views views) {
    this.guard = guard;
    this.api = api;
    this.views = views;
  }

  /** Registers the pages on {@code app}. */
  void register(Javalin app) {
    app.get(CompliancePaths.BREACHES, this::list);
    app.post(CompliancePaths.BREACHES, this::record);
    app.get(CompliancePaths.NEW_BREACH, this::newForm);
    app.get(CompliancePaths.BREACH, this::show);
    app.post(CompliancePaths.BREACH_NOTIFY, this::notification);
  }

  /** {@code GET /console/compliance/breaches}. */
  void list(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      ApiAnswer a = api.get(s, null, "/v1/compliance/breaches");
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.message(ctx, a.status(), Page.of("Breach register", s), "The register could not be shown.");
        return;
      }
      views.render(ctx, 200, "breaches", Map.of("page", Page.of("Breach register", s),
          "breaches", a.json().path("breaches"), "rules", a.json().path("rules")));
    });
  }

  /** {@code GET /console/compliance/breaches/new}. */
  void newForm(Context ctx) {
    guard.session(ctx).ifPresent(s -> views.render(ctx, 200, "breach-new",
        Map.of("page", Page.of("Record a breach", s), "form", Map.of())));
  }

  /** {@code POST /console/compliance/breaches}. */
  void record(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      ConsoleSession s = p.session();
      Map<String, String> values = new LinkedHashMap<>();
      FIELDS.forEach(k -> values.put(k, p.form().field(k)));
      ObjectNode body = api.json().createObjectNode();
      String problem = null;
      // dates are sent as typed: the API reads a day in the carrier's zone and says what is wrong
      for (String k : List.of("discoveredAt", "determinedAt")) {
        body.put(k, values.get(k).strip());
      }
      for (String k : List.of("description", "circumstances", "cpniInvolved")) {
        body.put(k, values.get(k));
      }
      String affected = values.get("customersAffected").strip();
      if (!affected.matches("[0-9]{1,12}")) {
        problem = "Customers affected must be a whole number (0 while unknown).";
      } else {
        body.put("customersAffected", Long.parseLong(affected));
      }
      if (problem != null) {
        s.notice(new Notice(false, problem, null, null));
        views.render(ctx, 400, "breach-new", Map.of("page", Page.of("Record a breach", s), "form", values));
        return;
      }
      ApiAnswer a = api.post(s, null, "/v1/compliance/breaches", body);
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.render(ctx, a.status(), "breach-new", Map.of("page", Page.of("Record a breach", s),
            "form", values));
        return;
      }
      String id = a.json().path("id").asText();
      s.notice(Notice.done("Recorded breach " + id + ". Notify law enforcement by "
          + a.json().at("/clocks/lawEnforcementDeadline").asText() + ".", a.auditSequence()));
      ctx.redirect(CompliancePaths.breach(id), HttpStatus.SEE_OTHER);
    });
  }

  /** {@code GET /console/compliance/breaches/{id}}. */
  void show(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      String id = ctx.pathParam("id");
      if (!CompliancePaths.BREACH_ID.matcher(id).matches()) {
        views.message(ctx, 404, Page.of("Breach", s), "No breach has this id.");
        return;
      }
      ApiAnswer a = api.get(s, null, "/v1/compliance/breaches/" + id);
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.message(ctx, a.status(), Page.of("Breach " + id, s), "The breach could not be shown.");
        return;
      }
      views.render(ctx, 200, "breach", Map.of("page", Page.of("Breach " + id, s), "b", a.json(),
          "kinds", NOTIFICATION_KINDS));
    });
  }

  /** {@code POST /console/compliance/breaches/{id}/notifications}. */
  void notification(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      ConsoleSession s = p.session();
      String id = ctx.pathParam("id");
      if (!CompliancePaths.BREACH_ID.matcher(id).matches()) {
        views.message(ctx, 404, Page.of("Breach", s), "No breach has this id.");
        return;
      }
      Forms f = p.form();
      String kind = f.field("kind");
      if (!NOTIFICATION_KINDS.contains(kind)) {
        s.notice(new Notice(false, "Choose what was notified.", null, null));
        ctx.redirect(CompliancePaths.breach(id), HttpStatus.SEE_OTHER);
        return;
      }
      ObjectNode body = api.json().createObjectNode().put("kind", kind).put("at", f.field("at").strip())
          .put("reference", f.field("reference"));
      if (kind.equals("DELAY_REQUEST")) {
        body.put("delayUntil", f.field("delayUntil").strip());
      }
      ApiAnswer a = api.post(s, null, "/v1/compliance/breaches/" + id + "/notifications", body);
      s.notice(a.ok() ? Notice.done("Recorded the " + label(kind) + " of " + id + ".",
          a.auditSequence()) : Notice.refused(a));
      ctx.redirect(CompliancePaths.breach(id), HttpStatus.SEE_OTHER);
    });
  }

  private static String label(String kind) {
    return switch (kind) {
      case "LAW_ENFORCEMENT" -> "law enforcement notification";
      case "CUSTOMERS" -> "customer notification";
      default -> "delay direction";
    };
  }
}
