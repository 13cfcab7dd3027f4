package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.ANALYST_TOKEN;
import static io.cdrvault.query.http.ApiFixture.MARKETING_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/aggregates/usage}: counts and sums by group; groups with fewer than k = 10
 * (config/policy.yaml) distinct customers are suppressed.
 */
class AggregateEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final PhoneNumber OWN = PhoneNumber.e164("5550100", "+15555550100");
  private static final PhoneNumber UK = PhoneNumber.e164("+44 20 7946 0999", "+442079460999");
  private static final PhoneNumber FRANCE = PhoneNumber.e164("0033142685300", "+33142685300");
  private static final PhoneNumber JAPAN = PhoneNumber.e164("+81 3 1234 5678", "+81312345678");
  private static final String PATH = "/v1/aggregates/usage?from=2024-02-01&to=2024-03-01";
  /** Monday 2024-02-05, 09:00 UTC. */
  private static final Instant MONDAY_9 = Instant.parse("2024-02-05T09:00:00Z");

  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
    List<CustomerCdr> records = new ArrayList<>();
    // (VOICE, +44): 10 customers, one 60 s call each -> shown (exactly k)
    for (int i = 0; i < 10; i++) {
      records.add(voice(customer("UK", i), UK, MONDAY_9.plusSeconds(60L * i), 60));
    }
    // (SMS, +33): 9 customers, two 1-segment messages each -> suppressed (k - 1)
    for (int i = 0; i < 9; i++) {
      records.add(sms(customer("FR", i), FRANCE, MONDAY_9.plusSeconds(3600), 1));
      records.add(sms(customer("FR", i), FRANCE, MONDAY_9.plusSeconds(7200), 1));
    }
    // (VOICE, +81): one customer, 12 calls -> suppressed: 12 records but 1 distinct customer
    for (int i = 0; i < 12; i++) {
      records.add(voice(customer("JP", 0), JAPAN, MONDAY_9.plusSeconds(600L * i), 30));
    }
    // outside the window: never counted
    records.add(voice(customer("UK", 0), UK, Instant.parse("2024-03-01T00:00:00Z"), 999));
    api.store.put(records);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static CustomerId customer(String group, int i) {
    return CustomerId.of("AGG-" + group + "-" + i);
  }

  private static CustomerCdr voice(CustomerId c, PhoneNumber called, Instant start, long billable) {
    Cdr cdr = Cdr.builder().origin("pbx1").originId("agg-call-" + SEQ.incrementAndGet())
        .type(ServiceType.VOICE).calling(OWN).called(called)
        .start(start).answer(start.plusSeconds(5)).end(start.plusSeconds(5 + billable))
        .durationSeconds(5 + billable).billableSeconds(billable)
        .disposition(Disposition.ANSWERED).cause("NORMAL_CLEARING").build();
    return new CustomerCdr(c, Direction.ORIGINATING, cdr);
  }

  private static CustomerCdr sms(CustomerId c, PhoneNumber called, Instant start, int segments) {
    Cdr cdr = Cdr.builder().origin("smsc1").originId("agg-sms-" + SEQ.incrementAndGet())
        .type(ServiceType.SMS).calling(OWN).called(called).start(start).end(start)
        .smsSegments(segments).deliveryStatus(DeliveryStatus.DELIVERED).build();
    return new CustomerCdr(c, Direction.ORIGINATING, cdr);
  }

  private HttpResponse<String> get(String query) {
    return api.get(PATH + query, ANALYST_TOKEN, "AGGREGATE", null);
  }

  @Test
  void groupsOfKCustomersAreShown_groupsOfFewerAreSuppressed() throws IOException {
    int before = api.ledgerEntries().size();
    HttpResponse<String> r = get("&groupBy=type,destinationCountry");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("k").asInt()).isEqualTo(10);
    assertThat(body.get("suppressedGroups").asLong()).isEqualTo(2);
    assertThat(body.get("groups")).hasSize(1);
    JsonNode g = body.at("/groups/0");
    assertThat(g.at("/key/type").asText()).isEqualTo("VOICE");
    assertThat(g.at("/key/destinationCountry").asText()).isEqualTo("+44");
    assertThat(g.get("customers").asLong()).isEqualTo(10);
    assertThat(g.get("records").asLong()).isEqualTo(10);
    assertThat(g.get("billableSeconds").asLong()).isEqualTo(600);
    assertThat(g.get("segments").asLong()).isEqualTo(0);
    assertThat(r.body()).doesNotContain("AGG-", "+33", "+81", "+442079460999");

    List<AuditEntry> entries = api.ledgerEntries().subList(before, api.ledgerEntries().size());
    assertThat(entries).extracting(e -> e.event().outcome())
        .containsExactly(Outcome.ALLOWED, Outcome.COMPLETED);
    assertThat(entries.get(0).event().operation()).isEqualTo("aggregate");
    assertThat(entries.get(1).event(Completion.class).resultCount()).isEqualTo(10L + 18 + 12);
    assertThat(entries.get(1).event(Completion.class).subjects()).hasSize(20);
  }

  @Test
  void theTenthCustomer_makesTheSmsGroupVisible() throws IOException {
    api.store.put(List.of(sms(customer("FR", 9), FRANCE, MONDAY_9.plusSeconds(3600), 4)));

    JsonNode body = JSON.readTree(get("&groupBy=type,destinationCountry").body());

    assertThat(body.get("suppressedGroups").asLong()).isEqualTo(1);
    assertThat(body.get("groups")).extracting(g -> g.at("/key/type").asText() + " "
        + g.at("/key/destinationCountry").asText() + " c=" + g.get("customers").asLong()
        + " r=" + g.get("records").asLong() + " s=" + g.get("segments").asLong())
        .containsExactly("SMS +33 c=10 r=19 s=22", "VOICE +44 c=10 r=10 s=0");
  }

  @Test
  void groupingByTime_usesUtcDayAndHour_countingDistinctCustomersPerGroup() throws IOException {
    JsonNode byTime = JSON.readTree(get("&groupBy=dayOfWeek,hourOfDay").body());
    // 09h: 10 UK customers + JP's calls at 09:00..09:50 (6)  -> 11 customers, 16 records
    // 10h: 9 FR customers' first SMS + JP's calls 10:00..10:50 (6) -> 10 customers, 15 records
    // 11h: 9 FR customers' second SMS -> 9 customers: suppressed
    assertThat(byTime.get("groups")).extracting(g -> g.at("/key/dayOfWeek").asText() + " "
        + g.at("/key/hourOfDay").asInt() + " c=" + g.get("customers").asLong()
        + " r=" + g.get("records").asLong())
        .containsExactly("MONDAY 9 c=11 r=16", "MONDAY 10 c=10 r=15");
    assertThat(byTime.at("/groups/0/key/hourOfDay").isInt()).isTrue();
    assertThat(byTime.get("suppressedGroups").asLong()).isEqualTo(1);
  }

  @Test
  void noGroupBy_isOneTotalOverAllCustomers() throws IOException {
    JsonNode total = JSON.readTree(get("").body());
    assertThat(total.get("groups")).hasSize(1);
    assertThat(total.at("/groups/0/customers").asLong()).isEqualTo(20);
    assertThat(total.at("/groups/0/records").asLong()).isEqualTo(40);
    assertThat(total.at("/groups/0/billableSeconds").asLong()).isEqualTo(600 + 12 * 30);
    assertThat(total.at("/groups/0/segments").asLong()).isEqualTo(18);
  }

  @Test
  void badGroupBy_is400_andOtherPurposesAreRefused() throws IOException {
    int before = api.ledgerEntries().size();
    assertThat(get("&groupBy=calledNumber").statusCode()).isEqualTo(400);
    assertThat(get("&groupBy=type,type").statusCode()).isEqualTo(400);
    HttpResponse<String> marketing = api.get(PATH, MARKETING_TOKEN, "MARKETING", null);
    assertThat(marketing.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(marketing.body()).get("rule").asText())
        .isEqualTo("operation-not-allowed-for-purpose");
    assertThat(api.ledgerEntries().subList(before, api.ledgerEntries().size())).hasSize(3)
        .allSatisfy(e -> assertThat(e.event().outcome()).isEqualTo(Outcome.DENIED));
  }
}
