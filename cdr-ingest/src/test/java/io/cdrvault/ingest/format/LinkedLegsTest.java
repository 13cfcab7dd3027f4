package io.cdrvault.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkedLegsTest {
  private static Cdr leg(String origin, String uuid) {
    Instant t = Instant.parse("2026-03-01T14:05:10Z");
    return Cdr.builder().origin(origin).originId(uuid).type(ServiceType.VOICE)
        .calling(PhoneNumber.e164("2025550143", "+12025550143")).called(PhoneNumber.e164("2025550177", "+12025550177"))
        .start(t).answer(t.plusSeconds(5)).end(t.plusSeconds(65)).durationSeconds(65).billableSeconds(60)
        .disposition(Disposition.ANSWERED).build();
  }

  private static DecodeResult a(String uuid, String bleg) {
    return DecodeResult.ok(List.of(leg("fs", uuid)), 0, List.of(bleg));
  }

  private static DecodeResult plain(String origin, String uuid) {
    return DecodeResult.ok(List.of(leg(origin, uuid)), 0);
  }

  @Test
  void bLegBeforeItsALeg_inOneWindow_isSkipped_andTheALegKept() {
    DecodeResult[] w = {plain("fs", "b-1"), a("a-1", "b-1"), plain("fs", "c-1")};
    assertThat(new LinkedLegs(10).apply(w)).containsExactly(0);
    assertThat(w[0].skipped()).isEqualTo(SkipKind.DUPLICATE_LEG);
    assertThat(w[0].records()).isEmpty();
    assertThat(w[0].detail()).isEqualTo(LinkedLegs.DETAIL);
    assertThat(w[1].records()).hasSize(1);
    assertThat(w[2].records()).hasSize(1);
  }

  @Test
  void bLegAfterItsALeg_inALaterWindow_isSkipped_whileRemembered() {
    LinkedLegs legs = new LinkedLegs(2);
    assertThat(legs.apply(new DecodeResult[] {a("a-1", "b-1")})).isEmpty();
    DecodeResult[] later = {plain("fs", "b-1")};
    assertThat(legs.apply(later)).containsExactly(0);
    legs.apply(new DecodeResult[] {a("a-2", "b-2"), a("a-3", "b-3")}); // b-1 falls out (capacity 2)
    DecodeResult[] tooLate = {plain("fs", "b-1"), plain("fs", "b-3")};
    assertThat(legs.apply(tooLate)).containsExactly(1);
  }

  @Test
  void legsMatchOnlyUnderTheSameOrigin_andRejectsAndSkipsAreLeftAlone() {
    DecodeResult reject = DecodeResult.reject(RejectReason.MALFORMED, "x");
    DecodeResult[] w = {plain("other-switch", "b-1"), reject, a("a-1", "b-1")};
    assertThat(new LinkedLegs(10).apply(w)).isEmpty();
    assertThat(w[0].records()).hasSize(1);
    assertThat(w[1]).isSameAs(reject);
  }

  @Test
  void twoLegsNamingEachOther_areBothKept_neverBothLost() {
    DecodeResult[] w = {a("a-1", "b-1"), a("b-1", "a-1")};
    assertThat(new LinkedLegs(10).apply(w)).isEmpty();
    assertThat(w[0].records()).hasSize(1);
    assertThat(w[1].records()).hasSize(1);
  }
}
