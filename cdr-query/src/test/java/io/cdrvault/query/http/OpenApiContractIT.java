package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.recordsPath;
import static io.cdrvault.query.http.ApiFixture.usagePath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdrvault.store.access.Purpose;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document describes exactly the routes the running server has, and their statuses. */
class OpenApiContractIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
      "options", "trace");

  @TempDir static Path dir;
  private static ApiFixture api;
  private static JsonNode doc;

  @BeforeAll
  static void start() throws IOException {
    api = ApiFixture.start(dir);
    try (InputStream in = OpenApiContractIT.class.getResourceAsStream("/openapi.yaml")) {
      doc = YAML.readTree(in);
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Set<String> documentedRoutes() {
    Set<String> routes = new TreeSet<>();
    for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
      p.getValue().fieldNames().forEachRemaining(m -> {
        if (METHODS.contains(m)) {
          routes.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
        }
      });
    }
    return routes;
  }

  private static Set<Integer> documentedStatuses(String method, String path) {
    JsonNode responses = doc.get("paths").get(path).get(method.toLowerCase(Locale.ROOT)).get("responses");
    Set<Integer> codes = new HashSet<>();
    responses.fieldNames().forEachRemaining(c -> codes.add(Integer.parseInt(c)));
    return codes;
  }

  @Test
  void document_isOpenApi3() {
    assertThat(doc.get("openapi").asText()).startsWith("3.0");
    assertThat(doc.at("/info/title").asText()).isNotBlank();
  }

  @Test
  void documentedRoutes_equalTheRunningServersRoutes() {
    assertThat(documentedRoutes()).containsExactlyInAnyOrderElementsOf(api.server.registeredRoutes());
    assertThat(api.server.registeredRoutes()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(ApiRoute.values()).map(ApiRoute::key).toList());
  }

  @Test
  void everyRoute_documentsEveryStatusItCanReturn() {
    for (ApiRoute route : ApiRoute.values()) {
      assertThat(documentedStatuses(route.method(), route.path())).as(route.key())
          .containsAll(route.statuses());
    }
  }

  @Test
  void statusesActuallyReturned_areDeclaredAndDocumented() {
    for (ApiRoute route : new ApiRoute[] {ApiRoute.USAGE, ApiRoute.RECORDS}) {
      String ok = route == ApiRoute.USAGE ? usagePath(CUSTOMER, "2024-01-01", "2024-02-01")
          : recordsPath(CUSTOMER, "2024-01-01", "2024-02-01");
      String bad = route == ApiRoute.USAGE ? usagePath(CUSTOMER, "2024-02-01", "2024-01-01")
          : recordsPath(CUSTOMER, "2024-02-01", "2024-01-01");
      Set<Integer> seen = new TreeSet<>();
      seen.add(api.get(ok, BILLING_TOKEN, "BILLING", null).statusCode());
      seen.add(api.get(bad, BILLING_TOKEN, "BILLING", null).statusCode());
      seen.add(api.get(ok, null, "BILLING", null).statusCode());
      seen.add(api.get(ok, BILLING_TOKEN, "FRAUD", null).statusCode());
      api.ledger.failAppends(true);
      try {
        seen.add(api.get(ok, BILLING_TOKEN, "BILLING", null).statusCode());
      } finally {
        api.ledger.failAppends(false);
      }
      assertThat(seen).as(route.key()).containsExactly(200, 400, 401, 403, 503);
      assertThat(route.statuses()).as(route.key()).containsAll(seen);
      assertThat(documentedStatuses(route.method(), route.path())).as(route.key()).containsAll(seen);
    }
    for (ApiRoute route : new ApiRoute[] {ApiRoute.METRICS, ApiRoute.HEALTH, ApiRoute.OPENAPI}) {
      int status = api.get(route.path(), null, null, null).statusCode();
      assertThat(documentedStatuses(route.method(), route.path())).as(route.key()).contains(status);
    }
  }

  @Test
  void purposeHeader_documentsExactlyThePurposes() {
    JsonNode purpose = doc.at("/components/parameters/Purpose");
    assertThat(purpose.get("name").asText()).isEqualTo("X-CPNI-Purpose");
    assertThat(purpose.get("in").asText()).isEqualTo("header");
    Set<String> documented = new HashSet<>();
    purpose.at("/schema/enum").forEach(n -> documented.add(n.asText()));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(Purpose.values()).map(Enum::name).toList());
  }

  @Test
  void cpniRoutes_documentAuthPurposeCaseAndWindowParameters() {
    for (ApiRoute route : new ApiRoute[] {ApiRoute.USAGE, ApiRoute.RECORDS}) {
      JsonNode op = doc.get("paths").get(route.path()).get("get");
      Set<String> refs = new HashSet<>();
      op.get("parameters").forEach(p -> refs.add(p.get("$ref").asText()));
      assertThat(refs).as(route.key()).containsExactlyInAnyOrder(
          "#/components/parameters/CustomerId", "#/components/parameters/From",
          "#/components/parameters/To", "#/components/parameters/Purpose",
          "#/components/parameters/Case", "#/components/parameters/CustomerAssertion");
      assertThat(op.at("/security/0").has("bearerAuth")).as(route.key()).isTrue();
    }
  }

  @Test
  void servedDocument_isTheBundledOne() throws IOException {
    HttpResponse<String> r = api.get("/openapi.yaml", null, null, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(YAML.readTree(r.body())).isEqualTo(doc);
  }
}
