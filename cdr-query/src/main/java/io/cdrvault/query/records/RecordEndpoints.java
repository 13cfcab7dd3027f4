package io.cdrvault.query.records;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.query.http.StreamedAnswer;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.Operations;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.function.Function;

/**
 * The record read endpoints (one customer, a number, a destination prefix; operation
 * {@code records}): one projected record per NDJSON line, written to the response as it is read
 * from the store (never collected in memory), through the {@link AuditedRead} runner — decision
 * first, completion (count, customers) after the stream ended or failed. A failure after the first
 * bytes were sent can only end the transfer: clients must treat a stream that does not end cleanly
 * as incomplete.
 *
 * <p>Thread-safe. Logs nothing about the records.
 */
final class RecordEndpoints {
  private final CdrStore store;
  private final AuditedRead reads;
  private final int maxWindowDays;

  RecordEndpoints(ApiContext api) {
    this.store = api.store();
    this.reads = api.reads();
    this.maxWindowDays = api.flow().maxWindowDays();
  }

  /** {@code GET /v1/customers/{customerId}/records}. */
  void customerRecords(Context ctx) throws IOException {
    records(ctx, c -> RequestScope.customer(c.pathParam("customerId"), c.queryParam("from"),
        c.queryParam("to"), maxWindowDays));
  }

  /** {@code GET /v1/numbers/{number}/records}: every record in which the number is a party. */
  void numberRecords(Context ctx) throws IOException {
    records(ctx, c -> RequestScope.number(c.pathParam("number"), c.queryParam("from"),
        c.queryParam("to"), maxWindowDays));
  }

  /** {@code GET /v1/destinations/{prefix}/records}: every record to a destination prefix. */
  void destinationRecords(Context ctx) throws IOException {
    records(ctx, c -> RequestScope.prefix(c.pathParam("prefix"), c.queryParam("from"),
        c.queryParam("to"), maxWindowDays));
  }

  private void records(Context ctx, Function<Context, RequestScope> scopeOf) throws IOException {
    reads.stream(ctx, Operations.RECORDS, scopeOf, (grant, tally) -> {
      CdrStore.RecordCursor cursor = store.records(grant);
      return StreamedAnswer.of(AuditedRead.NDJSON, out -> {
        // every customer is accounted for, in chunk entries as the read proceeds (bounded memory)
        try (JsonGenerator gen = reads.ndjson(out)) {
          while (cursor.hasNext()) {
            GrantedCdr r = cursor.next();
            if (!grant.admits(r)) {
              continue;
            }
            r.writeJson(gen);
            gen.writeRaw('\n');
            tally.record();
            tally.customer(r.customer());
          }
          tally.whole();
        }
      }, cursor::close);
    });
  }
}
