package io.cdrvault.query.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.JsonAnswer;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.audit.DisclosureReport;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.lifecycle.ErasureResult;
import io.cdrvault.store.model.CustomerId;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A customer's own rights over their records (CUSTOMER_ACCESS): "who accessed my data" and
 * erasure. Both run the {@link AuditedRead} runner: decision first, one completion entry, then the
 * JSON answer.
 *
 * <p>Thread-safe. Logs nothing about the customer.
 */
final class CustomerEndpoints {
  private final CdrStore store;
  private final AccessFlow flow;
  private final AuditedRead reads;
  private final ObjectMapper json;
  private final Duration fraudReadsHiddenFor;
  private final Clock clock;

  CustomerEndpoints(ApiContext api) {
    this.store = api.store();
    this.flow = api.flow();
    this.reads = api.reads();
    this.json = api.json();
    this.fraudReadsHiddenFor = api.settings().fraudReadsHiddenFor();
    this.clock = api.flow().policy().clock();
  }

  /**
   * {@code GET /v1/customers/{customerId}/access-log}: "who accessed my data" — the customer's own
   * view of the disclosures of their records in the window (from the audit trail), oldest first.
   * Accesses under a legal request with a non-disclosure (gag) order are omitted, FRAUD reads are
   * omitted until {@code fraudReadsHiddenFor} after them (a likely open case must not be tipped
   * off), case references are never shown (they identify investigations), and the compliance
   * officer's oversight lookups (entries of a duty, which carry no purpose: finding the customer's
   * pseudonym, their disclosure report) are left out — they disclose no record (ADR 0035).
   */
  void accessLog(Context ctx) throws IOException {
    reads.json(ctx, Operations.ACCESS_LOG,
        c -> RequestScope.customer(c.pathParam("customerId"), c.queryParam("from"),
            c.queryParam("to"), flow.maxWindowDays()),
        (grant, tally) -> {
          CustomerId customer = grant.scope().customer();
          List<DisclosureReport.Disclosure> all = DisclosureReport.of(store.auditLedger(),
              store.customerTagger().tagHex(customer), this::gagged, false);
          ObjectNode body = json.createObjectNode();
          body.put("customerId", customer.value());
          body.put("from", grant.scope().from().toString());
          body.put("to", grant.scope().to().toString());
          ArrayNode list = body.putArray("accesses");
          long n = 0;
          for (DisclosureReport.Disclosure d : all) {
            if (!grant.scope().covers(d.time()) || d.decisionSequence() == grant.auditSequence()
                || d.purpose() == null) {
              continue;
            }
            if ("FRAUD".equals(d.purpose())
                && d.time().plus(fraudReadsHiddenFor).isAfter(clock.instant())) {
              continue;
            }
            ObjectNode o = list.addObject();
            o.put("time", d.time().toString());
            o.put("accessedBy", d.principal());
            o.put("purpose", d.purpose());
            o.put("operation", d.operation());
            if (d.resultCount() != null) {
              o.put("records", d.resultCount());
            }
            ArrayNode f = o.putArray("fields");
            d.fields().forEach(f::add);
            n++;
          }
          tally.records(n);
          tally.customer(customer);
          return JsonAnswer.ok(200, body);
        });
  }

  /** Whether a case reference names a legal request under a gag order. */
  private boolean gagged(String caseRef) {
    if (caseRef == null || !LegalRequest.ID.matcher(caseRef).matches()) {
      return false;
    }
    return store.legalRegistry().find(caseRef).map(LegalRequest::gag).orElse(false);
  }

  /**
   * {@code POST /v1/customers/{customerId}/erasure}: the customer's request to erase their records.
   * Answers 200 with {@code outcome} ERASED / ALREADY_ERASED (unreadable at once, purged from disk
   * by the next retention sweep) or 202 with DEFERRED, the date and the reason (a legal hold or a
   * statutory minimum retention); a deferred erasure runs by itself when the obstacle ends.
   */
  void erasure(Context ctx) throws IOException {
    Instant now = flow.policy().clock().instant();
    reads.json(ctx, Operations.ERASURE,
        // the scope is all of the customer's records (from the epoch to tomorrow)
        c -> RequestScope.customer(c.pathParam("customerId"), Instant.EPOCH.toString(),
            now.plus(Duration.ofDays(1)).toString(), Integer.MAX_VALUE),
        (grant, tally) -> {
          CustomerId customer = grant.scope().customer();
          ErasureResult r = store.erase(flow.policy().erasure(grant), now);
          ObjectNode body = json.createObjectNode();
          body.put("customerId", customer.value());
          body.put("outcome", r.outcome().name());
          body.put("at", r.at().toString());
          if (r.outcome() == ErasureResult.Outcome.DEFERRED) {
            body.put("until", r.until().toString());
            body.put("reasonCode", r.reasonCode());
            body.put("reason", r.reason());
          }
          tally.customer(customer);
          return JsonAnswer.ok(r.outcome() == ErasureResult.Outcome.DEFERRED ? 202 : 200, body);
        });
  }
}
