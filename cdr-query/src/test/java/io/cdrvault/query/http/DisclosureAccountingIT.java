package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.CARE_UNBOUND_TOKEN;
import static io.cdrvault.query.http.ApiFixture.FRAUD_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.audit.DisclosureReport;
import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.rocks.ReadOnlyAudit;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FRAUD destination-prefix read that returns records of more customers than any fixed cap
 * (10,500; the completion entry used to keep the first 10,000) through the real endpoint, store
 * and crypto: every customer is accounted for in the ledger, in their own access-log and in the
 * disclosure report, and the ledger still verifies.
 */
class DisclosureAccountingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CUSTOMERS = 10_500;
  private static final String WINDOW = "?from=2024-01-01T00:00:00Z&to=2024-01-31T00:00:00Z";

  @TempDir Path dir;

  private static CustomerId customer(int i) {
    return CustomerId.of(String.format("C-%05d", i));
  }

  @Test
  void prefixRead_overMoreCustomersThanAnyCap_accountsForEveryOne() throws Exception {
    Path dataDir;
    List<String> tags = new ArrayList<>();
    long decision;
    // FRAUD reads are listed in the customer's own view at once here (the default hides them for
    // 180 days, query.accessLog.fraudReadsHiddenDays), so that view can show the read
    try (ApiFixture api = ApiFixture.start(dir,
        ApiSettings.of("127.0.0.1", 0).withFraudReadsHiddenFor(Duration.ZERO))) {
      dataDir = api.store.dataDir();
      CustomerTagger tagger = api.store.customerTagger();
      for (int i = 0; i < CUSTOMERS; i++) {
        tags.add(tagger.tagHex(customer(i)));
      }
      Instant t = Instant.parse("2024-01-05T08:00:00Z");
      List<CustomerCdr> batch = new ArrayList<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        // one call each, in time order: a read meets customer i after customer i-1
        batch.add(SampleCdrs.voice(customer(i), Direction.ORIGINATING, t.plusSeconds(i),
            Disposition.ANSWERED, 30));
        if (batch.size() == 2_000) {
          api.store.put(batch);
          batch.clear();
        }
      }
      api.store.put(batch);

      HttpResponse<String> r = api.get("/v1/destinations/%2B44/records" + WINDOW, FRAUD_TOKEN,
          "FRAUD", "F-14481");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().lines().filter(l -> !l.isBlank()).count()).isEqualTo(CUSTOMERS);
      decision = api.audit().get(0).sequence();
      List<AuditEntry> completions = api.completions().stream()
          .filter(e -> e.event(Completion.class).decisionSequence() == decision).toList();
      // ten chunks of 1,000 written while streaming, then the last 500 with the count
      assertThat(completions).hasSize(11);
      assertThat(completions).allSatisfy(e -> assertThat(e.event(Completion.class).subjects())
          .hasSizeLessThanOrEqualTo(PolicyEngine.SUBJECTS_PER_ENTRY));
      assertThat(completions.subList(0, 10)).allSatisfy(e -> {
        assertThat(e.event().rule()).isEqualTo(Rules.IN_PROGRESS);
        assertThat(e.event(Completion.class).resultCount()).isNull();
      });
      AuditEntry last = completions.get(10);
      assertThat(last.event().rule()).isEqualTo(Rules.COMPLETE);
      assertThat(last.event(Completion.class).resultCount()).isEqualTo((long) CUSTOMERS);
      Set<String> listed = new HashSet<>();
      completions.forEach(e -> listed.addAll(e.event(Completion.class).subjects()));
      assertThat(listed).isEqualTo(new HashSet<>(tags));

      // the last customer read (beyond the old cap) sees the read in their own access-log
      CustomerId lastOne = customer(CUSTOMERS - 1);
      String assertion = ApiFixture.ASSERTIONS.issue(lastOne, "care-unbound", ApiFixture.CLOCK.instant(),
          Duration.ofMinutes(5));
      HttpResponse<String> log = api.get("/v1/customers/" + lastOne.value()
              + "/access-log?from=2024-02-15T00:00:00Z&to=2024-03-02T00:00:00Z",
          CARE_UNBOUND_TOKEN, "CUSTOMER_ACCESS", null,
          Map.of("X-CPNI-Customer-Assertion", assertion));
      assertThat(log.statusCode()).isEqualTo(200);
      JsonNode accesses = JSON.readTree(log.body()).get("accesses");
      assertThat(accesses).anySatisfy(a -> {
        assertThat(a.get("purpose").asText()).isEqualTo("FRAUD");
        assertThat(a.get("accessedBy").asText()).isEqualTo("fraud-analyst");
        assertThat(a.get("records").asLong()).isEqualTo(CUSTOMERS);
      });
    }
    // the compliance officer's report (read-only, from the disclosure index) names the read for
    // every one of them, and the ledger verifies
    try (ReadOnlyAudit audit = ReadOnlyAudit.open(dataDir)) {
      VerificationResult v = audit.verify();
      assertThat(v.ok()).as(v.problem()).isTrue();
      for (int i = 0; i < CUSTOMERS; i++) {
        List<DisclosureReport.Disclosure> report = DisclosureReport.of(audit.ledger(),
            tags.get(i), c -> false, true);
        final int n = i;
        assertThat(report).as("customer %d", n)
            .anySatisfy(d -> assertThat(d.decisionSequence()).isEqualTo(decision));
      }
    }
  }
}
