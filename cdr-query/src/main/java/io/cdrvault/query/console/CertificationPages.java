package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.compliance.CertificationCsv;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The compliance officer's complaint log and annual certification data (47 CFR 64.2009(e)): the
 * complaints of a year with a form to log one, and the certification report of a year as a page
 * and as a CSV download. Each is one call of the API's {@code /v1/compliance} routes with the
 * user's token (duty OVERSIGHT), audited by the API. A complaint's note goes only in the POST body.
 *
 * <p>Thread-safe.
 */
final class CertificationPages {
  static final List<String> CATEGORIES = Arrays.stream(
      io.cdrvault.store.compliance.ComplaintCategory.values()).map(Enum::name).toList();

  private final ConsoleGuard guard;
  private final ConsoleApi api;
  private final Views views;
  private final Clock clock;

  CertificationPages(ConsoleGuard guard, ConsoleApi api, Views views, Clock clock) {
    this.guard = guard;
    this.api = api;
    this.views = views;
    this.clock = clock;
  }

  /** Registers the pages on {@code app}. */
  void register(Javalin app) {
    app.get(CompliancePaths.COMPLAINTS, this::complaints);
    app.post(CompliancePaths.COMPLAINTS, this::recordComplaint);
    app.get(CompliancePaths.CERTIFICATION, this::certification);
    app.get(CompliancePaths.CERTIFICATION_CSV, this::csv);
  }

  /** {@code GET /console/compliance/complaints[?year=]}: the year's complaints (default: this year). */
  void complaints(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      int year = year(ctx);
      ApiAnswer a = api.get(s, null, "/v1/compliance/complaints?year=" + year);
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.message(ctx, a.status(), Page.of("Complaints", s), "The complaints could not be shown.");
        return;
      }
      views.render(ctx, 200, "complaints", Map.of("page", Page.of("Customer complaints", s),
          "year", year, "complaints", a.json().path("complaints"), "categories", CATEGORIES));
    });
  }

  /** {@code POST /console/compliance/complaints}. */
  void recordComplaint(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      Forms f = p.form();
      if (!CATEGORIES.contains(f.field("category"))) {
        p.session().notice(new Notice(false, "Choose the complaint's category.", null, null));
        ctx.redirect(CompliancePaths.COMPLAINTS, HttpStatus.SEE_OTHER);
        return;
      }
      // the day as typed: the API reads it in the carrier's zone and says what is wrong
      ObjectNode body = api.json().createObjectNode().put("receivedAt", f.field("receivedAt").strip())
          .put("category", f.field("category"));
      if (!f.field("note").isBlank()) {
        body.put("note", f.field("note"));
      }
      ApiAnswer a = api.post(p.session(), null, "/v1/compliance/complaints", body);
      p.session().notice(a.ok() ? Notice.done("Logged complaint " + a.json().path("id").asText()
          + ".", a.auditSequence()) : Notice.refused(a));
      String received = a.json().path("receivedAt").asText("");
      ctx.redirect(CompliancePaths.COMPLAINTS + (received.matches("[0-9]{4}-.*")
          ? "?year=" + Instant.parse(received).atZone(ZoneOffset.UTC).getYear() : ""),
          HttpStatus.SEE_OTHER);
    });
  }

  /** {@code GET /console/compliance/certification[?year=]} (default: last year). */
  void certification(Context ctx) {
    report(ctx, (s, year, r) -> views.render(ctx, 200, "certification", Map.of("page",
        Page.of("Annual CPNI certification data " + year, s), "year", year, "r", r)));
  }

  /** {@code GET /console/compliance/certification.csv?year=}: the same report as CSV. */
  void csv(Context ctx) {
    report(ctx, (s, year, r) -> {
      ctx.header("Content-Disposition", "attachment; filename=\"cpni-certification-" + year + ".csv\"");
      ctx.status(200).contentType(CertificationCsv.MEDIA_TYPE).result(CertificationCsv.of(r));
    });
  }

  /** What to answer with a year's report. */
  private interface ReportAnswer {
    void answer(ConsoleSession s, int year, com.fasterxml.jackson.databind.JsonNode report);
  }

  /** Fetches the year's report (default: last year) and answers with it, or shows the refusal. */
  private void report(Context ctx, ReportAnswer answer) {
    guard.session(ctx).ifPresent(s -> {
      int year = year(ctx, clock.instant().atZone(ZoneOffset.UTC).getYear() - 1);
      ApiAnswer a = api.get(s, null, "/v1/compliance/certification?year=" + year);
      if (!a.ok()) {
        s.notice(Notice.refused(a));
        views.message(ctx, a.status(), Page.of("Annual certification data", s),
            "The report could not be built.");
        return;
      }
      answer.answer(s, year, a.json());
    });
  }

  private int year(Context ctx) {
    return year(ctx, clock.instant().atZone(ZoneOffset.UTC).getYear());
  }

  /** The {@code year} query parameter when it is one (4 digits, from 1970), else {@code fallback}. */
  private static int year(Context ctx, int fallback) {
    String y = ctx.queryParam("year");
    return y != null && y.matches("[0-9]{4}") && Integer.parseInt(y) >= 1970 ? Integer.parseInt(y)
        : fallback;
  }
}
