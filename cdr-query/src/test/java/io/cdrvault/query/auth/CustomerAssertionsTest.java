package io.cdrvault.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.cdrvault.store.model.CustomerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class CustomerAssertionsTest {
  private static final CustomerAssertions A = CustomerAssertions.withKey(
      "unit-test-assertion-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  private static final CustomerId C = CustomerId.of("C-1001");
  private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

  private static JWTClaimsSet.Builder claims(Instant iat, Instant exp) {
    return new JWTClaimsSet.Builder().subject(C.value()).audience(CustomerAssertions.AUDIENCE)
        .claim("azp", "care-agent").issueTime(Date.from(iat)).expirationTime(Date.from(exp));
  }

  @Test
  void issued_toAPrincipal_verifiesForThatPrincipalOnly() throws Exception {
    String a = A.issue(C, "care-agent", NOW, Duration.ofMinutes(5));

    assertThat(A.verify(a, NOW, "care-agent")).isEqualTo(C);
    assertThatThrownBy(() -> A.verify(a, NOW, "other-agent"))
        .isInstanceOf(CustomerAssertions.InvalidAssertionException.class)
        .hasMessageContaining("another principal");
  }

  @Test
  void withoutAzp_isRefused() {
    JWTClaimsSet c = new JWTClaimsSet.Builder().subject(C.value()).audience("cdrvault")
        .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60))).build();
    assertThatThrownBy(() -> A.verify(A.sign(c), NOW, "care-agent"))
        .hasMessageContaining("another principal");
  }

  @Test
  void notBefore_inTheFuture_isRefused_inThePast_accepted() throws Exception {
    String future = A.sign(claims(NOW, NOW.plusSeconds(600)).notBeforeTime(Date.from(NOW.plusSeconds(120))).build());
    String past = A.sign(claims(NOW, NOW.plusSeconds(600)).notBeforeTime(Date.from(NOW.minusSeconds(1))).build());

    assertThatThrownBy(() -> A.verify(future, NOW, "care-agent")).hasMessageContaining("nbf");
    assertThat(A.verify(past, NOW, "care-agent")).isEqualTo(C);
  }

  @Test
  void expiringAtOrBeforeIssue_isRefused() {
    String same = A.sign(claims(NOW, NOW).build());
    String before = A.sign(claims(NOW, NOW.minusSeconds(5)).build());

    assertThatThrownBy(() -> A.verify(same, NOW, "care-agent")).hasMessageContaining("before it was issued");
    assertThatThrownBy(() -> A.verify(before, NOW, "care-agent")).hasMessageContaining("before it was issued");
  }
}
