package io.cdrvault.query.marketing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.DisclosedCustomers;
import io.cdrvault.store.access.Operations;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /v1/marketing/usage?from&to[&customerId]} (purpose MARKETING, operation
 * {@code marketing-usage}): per consenting customer one NDJSON line
 * {@code {"customerId","voice":{"calls","billableSeconds"},"sms":{"messages","segments"}}}, then
 * {@code {"end":true,"customers":N}}. Customers whose approval does not allow marketing at read
 * time never appear; a request for one such customer is refused by the policy engine
 * ({@code no-marketing-approval}). The completion entry counts the records summarised and lists
 * the customers returned.
 *
 * <p>Thread-safe.
 */
public final class MarketingEndpoints {
  static final String NDJSON = "application/x-ndjson";

  private final MarketingUsageReader reader;
  private final AccessFlow flow;
  private final ObjectMapper json;

  public MarketingEndpoints(CdrStore store, AccessFlow flow, ObjectMapper json) {
    this.reader = new MarketingUsageReader(store);
    this.flow = Objects.requireNonNull(flow, "flow");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** {@code GET /v1/marketing/usage}. */
  public void usage(Context ctx) throws IOException {
    Optional<AccessGrant> granted = flow.authorize(ctx, Operations.MARKETING_USAGE, c -> {
      String customer = c.queryParam("customerId");
      return customer == null
          ? RequestScope.allCustomers(c.queryParam("from"), c.queryParam("to"), flow.maxWindowDays())
          : RequestScope.customer(customer, c.queryParam("from"), c.queryParam("to"),
              flow.maxWindowDays());
    });
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    ctx.status(200).header("Cache-Control", "no-store").contentType(NDJSON);
    DisclosedCustomers customers = flow.policy().disclosedCustomers(grant);
    long[] records = new long[1];
    boolean ok = false;
    try (JsonGenerator gen = json.getFactory().createGenerator(ctx.outputStream())) {
      gen.setRootValueSeparator(null);
      MarketingUsageReader.Summary summary = reader.read(grant, u -> {
        try {
          gen.writeStartObject();
          gen.writeStringField("customerId", u.customer().value());
          gen.writeObjectFieldStart("voice");
          gen.writeNumberField("calls", u.voiceCalls());
          gen.writeNumberField("billableSeconds", u.billableSeconds());
          gen.writeEndObject();
          gen.writeObjectFieldStart("sms");
          gen.writeNumberField("messages", u.smsMessages());
          gen.writeNumberField("segments", u.smsSegments());
          gen.writeEndObject();
          gen.writeEndObject();
          gen.writeRaw('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        records[0] += u.records();
        customers.add(u.customer());
      });
      gen.writeStartObject();
      gen.writeBooleanField("end", true);
      gen.writeNumberField("customers", summary.customers());
      gen.writeEndObject();
      gen.writeRaw('\n');
      ok = true;
    } finally {
      flow.complete(grant, records[0], customers.pending(), ok);
    }
  }
}
