package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.RequestScope;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The compliance officer's pages (duty OVERSIGHT, ADR 0035): the audit trail with its filter and
 * paging, the ledger's verification, a customer's disclosure report and denial trends. Each page
 * is one call of the API's {@code /v1/audit/…} routes with the user's token and no purpose (a
 * duty takes none); the API decides and audits it, and refuses principals without the duty
 * ({@code role-lacks-duty}, shown with its audit entry). A customer id is only ever POSTed: the
 * trail keeps the customer's tag (from {@code POST /v1/audit/customer-tag}) in the session, and
 * the disclosure report is the answer to the POST.
 *
 * <p>Thread-safe.
 */
final class AuditPages {
  static final int PAGE_SIZE = 50;

  private final ConsoleGuard guard;
  private final ConsoleApi api;
  private final Views views;

  AuditPages(ConsoleGuard guard, ConsoleApi api, Views views) {
    this.guard = guard;
    this.api = api;
    this.views = views;
  }

  /** {@code GET /console/audit/trail[?before=SEQ]}: the entries of the session's filter. */
  void trail(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      long before = sequence(ctx.queryParam("before"));
      AuditFilter f = s.auditFilter();
      ApiAnswer a = api.get(s, null, "/v1/audit/entries" + f.query(before, PAGE_SIZE));
      if (!a.ok()) {
        refused(ctx, s, a, "Audit trail", "The audit trail could not be shown.");
        return;
      }
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("page", Page.of("Audit trail", s));
      params.put("filter", f);
      params.put("purposes", AuditFilter.PURPOSES);
      params.put("outcomes", AuditFilter.OUTCOMES);
      params.put("answer", a.json());
      params.put("paged", before > 0);
      views.render(ctx, 200, "audit-trail", params);
    });
  }

  /**
   * {@code POST /console/audit/trail}: sets the filter; a customer id, when given, is turned into
   * the customer's tag by the API and only the tag is kept.
   */
  void filter(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      ConsoleSession s = p.session();
      String[] problem = new String[1];
      AuditFilter f = AuditFilter.of(p.form(), s.auditFilter().subject(), problem);
      if (f == null) {
        s.notice(new Notice(false, problem[0], null, null));
        ctx.redirect(ConsolePaths.AUDIT_TRAIL, HttpStatus.SEE_OTHER);
        return;
      }
      String customer = p.form().field("customerId").strip();
      if (!customer.isEmpty()) {
        Optional<String> tag = tag(s, customer);
        if (tag.isEmpty()) {
          ctx.redirect(ConsolePaths.AUDIT_TRAIL, HttpStatus.SEE_OTHER);
          return;
        }
        f = f.withSubject(tag.get());
      }
      s.auditFilter(f);
      ctx.redirect(ConsolePaths.AUDIT_TRAIL, HttpStatus.SEE_OTHER);
    });
  }

  /** {@code POST /console/audit/trail/customer-filter/removal}. */
  void clearCustomer(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      p.session().auditFilter(p.session().auditFilter().withSubject(""));
      ctx.redirect(ConsolePaths.AUDIT_TRAIL, HttpStatus.SEE_OTHER);
    });
  }

  /** {@code GET /console/audit/verification}. */
  void verification(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      ApiAnswer a = api.get(s, null, "/v1/audit/status");
      if (!a.ok()) {
        refused(ctx, s, a, "Verification", "The ledger's status could not be shown.");
        return;
      }
      views.render(ctx, 200, "audit-verification", Map.of("page", Page.of("Verification", s),
          "status", a.json()));
    });
  }

  /** {@code GET /console/audit/disclosures}: the form. */
  void disclosureForm(Context ctx) {
    guard.session(ctx).ifPresent(s -> views.render(ctx, 200, "audit-disclosures",
        Map.of("page", Page.of("Disclosure report", s), "report", api.json().missingNode())));
  }

  /** {@code POST /console/audit/disclosures}: the report of the customer whose id was POSTed. */
  void disclosures(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      ConsoleSession s = p.session();
      ObjectNode body = api.json().createObjectNode();
      body.put("customerId", p.form().field("customerId").strip());
      ApiAnswer a = api.post(s, null, "/v1/audit/disclosures", body);
      if (!a.ok()) {
        s.notice(Notice.refused(a));
      }
      views.render(ctx, a.ok() ? 200 : a.status(), "audit-disclosures",
          Map.of("page", Page.of("Disclosure report", s),
              "report", a.ok() ? a.json() : api.json().missingNode()));
    });
  }

  /** {@code GET /console/audit/denials[?from=&to=]} (dates are not personal data). */
  void denials(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      String from = date(ctx.queryParam("from"));
      String to = date(ctx.queryParam("to"));
      StringBuilder q = new StringBuilder();
      if (!from.isEmpty()) {
        q.append("?from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
      }
      if (!to.isEmpty()) {
        q.append(q.length() == 0 ? '?' : '&').append("to=")
            .append(URLEncoder.encode(to, StandardCharsets.UTF_8));
      }
      ApiAnswer a = api.get(s, null, "/v1/audit/denials" + q);
      if (!a.ok()) {
        refused(ctx, s, a, "Denial trends", "The denial trends could not be shown.");
        return;
      }
      long max = 1;
      for (JsonNode d : a.json().path("days")) {
        max = Math.max(max, d.path("count").asLong());
      }
      views.render(ctx, 200, "audit-denials", Map.of("page", Page.of("Denial trends", s),
          "trends", a.json(), "from", from, "to", to, "max", max));
    });
  }

  /** The customer's tag from the API; empty (with the refusal as notice) when refused. */
  private Optional<String> tag(ConsoleSession s, String customerId) {
    ObjectNode body = api.json().createObjectNode();
    body.put("customerId", customerId);
    ApiAnswer a = api.post(s, null, "/v1/audit/customer-tag", body);
    if (!a.ok()) {
      s.notice(Notice.refused(a));
      return Optional.empty();
    }
    s.notice(Notice.done("Showing the entries of the customer whose pseudonym is "
        + a.json().path("subject").asText() + " (the customer id is not kept).", a.auditSequence()));
    return Optional.of(a.json().path("subject").asText());
  }

  private void refused(Context ctx, ConsoleSession s, ApiAnswer a, String title, String text) {
    s.notice(Notice.refused(a));
    views.message(ctx, a.status(), Page.of(title, s), text);
  }

  /** A sequence number from the query, 0 when absent or not one. */
  private static long sequence(String raw) {
    if (raw == null || !raw.matches("[0-9]{1,18}")) {
      return 0;
    }
    return Long.parseLong(raw);
  }

  /** A date or instant from the query, empty when absent or not one. */
  private static String date(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 40 || RequestScope.instant(raw) == null) {
      return "";
    }
    return raw.strip();
  }
}
