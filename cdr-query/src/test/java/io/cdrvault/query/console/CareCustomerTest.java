package io.cdrvault.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.store.model.CustomerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The customer in front of a care agent: kept until the assertion's exp, never printed. */
class CareCustomerTest {
  private static final CustomerAssertions KEYS = CustomerAssertions.withKey(
      "care-customer-test-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  private static final Instant NOW = Instant.parse("2026-12-04T17:00:00Z");

  @Test
  void isKeptUntilTheAssertionExpires() {
    String a = KEYS.issue(CustomerId.of("cust-00042"), "care-agent", NOW.minusSeconds(60),
        Duration.ofMinutes(5));
    CareCustomer c = CareCustomer.entered("cust-00042", a, NOW);
    assertThat(c.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
    assertThat(c.expired(NOW.plus(Duration.ofMinutes(4)).minusMillis(1))).isFalse();
    assertThat(c.expired(NOW.plus(Duration.ofMinutes(4)))).isTrue();
  }

  @Test
  void anAssertionWithoutReadableExp_isKeptAtMost15Minutes() {
    CareCustomer c = CareCustomer.entered("cust-00042", "not-a-jws", NOW);
    assertThat(c.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
  }

  @Test
  void printsNeitherTheCustomerNorTheAssertion() {
    String a = KEYS.issue(CustomerId.of("cust-00042"), "care-agent", NOW, Duration.ofMinutes(5));
    String printed = CareCustomer.entered("cust-00042", a, NOW).toString();
    assertThat(printed).doesNotContain("cust-00042").doesNotContain(a.substring(0, 20));
  }

  @Test
  void dotSegmentsAndForeignCharacters_areNoCustomerIds() {
    assertThat(CareCustomer.validId("cust-00042")).isTrue();
    assertThat(CareCustomer.validId("..")).isFalse();
    assertThat(CareCustomer.validId(".")).isFalse();
    assertThat(CareCustomer.validId("a/b")).isFalse();
    assertThat(CareCustomer.validId("a?b")).isFalse();
    assertThat(CareCustomer.validId("")).isFalse();
    assertThatThrownBy(() -> CareCustomer.entered("a/b", "x", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
