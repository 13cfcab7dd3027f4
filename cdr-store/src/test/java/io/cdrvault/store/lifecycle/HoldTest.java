package io.cdrvault.store.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.legal.LegalTarget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldTest {
  private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-02-01T00:00:00Z");

  @Test
  void newHold_needsAPrintableReference() {
    assertThatCode(() -> Hold.checkNew(FROM, TO, "2703(f) 24-7")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Hold.checkNew(FROM, TO, "PRES\u001b[2J-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a hold's reference has a control or other unprintable character at index 4 "
            + "(printable text only)");
    assertThatThrownBy(() -> Hold.checkNew(FROM, TO, "PRES-1\nLH-0000000000000000 RELEASED"))
        .hasMessageContaining("index 6");
  }

  @Test
  void newHold_needsAWindowInTheStoresYears() {
    assertThatCode(() -> Hold.checkNew(Instant.EPOCH, Instant.parse("+10000-01-01T00:00:00Z"), "r"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Hold.checkNew(Instant.parse("1969-12-31T23:59:59Z"), TO, "r"))
        .hasMessageContaining("1970..9999");
    assertThatThrownBy(() -> Hold.checkNew(FROM, Instant.parse("+10000-01-01T00:00:00.001Z"), "r"))
        .hasMessageContaining("1970..9999");
  }

  @Test
  void storedHold_withAReferenceFromBeforeTheRule_stillLoads() {
    Hold h = new Hold("LH-00112233aabbccdd", List.of(LegalTarget.number("+12025550123")), FROM, TO,
        "old\u001bref", "legal-a", FROM, TO, Hold.State.ACTIVE, null, null);
    assertThat(h.reference()).isEqualTo("old\u001bref");
  }
}
