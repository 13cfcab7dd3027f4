package io.cdrvault.query.billing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.ReadTally;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.query.http.StreamedAnswer;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.Operations;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/billing/usage?from=&to=[&after=]}: a billing run over all customers (purpose
 * BILLING, operation {@code billing-run}), answered as NDJSON written while the store is read:
 * one line per customer with records in the window, in cursor order,
 * <pre>{"cursor":"&lt;32 hex&gt;","customerId":"...","usage":{usage JSON without auditSequence}}</pre>
 * and a last line {@code {"end":true,"customers":N,"records":M,"auditSequence":S}}. A response
 * without the end line is incomplete (the run failed or the connection broke); the client resumes
 * with {@code after=<cursor of the last line it kept>}. See docs/billing.md.
 *
 * <p>Every request goes through the {@link AuditedRead} runner (one decision entry); an allowed run
 * adds one completion entry with the number of records in the customer lines sent.
 *
 * <p>Thread-safe. Logs counts and audit sequence numbers only.
 */
public final class BillingRunEndpoint {
  private static final Logger log = LoggerFactory.getLogger(BillingRunEndpoint.class);
  /** Media type of the response. */
  public static final String NDJSON = AuditedRead.NDJSON;

  private final CdrStore store;
  private final AuditedRead reads;
  private final ObjectMapper json;
  private final int maxWindowDays;

  BillingRunEndpoint(ApiContext api) {
    this.store = api.store();
    this.reads = api.reads();
    this.json = api.json();
    this.maxWindowDays = api.flow().maxWindowDays();
  }

  /** The scope of a billing-run request: all customers over from/to, and a valid {@code after}. */
  static RequestScope scopeOf(Context c, int maxWindowDays) {
    RequestScope window = RequestScope.allCustomers(c.queryParam("from"), c.queryParam("to"),
        maxWindowDays);
    String after = c.queryParam("after");
    if (window.problem() == null && after != null && !BillingRun.validCursor(after)) {
      return RequestScope.invalid(window.scope(), "query parameter 'after' must be the cursor of "
          + "a customer line (32 lowercase hex digits)");
    }
    return window;
  }

  /** Handles one request. */
  void handle(Context ctx) throws IOException {
    reads.stream(ctx, Operations.BILLING_RUN, c -> scopeOf(c, maxWindowDays), (grant, tally) -> {
      BillingRun run = new BillingRun(store, grant, ctx.queryParam("after"), tally::customer);
      return StreamedAnswer.of(NDJSON, out -> write(run, grant.auditSequence(), tally, out));
    });
  }

  /**
   * Writes the customer lines and the end line. A failure is not thrown on: the status line is
   * sent, so the only signal left is the missing end line (the run is recorded as not complete).
   */
  private void write(BillingRun run, long auditSequence, ReadTally tally, OutputStream out) {
    boolean ok = false;
    try (JsonGenerator gen = reads.ndjson(out)) {
      run.streamTo((cursor, usage) -> {
        ObjectNode line = json.createObjectNode();
        line.put("cursor", cursor);
        line.put("customerId", usage.customer().value());
        UsageJson.write(line.putObject("usage"), usage);
        json.writeTree(gen, line);
        gen.writeRaw('\n');
      });
      ObjectNode end = json.createObjectNode();
      end.put("end", true);
      end.put("customers", run.customers());
      end.put("records", run.records());
      end.put("auditSequence", auditSequence);
      json.writeTree(gen, end);
      gen.writeRaw('\n');
      gen.flush();
      ok = true;
      tally.whole();
    } catch (IOException | RuntimeException e) {
      log.warn("billing run audit#{} stopped after {} customers ({})", auditSequence,
          run.customers(), e.getClass().getSimpleName());
    } finally {
      tally.records(run.records());
    }
    log.debug("billing run audit#{}: {} customers, {} records, complete={}", auditSequence,
        run.customers(), run.records(), ok);
  }
}
