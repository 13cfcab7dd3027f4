package io.cdrvault.query.http;

import java.util.Set;

/**
 * The routes of the HTTP API and the status codes each can answer with. {@link ApiServer}
 * registers exactly these; the OpenAPI document ({@code /openapi.yaml}) must describe exactly these
 * (a contract test checks both).
 */
public enum ApiRoute {
  /** A customer's usage totals over a window (JSON). */
  USAGE("GET", "/v1/customers/{customerId}/usage", Set.of(200, 400, 401, 403, 410, 429, 500, 503)),
  /** A customer's records over a window, projected to the purpose's fields (NDJSON stream). */
  RECORDS("GET", "/v1/customers/{customerId}/records", Set.of(200, 400, 401, 403, 410, 429, 500, 503)),
  /** The customer's "who accessed my data" view (CUSTOMER_ACCESS; gagged legal accesses omitted). */
  ACCESS_LOG("GET", "/v1/customers/{customerId}/access-log", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** The customer's request to erase their records (CUSTOMER_ACCESS); 202 when deferred. */
  ERASURE("POST", "/v1/customers/{customerId}/erasure", Set.of(200, 202, 400, 401, 403, 429, 500, 503)),
  /** Every record in which a number is a party (blind index; FRAUD, LEGAL_PROCESS). */
  NUMBER_RECORDS("GET", "/v1/numbers/{number}/records", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** Every record to a destination prefix (FRAUD). */
  DESTINATION_RECORDS("GET", "/v1/destinations/{prefix}/records", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** A billing run: every customer's usage over a window, resumable (BILLING; NDJSON stream). */
  BILLING_RUN("GET", "/v1/billing/usage", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** Creates a legal hold (preservation, 90 days; LEGAL_PROCESS). */
  HOLD_CREATE("POST", "/v1/legal/holds", Set.of(201, 400, 401, 403, 413, 429, 500, 503)),
  /** Every legal hold with its state. */
  HOLD_LIST("GET", "/v1/legal/holds", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** Renews a legal hold for 90 days from now. */
  HOLD_RENEW("POST", "/v1/legal/holds/{id}/renewal", Set.of(200, 400, 401, 403, 404, 409, 429, 500, 503)),
  /** Releases a legal hold. */
  HOLD_RELEASE("POST", "/v1/legal/holds/{id}/release", Set.of(200, 400, 401, 403, 404, 409, 429, 500, 503)),
  /** Registers a legal request (LEGAL_PROCESS). */
  LEGAL_REGISTER("POST", "/v1/legal/requests", Set.of(201, 400, 401, 403, 413, 429, 500, 503)),
  /** Every legal request, optionally only those in one state ({@code ?state=}). */
  LEGAL_LIST("GET", "/v1/legal/requests", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** One legal request with its state. */
  LEGAL_SHOW("GET", "/v1/legal/requests/{id}", Set.of(200, 400, 401, 403, 404, 429, 500, 503)),
  /** Approval of a legal request by a second person (two-person rule). */
  LEGAL_APPROVE("POST", "/v1/legal/requests/{id}/approval", Set.of(200, 400, 401, 403, 404, 409, 429, 500, 503)),
  /** Revocation of a legal request. */
  LEGAL_REVOKE("POST", "/v1/legal/requests/{id}/revocation", Set.of(200, 400, 401, 403, 404, 409, 429, 500, 503)),
  /** The signed export package of an approved legal request (zip). */
  LEGAL_EXPORT("POST", "/v1/legal/requests/{id}/export", Set.of(200, 400, 401, 403, 404, 429, 500, 503)),
  /** A customer's CPNI marketing approval: history and current state (CUSTOMER_ACCESS). */
  CONSENT("GET", "/v1/customers/{customerId}/consent", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** Records a new version of a customer's CPNI marketing approval (CUSTOMER_ACCESS). */
  CONSENT_RECORD("POST", "/v1/customers/{customerId}/consent", Set.of(201, 400, 401, 403, 413, 429, 500, 503)),
  /** Service types and usage volumes of consenting customers (MARKETING, NDJSON stream). */
  MARKETING_USAGE("GET", "/v1/marketing/usage", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** Counts and sums by group over all customers, small groups suppressed (AGGREGATE). */
  AGGREGATE_USAGE("GET", "/v1/aggregates/usage", Set.of(200, 400, 401, 403, 429, 500, 503)),
  // the compliance officer's routes (duty OVERSIGHT, ADR 0035; docs/audit.md)
  /** Audit ledger entries, newest first, filtered; paged by sequence ({@code audit-search}). */
  AUDIT_ENTRIES("GET", "/v1/audit/entries", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** A customer's pseudonym (tag) from a customer id in the body ({@code audit-customer-tag}). */
  AUDIT_CUSTOMER_TAG("POST", "/v1/audit/customer-tag", Set.of(200, 400, 401, 403, 413, 429, 500, 503)),
  /** Verification of the whole ledger and its last signed checkpoint ({@code audit-status}). */
  AUDIT_STATUS("GET", "/v1/audit/status", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** A customer's disclosure report, gagged accesses flagged ({@code audit-disclosures}). */
  AUDIT_DISCLOSURES("POST", "/v1/audit/disclosures", Set.of(200, 400, 401, 403, 413, 429, 500, 503)),
  /** Denied requests per day and rule and per principal ({@code audit-denials}). */
  AUDIT_DENIALS("GET", "/v1/audit/denials", Set.of(200, 400, 401, 403, 429, 500, 503)),
  // --- compliance registers and report (duty OVERSIGHT; docs/compliance.md) ---
  /** Records a CPNI breach in the breach register (47 CFR 64.2011). */
  BREACH_RECORD("POST", "/v1/compliance/breaches", Set.of(201, 400, 401, 403, 413, 429, 500, 503)),
  /** The breach register, each breach with its notification deadlines. */
  BREACH_LIST("GET", "/v1/compliance/breaches", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** One breach with its description, notifications and deadlines. */
  BREACH_READ("GET", "/v1/compliance/breaches/{id}", Set.of(200, 400, 401, 403, 404, 429, 500, 503)),
  /** Records a notification of a breach (law enforcement, customers) or a delay direction. */
  BREACH_NOTIFY("POST", "/v1/compliance/breaches/{id}/notifications",
      Set.of(201, 400, 401, 403, 404, 409, 413, 429, 500, 503)),
  /** Logs a customer complaint about the unauthorised release of CPNI (64.2009(e)). */
  COMPLAINT_RECORD("POST", "/v1/compliance/complaints", Set.of(201, 400, 401, 403, 413, 429, 500, 503)),
  /** The complaint log, optionally for one calendar year ({@code ?year=}). */
  COMPLAINT_LIST("GET", "/v1/compliance/complaints", Set.of(200, 400, 401, 403, 429, 500, 503)),
  /** The annual CPNI certification data for a calendar year ({@code ?year=}, 64.2009(e)). */
  CERTIFICATION_REPORT("GET", "/v1/compliance/certification", Set.of(200, 400, 401, 403, 429, 500, 503)),
  // --- end of compliance ---
  /** Prometheus metrics, no authentication. */
  METRICS("GET", "/metrics", Set.of(200)),
  /** Liveness: 503 only when a part stopped for good (the ingest pipeline failed). */
  HEALTH("GET", "/health", Set.of(200, 503)),
  /** Readiness: ledger and store writable, ingest running; 503 with the components otherwise. */
  READY("GET", "/ready", Set.of(200, 503)),
  /** This API's OpenAPI 3.0 document. */
  OPENAPI("GET", "/openapi.yaml", Set.of(200));

  private final String method;
  private final String path;
  private final Set<Integer> statuses;

  ApiRoute(String method, String path, Set<Integer> statuses) {
    this.method = method;
    this.path = path;
    this.statuses = statuses;
  }

  /** HTTP method, upper case. */
  public String method() {
    return method;
  }

  /** Path template with {@code {param}} placeholders (same syntax as Javalin and OpenAPI). */
  public String path() {
    return path;
  }

  /** Every status code this route can answer with. */
  public Set<Integer> statuses() {
    return statuses;
  }

  /** {@code METHOD path}, e.g. {@code GET /health}. */
  public String key() {
    return method + " " + path;
  }
}
