package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Customer care (purpose CUSTOMER_ACCESS): the agent enters the customer's id and authentication
 * assertion in a POST form; once the API accepted them (a read of the customer's consent state),
 * the console keeps them in the agent's session as the customer in front of them — until the
 * assertion expires, the agent is done with the customer, or the session ends. Pages show the
 * customer's usage and itemised records for a month, "who accessed my data", consent state and
 * history (and records a change), and request erasure. Each is one call of the API with the
 * agent's token and the customer's assertion ({@link CareApi}); a refusal is shown with its rule
 * and audit entry. Paths never hold the customer id; the only query parameter is a month.
 *
 * <p>Thread-safe. Logs nothing about the customer.
 */
final class CarePages {
  static final List<String> CONSENT_KINDS = List.of("OPT_IN", "OPT_OUT_NOTICE", "OPT_OUT");
  /** How far back "who accessed my data" looks. */
  static final Duration ACCESS_LOG_WINDOW = Duration.ofDays(365);
  static final String TITLE = "Customer care";

  private final ConsoleGuard guard;
  private final CareApi api;
  private final Views views;
  private final Clock clock;

  CarePages(ConsoleGuard guard, CareApi api, Views views, Clock clock) {
    this.guard = guard;
    this.api = api;
    this.views = views;
    this.clock = clock;
  }

  /** {@code GET /console/care}: the customer in front of the agent, or the form to find one. */
  void start(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      CareCustomer c = current(s);
      Map<String, Object> params = new HashMap<>();
      params.put("page", Page.of(TITLE, s));
      params.put("customer", c == null ? "" : c.customerId());
      params.put("until", c == null ? "" : hhmm(c.expiresAt()));
      views.render(ctx, 200, "care", params);
    });
  }

  /** {@code POST /console/care/customer}: the customer's id and assertion, checked by the API. */
  void find(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      ConsoleSession s = p.session();
      String id = p.form().field("customerId").strip();
      String assertion = p.form().field("assertion").strip();
      s.care(null); // a new customer replaces the one before, also when refused
      if (!CareCustomer.validId(id)) {
        s.notice(new Notice(false, "A customer id is 1 to 64 letters, digits or . _ : -", null, null));
      } else if (assertion.isEmpty() || assertion.length() > CareCustomer.MAX_ASSERTION_LENGTH) {
        s.notice(new Notice(false, "Enter the customer's authentication assertion.", null, null));
      } else {
        CareCustomer c = CareCustomer.entered(id, assertion, clock.instant());
        ApiAnswer a = api.get(s, c, "consent", null);
        if (a.ok()) {
          s.care(c);
          s.notice(Notice.done("The customer is authenticated by their assertion until "
              + hhmm(c.expiresAt()) + ".", a.auditSequence()));
        } else {
          s.notice(Notice.refused(a));
        }
      }
      ctx.redirect(ConsolePaths.CARE, HttpStatus.SEE_OTHER);
    });
  }

  /** {@code POST /console/care/done}: forgets the customer in front of the agent. */
  void done(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> {
      p.session().care(null);
      p.session().notice(Notice.done("Done: the customer's id and assertion are forgotten.", null));
      ctx.redirect(ConsolePaths.CARE, HttpStatus.SEE_OTHER);
    });
  }

  /** {@code GET /console/care/usage[?month=YYYY-MM]}. */
  void usage(Context ctx) {
    withCustomer(ctx, (s, c) -> {
      YearMonth month = month(ctx);
      ApiAnswer a = api.get(s, c, "usage", window(month));
      if (refused(ctx, s, a)) {
        return;
      }
      views.render(ctx, 200, "careusage", frame(s, c, "Usage", Map.of("usage", a.json(),
          "month", month.toString(), "auditSequence", seq(a.auditSequence()))));
    });
  }

  /** {@code GET /console/care/records[?month=YYYY-MM]}. */
  void records(Context ctx) {
    withCustomer(ctx, (s, c) -> {
      YearMonth month = month(ctx);
      CareApi.RecordsAnswer a = api.records(s, c, start(month), start(month.plusMonths(1)));
      if (a.refusal() != null) {
        refused(ctx, s, a.refusal());
        return;
      }
      CareRecords r = a.records();
      views.render(ctx, 200, "carerecords", frame(s, c, "Itemised records", Map.of(
          "month", month.toString(), "columns", r.columns(), "rows", r.rows(),
          "total", r.total(), "complete", r.complete(), "auditSequence", seq(r.auditSequence()))));
    });
  }

  /** {@code GET /console/care/access-log}: the last {@link #ACCESS_LOG_WINDOW}. */
  void accessLog(Context ctx) {
    withCustomer(ctx, (s, c) -> {
      Instant to = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1)
          .atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant from = to.minus(ACCESS_LOG_WINDOW);
      ApiAnswer a = api.get(s, c, "access-log", "from=" + from + "&to=" + to);
      if (refused(ctx, s, a)) {
        return;
      }
      views.render(ctx, 200, "careaccess", frame(s, c, "Who accessed my data",
          Map.of("log", a.json(), "auditSequence", seq(a.auditSequence()))));
    });
  }

  /** {@code GET /console/care/consent}: state now and every recorded version. */
  void consent(Context ctx) {
    withCustomer(ctx, (s, c) -> {
      ApiAnswer a = api.get(s, c, "consent", null);
      if (refused(ctx, s, a)) {
        return;
      }
      views.render(ctx, 200, "careconsent", frame(s, c, "Consent (CPNI marketing approval)",
          Map.of("consent", a.json(), "kinds", CONSENT_KINDS, "auditSequence",
              seq(a.auditSequence()))));
    });
  }

  /** {@code POST /console/care/consent}: records the customer's new choice. */
  void recordConsent(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> customer(ctx, p.session()).ifPresent(c -> {
      ConsoleSession s = p.session();
      String kind = p.form().field("kind");
      if (!CONSENT_KINDS.contains(kind)) {
        s.notice(new Notice(false, "Choose one of " + String.join(", ", CONSENT_KINDS) + ".", null, null));
        ctx.redirect(ConsolePaths.CARE_CONSENT, HttpStatus.SEE_OTHER);
        return;
      }
      ObjectNode body = api.console().json().createObjectNode().put("kind", kind);
      String note = p.form().field("note").strip();
      if (!note.isEmpty()) {
        body.put("note", note);
      }
      ApiAnswer a = api.post(s, c, "consent", body);
      if (!a.ok()) {
        forgetIfAssertionRefused(s, a);
        s.notice(Notice.refused(a));
      } else {
        s.notice(Notice.done("Recorded " + kind + " as version "
            + a.json().path("version").path("version").asText() + ".", a.auditSequence()));
      }
      ctx.redirect(s.care() == null ? ConsolePaths.CARE : ConsolePaths.CARE_CONSENT,
          HttpStatus.SEE_OTHER);
    }));
  }

  /** {@code GET /console/care/erasure}: the request form and the last outcome of this session. */
  void erasureForm(Context ctx) {
    withCustomer(ctx, (s, c) -> {
      Map<String, Object> extra = new HashMap<>();
      extra.put("erasure", c.erasure()); // null until requested in this session
      views.render(ctx, 200, "careerasure", frame(s, c, "Erasure", extra));
    });
  }

  /** {@code POST /console/care/erasure}: the customer's request to erase their records. */
  void erase(Context ctx) {
    guard.post(ctx, ConsoleGuard.FORM_LIMIT).ifPresent(p -> customer(ctx, p.session()).ifPresent(c -> {
      ConsoleSession s = p.session();
      if (!"on".equals(p.form().field("confirm"))) {
        s.notice(new Notice(false, "Confirm that the customer asked for erasure.", null, null));
        ctx.redirect(ConsolePaths.CARE_ERASURE, HttpStatus.SEE_OTHER);
        return;
      }
      ApiAnswer a = api.post(s, c, "erasure", null);
      if (!a.ok()) {
        forgetIfAssertionRefused(s, a);
        s.notice(Notice.refused(a));
        ctx.redirect(s.care() == null ? ConsolePaths.CARE : ConsolePaths.CARE_ERASURE,
            HttpStatus.SEE_OTHER);
        return;
      }
      CareErasure e = CareErasure.of(a.json(), a.auditSequence());
      s.care(c.withErasure(e));
      s.notice(Notice.done(e.deferred()
          ? "Erasure deferred until " + e.until() + ": " + e.reason()
          : "Erasure done (" + e.outcome() + "): the records are unreadable now.", a.auditSequence()));
      ctx.redirect(ConsolePaths.CARE_ERASURE, HttpStatus.SEE_OTHER);
    }));
  }

  /** Runs {@code page} with the session and the customer in front of the agent; else answered. */
  private void withCustomer(Context ctx, BiConsumer<ConsoleSession, CareCustomer> page) {
    guard.session(ctx).ifPresent(s -> customer(ctx, s).ifPresent(c -> page.accept(s, c)));
  }

  /** The live customer of {@code s}; without one, a redirect to the form (with a notice). */
  private Optional<CareCustomer> customer(Context ctx, ConsoleSession s) {
    CareCustomer had = s.care();
    CareCustomer c = current(s);
    if (c == null) {
      s.notice(new Notice(false, had != null
          ? "The customer's assertion expired at " + hhmm(had.expiresAt())
              + "; authenticate the customer again."
          : "First find the customer: enter their id and authentication assertion.", null, null));
      ctx.redirect(ConsolePaths.CARE, HttpStatus.SEE_OTHER);
      return Optional.empty();
    }
    return Optional.of(c);
  }

  /** The customer of {@code s}, dropped (null) once the assertion expired. */
  private CareCustomer current(ConsoleSession s) {
    CareCustomer c = s.care();
    if (c != null && c.expired(clock.instant())) {
      s.care(null);
      return null;
    }
    return c;
  }

  /** True (and answered: the start page with the refusal) when the API refused. */
  private static boolean refused(Context ctx, ConsoleSession s, ApiAnswer a) {
    if (a.ok()) {
      return false;
    }
    forgetIfAssertionRefused(s, a);
    s.notice(Notice.refused(a));
    ctx.redirect(ConsolePaths.CARE, HttpStatus.SEE_OTHER);
    return true;
  }

  /** A refused assertion is not kept: the agent authenticates the customer again. */
  private static void forgetIfAssertionRefused(ConsoleSession s, ApiAnswer a) {
    if ("invalid-customer-assertion".equals(a.json().path("rule").asText())) {
      s.care(null);
    }
  }

  private Map<String, Object> frame(ConsoleSession s, CareCustomer c, String title,
      Map<String, Object> extra) {
    Map<String, Object> params = new HashMap<>(extra);
    params.put("page", Page.of(title, s));
    params.put("customer", c.customerId());
    params.put("until", hhmm(c.expiresAt()));
    return params;
  }

  /** The {@code month} query parameter (YYYY-MM), else this month. */
  private YearMonth month(Context ctx) {
    String m = ctx.queryParam("month");
    if (m != null && !m.isBlank()) {
      try {
        YearMonth y = YearMonth.parse(m.strip());
        if (y.getYear() >= 1970 && y.getYear() <= 9998) {
          return y;
        }
      } catch (DateTimeParseException e) {
        // fall through: this month
      }
    }
    return YearMonth.now(clock.withZone(ZoneOffset.UTC));
  }

  private static String window(YearMonth m) {
    return "from=" + start(m) + "&to=" + start(m.plusMonths(1));
  }

  private static Instant start(YearMonth m) {
    return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static String hhmm(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String seq(Long s) {
    return s == null ? "" : Long.toString(s);
  }
}
