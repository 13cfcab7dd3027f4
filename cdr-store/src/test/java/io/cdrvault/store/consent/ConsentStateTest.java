package io.cdrvault.store.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentStateTest {
  private static final Instant T = Instant.parse("2025-01-10T08:00:00Z");

  private static ConsentVersion v(int n, ConsentKind kind, Instant effective) {
    return new ConsentVersion(n, kind, effective, effective, "care-agent", "phone");
  }

  @Test
  void noHistory_isNone_andDisallows() {
    ConsentState s = ConsentState.at(List.of(), T);
    assertThat(s.status()).isEqualTo(ConsentState.Status.NONE);
    assertThat(s.allowsMarketing()).isFalse();
    assertThat(s.basis()).isEmpty();
  }

  @Test
  void optIn_allowsFromItsEffectiveInstant_andNeverExpires() {
    List<ConsentVersion> h = List.of(v(1, ConsentKind.OPT_IN, T));
    assertThat(ConsentState.at(h, T.minusMillis(1)).allowsMarketing()).isFalse();
    assertThat(ConsentState.at(h, T).status()).isEqualTo(ConsentState.Status.OPTED_IN);
    assertThat(ConsentState.at(h, T).since()).contains(T);
    assertThat(ConsentState.at(h, T.plus(Duration.ofDays(3650))).allowsMarketing()).isTrue();
  }

  @Test
  void notice_allowsExactlyThirtyDaysLater() {
    List<ConsentVersion> h = List.of(v(1, ConsentKind.OPT_OUT_NOTICE, T));
    Instant begins = T.plus(Duration.ofDays(30));

    ConsentState pending = ConsentState.at(h, begins.minusMillis(1));
    assertThat(pending.status()).isEqualTo(ConsentState.Status.NOTICE_PENDING);
    assertThat(pending.allowsMarketing()).isFalse();
    assertThat(pending.approvalBegins()).contains(begins);
    assertThat(pending.since()).contains(T);

    ConsentState approved = ConsentState.at(h, begins);
    assertThat(approved.status()).isEqualTo(ConsentState.Status.APPROVED_BY_NOTICE);
    assertThat(approved.allowsMarketing()).isTrue();
    assertThat(approved.since()).contains(begins);
    assertThat(ConsentState.at(h, begins.plus(Duration.ofDays(5000))).allowsMarketing()).isTrue();
  }

  @Test
  void optOutDuringTheWait_preventsApproval() {
    List<ConsentVersion> h = List.of(v(1, ConsentKind.OPT_OUT_NOTICE, T),
        v(2, ConsentKind.OPT_OUT, T.plus(Duration.ofDays(12))));
    ConsentState s = ConsentState.at(h, T.plus(Duration.ofDays(31)));
    assertThat(s.status()).isEqualTo(ConsentState.Status.OPTED_OUT);
    assertThat(s.basis().orElseThrow().version()).isEqualTo(2);
    assertThat(ConsentState.at(h, T.plus(Duration.ofDays(11))).status())
        .isEqualTo(ConsentState.Status.NOTICE_PENDING);
  }

  @Test
  void laterRecordedVersion_decidesOnceEffective_evenIfAnEarlierOneTakesEffectLater() {
    // v1: opt-in scheduled for T+10d; v2: opt-out recorded afterwards, effective T
    List<ConsentVersion> h = List.of(v(1, ConsentKind.OPT_IN, T.plus(Duration.ofDays(10))),
        v(2, ConsentKind.OPT_OUT, T));
    assertThat(ConsentState.at(h, T.plus(Duration.ofDays(20))).status())
        .isEqualTo(ConsentState.Status.OPTED_OUT);
  }

  @Test
  void timingRules_refuseBackdatedApprovals_andDeferredOptOuts() {
    assertThat(ConsentKind.OPT_IN.timingProblem(T.minusSeconds(1), T)).isPresent();
    assertThat(ConsentKind.OPT_OUT_NOTICE.timingProblem(T.minusSeconds(1), T)).isPresent();
    assertThat(ConsentKind.OPT_IN.timingProblem(T, T)).isEmpty();
    assertThat(ConsentKind.OPT_OUT.timingProblem(T.plusSeconds(1), T)).isPresent();
    assertThat(ConsentKind.OPT_OUT.timingProblem(T.minusSeconds(86_400), T)).isEmpty();
  }

  @Test
  void version_refusesLongNotesAndControlCharacters_andHidesTheNote() {
    assertThat(ConsentVersion.noteProblem("x".repeat(256))).isNull();
    assertThat(ConsentVersion.noteProblem("x".repeat(257))).contains("256");
    assertThat(ConsentVersion.noteProblem("a\nb")).contains("index 1");
    assertThat(v(1, ConsentKind.OPT_IN, T).toString()).doesNotContain("phone", "care-agent");
  }
}
