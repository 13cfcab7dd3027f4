package io.cdrvault.query.compliance;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.cdrvault.store.access.Duty;
import io.cdrvault.store.compliance.BreachRules;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Optional;

/**
 * The compliance officer's registers and report (duty OVERSIGHT, ADR 0035; docs/compliance.md):
 * the breach register ({@link ApiRoute#BREACH_RECORD}, {@code BREACH_LIST}, {@code BREACH_READ},
 * {@code BREACH_NOTIFY}), the complaint log ({@code COMPLAINT_RECORD}, {@code COMPLAINT_LIST}) and
 * the annual certification data ({@code CERTIFICATION_REPORT}). The breach clocks follow
 * {@link io.cdrvault.query.http.ApiSettings#breachRules()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ComplianceRoutes implements RouteContributor {
  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    // the breach clocks follow the node's configured rule numbers (query.compliance.*)
    BreachRules rules = api.settings().breachRules();
    BreachEndpoints breaches = new BreachEndpoints(api, rules);
    ComplaintEndpoints complaints = new ComplaintEndpoints(api, rules.zone());
    return Map.of(
        ApiRoute.BREACH_RECORD, breaches::record,
        ApiRoute.BREACH_LIST, breaches::list,
        ApiRoute.BREACH_READ, breaches::read,
        ApiRoute.BREACH_NOTIFY, breaches::addNotification,
        ApiRoute.COMPLAINT_RECORD, complaints::record,
        ApiRoute.COMPLAINT_LIST, complaints::list,
        ApiRoute.CERTIFICATION_REPORT, ctx -> api.flow().duty(ctx, "certification-report",
            Duty.OVERSIGHT, (p, now) -> {
              Integer year;
              try {
                year = ComplianceBodies.year(ctx.queryParam("year"), true);
              } catch (ComplianceBodies.Problem e) {
                return BreachEndpoints.bad(Optional.empty(), e.getMessage());
              }
              return BreachEndpoints.ok(200, null, CertificationReport.build(api.json(), year,
                  api.store().auditLedger(), api.store().legalRegistry(),
                  api.store().complianceRegistry(), now));
            }));
  }
}
