package io.cdrvault.query.marketing;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.query.http.StreamedAnswer;
import io.cdrvault.store.access.Operations;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/marketing/usage?from&to[&customerId]} (purpose MARKETING, operation
 * {@code marketing-usage}): per consenting customer one NDJSON line
 * {@code {"customerId","voice":{"calls","billableSeconds"},"sms":{"messages","segments"}}}, then
 * {@code {"end":true,"customers":N}}. Customers whose approval does not allow marketing at read
 * time never appear; a request for one such customer is refused by the policy engine
 * ({@code no-marketing-approval}). The completion entry counts the records summarised and lists
 * the customers returned ({@link AuditedRead} runner, after the stream ended or failed).
 *
 * <p>Thread-safe.
 */
final class MarketingEndpoints {
  private final MarketingUsageReader reader;
  private final AuditedRead reads;
  private final int maxWindowDays;

  MarketingEndpoints(ApiContext api) {
    this.reader = new MarketingUsageReader(api.store());
    this.reads = api.reads();
    this.maxWindowDays = api.flow().maxWindowDays();
  }

  /** {@code GET /v1/marketing/usage}. */
  void usage(Context ctx) throws IOException {
    reads.stream(ctx, Operations.MARKETING_USAGE, c -> {
      String customer = c.queryParam("customerId");
      return customer == null
          ? RequestScope.allCustomers(c.queryParam("from"), c.queryParam("to"), maxWindowDays)
          : RequestScope.customer(customer, c.queryParam("from"), c.queryParam("to"),
              maxWindowDays);
    }, (grant, tally) -> StreamedAnswer.of(AuditedRead.NDJSON, out -> {
      try (JsonGenerator gen = reads.ndjson(out)) {
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
          tally.addRecords(u.records());
          tally.customer(u.customer());
        });
        gen.writeStartObject();
        gen.writeBooleanField("end", true);
        gen.writeNumberField("customers", summary.customers());
        gen.writeEndObject();
        gen.writeRaw('\n');
        tally.whole();
      }
    }));
  }
}
