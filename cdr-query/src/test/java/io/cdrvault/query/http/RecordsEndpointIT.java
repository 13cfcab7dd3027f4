package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.OTHER_CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.PORTAL_TOKEN;
import static io.cdrvault.query.http.ApiFixture.recordsPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/customers/{id}/records}: NDJSON projected to the grant's fields, read and
 * decrypted from a real store.
 */
class RecordsEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private ApiFixture api;

  @BeforeEach
  void start() {
    api = ApiFixture.start(dir);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void billingRecords_streamOneProjectedRecordPerLine_inStartOrder() throws IOException {
    List<CustomerCdr> inWindow = List.of(
        SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, Instant.parse("2024-01-02T09:00:00Z"),
            Disposition.ANSWERED, 120),
        SampleCdrs.sms(CUSTOMER, Direction.TERMINATING, Instant.parse("2024-01-03T09:00:00Z"), 2),
        SampleCdrs.voice(CUSTOMER, Direction.TERMINATING, Instant.parse("2024-01-04T09:00:00Z"),
            Disposition.BUSY, 0));
    List<CustomerCdr> all = new ArrayList<>(inWindow);
    all.add(SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, Instant.parse("2024-03-01T00:00:00Z"),
        Disposition.ANSWERED, 10));
    all.add(SampleCdrs.voice(OTHER_CUSTOMER, Direction.ORIGINATING,
        Instant.parse("2024-01-02T10:00:00Z"), Disposition.ANSWERED, 10));
    api.store.put(all);

    HttpResponse<String> r = api.get(recordsPath(CUSTOMER, "2024-01-01", "2024-02-01"),
        BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
    assertThat(r.headers().firstValue("X-CPNI-Audit-Sequence"))
        .hasValue(Long.toString(api.audit().get(0).sequence()));
    assertThat(r.body()).endsWith("\n");
    List<String> lines = r.body().lines().toList();
    assertThat(lines).hasSize(3);
    Set<String> allowed = PolicyEngine.BILLING_FIELDS.stream().map(CdrField::jsonName)
        .collect(Collectors.toSet());
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      JsonNode rec = JSON.readTree(line);
      Set<String> names = new HashSet<>();
      rec.fieldNames().forEachRemaining(names::add);
      assertThat(allowed).containsAll(names);
      assertThat(names).doesNotContain("sourceIp", "userAgent", "trunk", "cause", "origin", "customer");
      ids.add(rec.get("recordId").asText());
    }
    assertThat(ids).containsExactlyElementsOf(inWindow.stream().map(c -> c.cdr().id().hex()).toList());
    assertThat(r.body()).doesNotContain("192.0.2.10").doesNotContain("FreeSWITCH-test");
    assertThat(api.store.openCursors()).isZero();
    assertThat(api.audit()).hasSize(1);
  }

  @Test
  void customerAccess_readsOwnRecords() {
    api.store.put(List.of(SampleCdrs.sms(CUSTOMER, Direction.ORIGINATING,
        Instant.parse("2024-01-03T09:00:00Z"), 1)));

    HttpResponse<String> r = api.get(recordsPath(CUSTOMER, "2024-01-01", "2024-02-01"),
        PORTAL_TOKEN, "CUSTOMER_ACCESS", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().lines().count()).isEqualTo(1);
  }

  @Test
  void manyRecords_allArrive() {
    List<CustomerCdr> many = new ArrayList<>();
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 5000; i++) {
      many.add(SampleCdrs.sms(CUSTOMER, Direction.ORIGINATING, t.plusSeconds(i * 60L), 1));
    }
    api.store.put(many);

    HttpResponse<String> r = api.get(recordsPath(CUSTOMER, "2024-01-01", "2024-02-01"),
        BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().lines().count()).isEqualTo(5000);
  }
}
