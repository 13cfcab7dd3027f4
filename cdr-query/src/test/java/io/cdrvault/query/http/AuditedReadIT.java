package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.usagePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.billing.BillingRoutes;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link AuditedRead} runner on its own, through routes a test contributes in place of the
 * billing feature ({@link RouteContributor}): what a read answers and what its completion entry
 * records when it succeeds, is refused after the decision, or fails — JSON and streamed — and
 * that the server takes every route from exactly one contributor.
 */
class AuditedReadIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WINDOW = "from=2024-01-01&to=2024-02-01";
  private static final String RUN = "/v1/billing/usage?" + WINDOW;

  @TempDir Path dir;
  private ApiFixture api;
  /** Completion entries already in the ledger when a streamed answer was closed. */
  private final AtomicInteger completionsAtClose = new AtomicInteger(-1);

  /** USAGE and BILLING_RUN behave as the query parameter {@code mode} says. */
  private final RouteContributor probe = server -> Map.of(
      ApiRoute.USAGE, ctx -> server.reads().json(ctx, Operations.USAGE,
          c -> RequestScope.customer(c.pathParam("customerId"), c.queryParam("from"),
              c.queryParam("to"), 31),
          (grant, tally) -> switch (String.valueOf(ctx.queryParam("mode"))) {
            case "fail" -> throw new IllegalStateException("the read failed");
            case "refuse" -> JsonAnswer.refused(409, "conflict", "refused after the decision");
            default -> {
              tally.records(3);
              yield JsonAnswer.ok(200, server.json().createObjectNode().put("answer", 42));
            }
          }),
      ApiRoute.BILLING_RUN, ctx -> server.reads().stream(ctx, Operations.BILLING_RUN,
          c -> RequestScope.allCustomers(c.queryParam("from"), c.queryParam("to"), 31),
          (grant, tally) -> StreamedAnswer.of(AuditedRead.NDJSON, out -> {
            out.write("{\"line\":1}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            tally.record();
            if ("fail".equals(ctx.queryParam("mode"))) {
              throw new UncheckedIOException(new IOException("the stream broke"));
            }
            tally.whole();
          }, () -> completionsAtClose.set(api.completions().size()))));

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private void start(List<RouteContributor> features) {
    api = ApiFixture.start(dir, ApiSettings.of("127.0.0.1", 0), features);
  }

  private void startWithProbe() {
    List<RouteContributor> features = new ArrayList<>();
    QueryApi.routes(Optional.empty()).stream().filter(f -> !(f instanceof BillingRoutes))
        .forEach(features::add);
    features.add(probe);
    start(features);
  }

  private AuditEntry onlyDecision() {
    assertThat(api.audit()).hasSize(1);
    return api.audit().get(0);
  }

  private AuditEntry onlyCompletion() {
    assertThat(api.completions()).hasSize(1);
    return api.completions().get(0);
  }

  @Test
  void jsonRead_answersWithTheAuditSequence_afterRecordingItsCompletion() throws IOException {
    startWithProbe();

    HttpResponse<String> r = api.get(usagePath(CUSTOMER, "2024-01-01", "2024-02-01"),
        BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
    long decision = onlyDecision().sequence();
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("X-CPNI-Audit-Sequence")).hasValue(Long.toString(decision));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("answer").asInt()).isEqualTo(42);
    assertThat(body.get("auditSequence").asLong()).isEqualTo(decision);
    AuditEntry c = onlyCompletion();
    assertThat(c.event(AuditEvent.Completion.class).decisionSequence()).isEqualTo(decision);
    assertThat(c.event().rule()).isEqualTo(Rules.COMPLETE);
    assertThat(c.event(AuditEvent.Completion.class).resultCount()).isEqualTo(3L);
  }

  @Test
  void jsonRead_refusedAfterTheDecision_isAnErrorWithTheAuditSequence_andNotComplete()
      throws IOException {
    startWithProbe();

    HttpResponse<String> r = api.get(usagePath(CUSTOMER, "2024-01-01", "2024-02-01")
        + "&mode=refuse", BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(409);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("conflict");
    assertThat(body.get("reason").asText()).isEqualTo("refused after the decision");
    assertThat(body.get("auditSequence").asLong()).isEqualTo(onlyDecision().sequence());
    assertThat(onlyCompletion().event().rule()).isEqualTo(Rules.ABORTED);
    assertThat(onlyCompletion().event(AuditEvent.Completion.class).resultCount()).isZero();
  }

  @Test
  void jsonRead_thatThrows_is500_andRecordedAsNotComplete() throws IOException {
    startWithProbe();

    HttpResponse<String> r = api.get(usagePath(CUSTOMER, "2024-01-01", "2024-02-01")
        + "&mode=fail", BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).doesNotContain("the read failed");
    assertThat(onlyCompletion().event(AuditEvent.Completion.class).decisionSequence())
        .isEqualTo(onlyDecision().sequence());
    assertThat(onlyCompletion().event().rule()).isEqualTo(Rules.ABORTED);
  }

  @Test
  void streamedRead_isCompletedAfterItWasClosed() {
    startWithProbe();

    HttpResponse<String> r = api.get(RUN, BILLING_TOKEN, "BILLING", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith(AuditedRead.NDJSON));
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.body()).isEqualTo("{\"line\":1}\n");
    assertThat(completionsAtClose.get()).as("released before the completion entry").isZero();
    assertThat(onlyCompletion().event().rule()).isEqualTo(Rules.COMPLETE);
    assertThat(onlyCompletion().event(AuditEvent.Completion.class).resultCount()).isEqualTo(1L);
  }

  @Test
  void streamedRead_thatBreaksAfterTheFirstLine_isRecordedAsNotComplete_withWhatWasSent() {
    startWithProbe();

    try {
      api.get(RUN + "&mode=fail", BILLING_TOKEN, "BILLING", null);
    } catch (UncheckedIOException e) {
      // the client may see the broken transfer; the ledger is what this test checks
    }

    assertThat(completionsAtClose.get()).as("released before the completion entry").isZero();
    assertThat(onlyCompletion().event(AuditEvent.Completion.class).decisionSequence())
        .isEqualTo(onlyDecision().sequence());
    assertThat(onlyCompletion().event().rule()).isEqualTo(Rules.ABORTED);
    assertThat(onlyCompletion().event(AuditEvent.Completion.class).resultCount()).isEqualTo(1L);
  }

  @Test
  void theServer_refusesToStart_whenARouteHasNoContributor() {
    List<RouteContributor> withoutBilling = QueryApi.routes(Optional.empty()).stream()
        .filter(f -> !(f instanceof BillingRoutes)).toList();

    assertThatThrownBy(() -> start(withoutBilling))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no feature contributes route GET /v1/customers/{customerId}/usage");
  }

  @Test
  void theServer_refusesToStart_whenARouteIsContributedTwice() {
    List<RouteContributor> twice = new ArrayList<>(QueryApi.routes(Optional.empty()));
    twice.add(probe);

    assertThatThrownBy(() -> start(twice))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is contributed twice");
  }

  @Test
  void theServer_refusesAFeatureThatServesItsOwnRoutes() {
    List<RouteContributor> features = new ArrayList<>(QueryApi.routes(Optional.empty()));
    features.add(server -> Map.of(ApiRoute.HEALTH, ctx -> ctx.result("up")));

    assertThatThrownBy(() -> start(features))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET /health is served by the server");
  }
}
