package io.cdrvault.bench.read;

import io.cdrvault.bench.support.GrantedRead;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The timed reads of {@link ReadEndToEnd}, one after the other, each checked against what
 * {@link ReadDataset} loaded: over HTTP (the heavy customer's month as NDJSON, its usage, the FRAUD
 * number lookup, the billing run) and at store level (the heavy customer's month through the same
 * policy engine and store, without HTTP). Each prints one line. Not thread-safe.
 */
final class ApiReads {
  static final String CASE = "FRAUD-BENCH-14";
  private static final String MONTH = "?from=2026-03-01&to=2026-04-01";

  private final ApiClient client;
  private final ReadDataset data;
  private final ReadOptions o;
  private final String heavyPath;

  ApiReads(ApiClient client, ReadDataset data, ReadOptions o) {
    this.client = client;
    this.data = data;
    this.o = o;
    // a synthetic id (BENCH-…); printed nowhere
    this.heavyPath = "/v1/customers/" + data.heavyCustomer().value();
  }

  /** BILLING: the heavy customer's March as NDJSON (decrypt, project, serialise, send, read). */
  Latencies customerMonth() throws Exception {
    Latencies l = Latencies.measure("API customer month", o.warmup(), o.reps(), data.heavy(),
        () -> client.ndjsonLines(heavyPath + "/records" + MONTH, ApiNode.BILLING_TOKEN, "BILLING", null));
    System.out.printf(Locale.ROOT, "API      customer month, BILLING, GET /v1/customers/{id}/records (NDJSON, "
        + "%,d records, %,d bytes): %s; %,.0f records/s at p50%n", data.heavy(), client.lastBytes(),
        l.summary(), data.heavy() / (l.p50() / 1e3));
    return l;
  }

  /** BILLING: the heavy customer's usage totals for March. */
  Latencies usage() throws Exception {
    Latencies l = Latencies.measure("API usage", o.warmup(), o.reps(), data.heavy(),
        () -> client.json(heavyPath + "/usage" + MONTH, ApiNode.BILLING_TOKEN, "BILLING").path("records")
            .asLong(-1));
    System.out.printf(Locale.ROOT, "API      usage totals, BILLING, GET /v1/customers/{id}/usage (%,d records "
        + "counted): %s%n", data.heavy(), l.summary());
    return l;
  }

  /** BILLING at store level: one audited decision, the grant's cursor, decode; no HTTP, no JSON. */
  Latencies storeMonth(PolicyEngine engine, CdrStore store) throws Exception {
    Principal billing = new Principal("bench-billing", Set.of("billing-job"), Optional.empty());
    AccessScope scope = AccessScope.customer(data.heavyCustomer(), ReadDataset.FROM, ReadDataset.TO);
    Latencies l = Latencies.measure("store customer month", o.warmup(), o.reps(), data.heavy(),
        () -> GrantedRead.read(engine, store, billing, Purpose.BILLING, scope, Optional.empty()).records());
    System.out.printf(Locale.ROOT, "STORE    customer month, BILLING, policy decision (audited) + "
        + "store.records(grant) + open + decode, in-process (%,d records): %s; %,.0f records/s at p50%n",
        data.heavy(), l.summary(), data.heavy() / (l.p50() / 1e3));
    return l;
  }

  /** FRAUD: every record of the number over 31 days, through the blind index, as NDJSON. */
  Latencies numberLookup() throws Exception {
    String path = "/v1/numbers/" + ReadDataset.NUMBER.replace("+", "%2B") + "/records" + MONTH;
    Latencies l = Latencies.measure("API number lookup", 1, o.longReps(), data.numberRecords(),
        () -> client.ndjsonLines(path, ApiNode.FRAUD_TOKEN, "FRAUD", CASE));
    System.out.printf(Locale.ROOT, "API      number lookup, FRAUD (case reference), GET /v1/numbers/{n}/records, "
        + "31 days, %,d matching records (%,d bytes), one response (the endpoint neither pages nor caps): "
        + "%s; %.1f ms per 10,000 records at p50, %,.0f records/s%n", data.numberRecords(),
        client.lastBytes(), l.summary(), l.p50() * 10_000 / Math.max(1, data.numberRecords()),
        data.numberRecords() / (l.p50() / 1e3));
    return l;
  }

  /** BILLING: the billing run over every customer for March, one request as the CLI makes it. */
  Latencies billingRun() throws Exception {
    long[] customers = new long[1];
    Latencies l = Latencies.measure("API billing run", 1, o.longReps(), data.monthRecords(), () -> {
      ApiClient.BillingRunEnd end = client.billingRun("2026-03-01", "2026-04-01", ApiNode.BILLING_TOKEN);
      if (end.customers() != data.customers() || end.lines() != data.customers() + 1L) {
        throw new Latencies.CountMismatch("API billing run customers", end.customers(), data.customers());
      }
      customers[0] = end.customers();
      return end.records();
    });
    System.out.printf(Locale.ROOT, "API      billing run, BILLING, GET /v1/billing/usage (one request; "
        + "%,d customer lines + the end line, %,d bytes; records = every stored March record, %,d): %s; "
        + "%,.0f records/s and %,.0f customers/s at p50%n", customers[0], client.lastBytes(),
        data.monthRecords(), l.summary(), data.monthRecords() / (l.p50() / 1e3),
        customers[0] / (l.p50() / 1e3));
    return l;
  }
}
