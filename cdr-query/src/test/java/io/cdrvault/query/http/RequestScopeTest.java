package io.cdrvault.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestScopeTest {
  @ParameterizedTest(name = "{0} .. {1} -> {2}")
  @CsvSource({
      "1969-12-01, 1970-02-01, from",
      "1969-12-31T23:59:59.999Z, 2024-01-01, from",
      "0001-01-01, 0001-02-01, from",
      "-0001-01-01, 0001-02-01, from",
      "9999-12-01, +10000-02-01T00:00:00Z, to",
      "9999-12-31T23:00:00-18:00, +10000-01-02T00:00:00Z, from",
      "+10000-01-01T00:00:00Z, +10000-01-02T00:00:00Z, from",
      "+999999999-01-01, +999999999-02-01, from"})
  void windowOutsideTheStoresYears_isAProblemNamingTheParameter(String from, String to, String which) {
    RequestScope r = RequestScope.allCustomers(from, to, 400);

    assertThat(r.problem()).isEqualTo("query parameter '" + which + "' must lie within the years the "
        + "store holds, 1970..9999 (1970-01-01T00:00:00Z to +10000-01-01T00:00:00Z)");
    assertThat(r.scope()).isNull();
  }

  @ParameterizedTest(name = "{0} .. {1}")
  @CsvSource({
      "1970-01-01, 1970-02-01",
      "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.001Z",
      "9999-12-01, +10000-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999Z, +10000-01-01T00:00:00Z"})
  void windowAtTheEdgesOfTheStoresYears_isValid(String from, String to) {
    RequestScope r = RequestScope.allCustomers(from, to, 400);

    assertThat(r.problem()).isNull();
    assertThat(r.scope()).isNotNull();
  }
}
