package io.cdrvault.query.billing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.DisclosedCustomers;
import io.cdrvault.store.access.Operations;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Every request goes through the {@link AccessFlow} (one decision entry); an allowed run adds
 * one completion entry with the number of records in the customer lines sent.
 *
 * <p>Thread-safe. Logs counts and audit sequence numbers only.
 */
public final class BillingRunEndpoint {
  private static final Logger log = LoggerFactory.getLogger(BillingRunEndpoint.class);
  /** Media type of the response. */
  public static final String NDJSON = "application/x-ndjson";

  private final CdrStore store;
  private final AccessFlow flow;
  private final ObjectMapper json;

  public BillingRunEndpoint(CdrStore store, AccessFlow flow, ObjectMapper json) {
    this.store = Objects.requireNonNull(store, "store");
    this.flow = Objects.requireNonNull(flow, "flow");
    this.json = Objects.requireNonNull(json, "json");
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
  public void handle(Context ctx) throws IOException {
    Optional<AccessGrant> granted = flow.authorize(ctx, Operations.BILLING_RUN,
        c -> scopeOf(c, flow.maxWindowDays()));
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    BillingRun run;
    DisclosedCustomers customers = flow.policy().disclosedCustomers(grant);
    try {
      run = new BillingRun(store, grant, ctx.queryParam("after"), customers::add);
    } catch (RuntimeException e) {
      flow.complete(grant, 0, java.util.List.of(), false);
      throw e;
    }
    ctx.status(200).header("Cache-Control", "no-store").contentType(NDJSON);
    boolean ok = false;
    try (JsonGenerator gen = json.getFactory().createGenerator(ctx.outputStream())) {
      gen.setRootValueSeparator(null);
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
      end.put("auditSequence", grant.auditSequence());
      json.writeTree(gen, end);
      gen.writeRaw('\n');
      gen.flush();
      ok = true;
    } catch (IOException | RuntimeException e) {
      // the status line is sent: the only signal left is the missing end line
      log.warn("billing run audit#{} stopped after {} customers ({})", grant.auditSequence(),
          run.customers(), e.getClass().getSimpleName());
    } finally {
      flow.complete(grant, run.records(), customers.pending(), ok);
    }
    log.debug("billing run audit#{}: {} customers, {} records, complete={}", grant.auditSequence(),
        run.customers(), run.records(), ok);
  }
}
