package io.cdrvault.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.billing.Usage;
import io.cdrvault.query.billing.UsageJson;
import io.cdrvault.query.billing.UsageService;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.DisclosedCustomers;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.lifecycle.ErasureResult;
import io.cdrvault.store.audit.DisclosureReport;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.json.CanonicalJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record and usage read endpoints (one customer, a number, a destination prefix). Each runs
 * the {@link AccessFlow} and reads only with the grant it returns; after the read the completion
 * (count, customers) is audited.
 *
 * <p>Thread-safe. Logs operation names and audit sequence numbers only.
 */
final class CpniEndpoints {
  private static final Logger log = LoggerFactory.getLogger(CpniEndpoints.class);
  static final String NDJSON = "application/x-ndjson";

  private final CdrStore store;
  private final AccessFlow flow;
  private final ObjectMapper json;
  private final UsageService usage;
  private final java.time.Duration fraudReadsHiddenFor;
  private final java.time.Clock clock;

  CpniEndpoints(CdrStore store, AccessFlow flow, ObjectMapper json, java.time.Duration fraudReadsHiddenFor,
      java.time.Clock clock) {
    this.fraudReadsHiddenFor = fraudReadsHiddenFor;
    this.clock = clock;
    this.store = store;
    this.flow = flow;
    this.json = json;
    this.usage = new UsageService(store);
  }

  /** {@code GET /v1/customers/{customerId}/usage}. */
  void usage(Context ctx) throws IOException {
    Optional<AccessGrant> granted = flow.authorize(ctx, Operations.USAGE,
        c -> RequestScope.customer(c.pathParam("customerId"), c.queryParam("from"),
            c.queryParam("to"), flow.maxWindowDays()));
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    Usage u;
    try {
      u = usage.usage(grant);
    } catch (RuntimeException e) {
      flow.complete(grant, 0, Set.of(), false);
      throw e;
    }
    ObjectNode body = UsageJson.write(json.createObjectNode(), u);
    body.put("auditSequence", u.auditSequence());
    flow.complete(grant, u.records(), Set.of(u.customer()), true);
    ctx.status(200).header("Cache-Control", "no-store").contentType("application/json")
        .result(json.writeValueAsBytes(body));
  }

  /**
   * {@code GET /v1/customers/{customerId}/access-log}: "who accessed my data" — the customer's own
   * view of the disclosures of their records in the window (from the audit trail), oldest first.
   * Accesses under a legal request with a non-disclosure (gag) order are omitted, FRAUD reads are
   * omitted until {@code fraudReadsHiddenFor} after them (a likely open case must not be tipped
   * off), and case references are never shown (they identify investigations).
   */
  void accessLog(Context ctx) throws IOException {
    Optional<AccessGrant> granted = flow.authorize(ctx, Operations.ACCESS_LOG,
        c -> RequestScope.customer(c.pathParam("customerId"), c.queryParam("from"),
            c.queryParam("to"), flow.maxWindowDays()));
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    CustomerId customer = grant.scope().customer();
    List<DisclosureReport.Disclosure> all;
    try {
      all = DisclosureReport.of(store.auditLedger(), store.customerTagger().tagHex(customer),
          this::gagged, false);
    } catch (RuntimeException e) {
      flow.complete(grant, 0, Set.of(), false);
      throw e;
    }
    ObjectNode body = json.createObjectNode();
    body.put("customerId", customer.value());
    body.put("from", grant.scope().from().toString());
    body.put("to", grant.scope().to().toString());
    ArrayNode list = body.putArray("accesses");
    long n = 0;
    for (DisclosureReport.Disclosure d : all) {
      if (!grant.scope().covers(d.time()) || d.decisionSequence() == grant.auditSequence()) {
        continue;
      }
      if ("FRAUD".equals(d.purpose()) && d.time().plus(fraudReadsHiddenFor).isAfter(clock.instant())) {
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
    body.put("auditSequence", grant.auditSequence());
    flow.complete(grant, n, Set.of(customer), true);
    ctx.status(200).header("Cache-Control", "no-store").contentType("application/json")
        .result(json.writeValueAsBytes(body));
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
    Optional<AccessGrant> granted = flow.authorize(ctx, Operations.ERASURE,
        // the scope is all of the customer's records (from the epoch to tomorrow)
        c -> RequestScope.customer(c.pathParam("customerId"), Instant.EPOCH.toString(),
            now.plus(Duration.ofDays(1)).toString(), Integer.MAX_VALUE));
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    ErasureResult r;
    try {
      r = store.erase(grant.scope().customer(), grant.principal().name(), now);
    } catch (RuntimeException e) {
      flow.complete(grant, 0, Set.of(), false);
      throw e;
    }
    ObjectNode body = json.createObjectNode();
    body.put("customerId", grant.scope().customer().value());
    body.put("outcome", r.outcome().name());
    body.put("at", r.at().toString());
    if (r.outcome() == ErasureResult.Outcome.DEFERRED) {
      body.put("until", r.until().toString());
      body.put("reasonCode", r.reasonCode());
      body.put("reason", r.reason());
    }
    body.put("auditSequence", grant.auditSequence());
    flow.complete(grant, 0, Set.of(grant.scope().customer()), true);
    ctx.status(r.outcome() == ErasureResult.Outcome.DEFERRED ? 202 : 200)
        .header("Cache-Control", "no-store").contentType("application/json")
        .result(json.writeValueAsBytes(body));
  }

  /** {@code GET /v1/customers/{customerId}/records}. */
  void customerRecords(Context ctx) throws IOException {
    records(ctx, c -> RequestScope.customer(c.pathParam("customerId"), c.queryParam("from"),
        c.queryParam("to"), flow.maxWindowDays()));
  }

  /** {@code GET /v1/numbers/{number}/records}: every record in which the number is a party. */
  void numberRecords(Context ctx) throws IOException {
    records(ctx, c -> RequestScope.number(c.pathParam("number"), c.queryParam("from"),
        c.queryParam("to"), flow.maxWindowDays()));
  }

  /** {@code GET /v1/destinations/{prefix}/records}: every record to a destination prefix. */
  void destinationRecords(Context ctx) throws IOException {
    records(ctx, c -> RequestScope.prefix(c.pathParam("prefix"), c.queryParam("from"),
        c.queryParam("to"), flow.maxWindowDays()));
  }

  /**
   * One projected record per line, written to the response as it is read from the store (never
   * collected in memory). A failure after the first bytes were sent can only abort the connection:
   * clients must treat a stream that does not end cleanly as incomplete.
   */
  private void records(Context ctx, java.util.function.Function<Context, RequestScope> scopeOf)
      throws IOException {
    Optional<AccessGrant> granted = flow.authorize(ctx, Operations.RECORDS, scopeOf);
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    ctx.status(200).header("Cache-Control", "no-store").contentType(NDJSON);
    long written = 0;
    // every customer is accounted for, in chunk entries as the read proceeds (bounded memory)
    DisclosedCustomers customers = flow.policy().disclosedCustomers(grant);
    boolean ok = false;
    try (CdrStore.RecordCursor cursor = store.records(grant);
        JsonGenerator gen = json.getFactory().createGenerator(ctx.outputStream())) {
      gen.setRootValueSeparator(null);
      while (cursor.hasNext()) {
        CustomerCdr r = cursor.next();
        if (!grant.admits(r)) {
          continue;
        }
        CanonicalJson.writeProjected(gen, r, grant.fields());
        gen.writeRaw('\n');
        written++;
        customers.add(r.customer());
      }
      ok = true;
    } finally {
      flow.complete(grant, written, customers.pending(), ok);
    }
    log.debug("records stream for audit#{} ended after {} records", grant.auditSequence(), written);
  }
}
