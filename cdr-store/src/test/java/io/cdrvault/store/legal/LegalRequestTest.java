package io.cdrvault.store.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.model.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LegalRequestTest {
  private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-02-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant EXPIRY = Instant.parse("2025-04-01T00:00:00Z");
  private static final String SHA = "a".repeat(64);
  private static final String CASE = "CASE-77-SECRET";
  private static final String NUMBER = "+4930123456";
  private static final String CUSTOMER = "ACME-CUST-991";

  private static NewLegalRequest served(List<LegalTarget> targets, String sha, Instant from,
      Instant to) {
    return new NewLegalRequest(Instrument.SUBPOENA, "Grand Jury", CASE, targets, from, to, EXPIRY,
        sha, false);
  }

  private static List<LegalTarget> targets() {
    return List.of(LegalTarget.number(NUMBER), LegalTarget.customer(CustomerId.of(CUSTOMER)));
  }

  @Test
  void toString_printsNoTargetOrCaseNumber() {
    NewLegalRequest n = served(targets(), SHA, FROM, TO);
    LegalRequest r = LegalRequest.registered("LR-00112233aabbccdd", n, "alice", NOW);
    for (Object o : List.of(n, r, r.targets().get(0), r.targets().get(1))) {
      assertThat(o.toString()).doesNotContain(CASE, NUMBER, CUSTOMER);
    }
    assertThat(r.toString()).contains("LR-00112233aabbccdd", "SUBPOENA", "REGISTERED");
  }

  @Test
  void newRequest_rejectsBadInputs_withoutQuotingThem() {
    assertThatThrownBy(() -> served(List.of(), SHA, FROM, TO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> served(targets(), "A".repeat(64), FROM, TO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lowercase hex");
    assertThatThrownBy(() -> served(targets(), SHA.substring(1), FROM, TO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> served(targets(), SHA, TO, TO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> new NewLegalRequest(Instrument.WARRANT, "Court", " ", targets(), FROM,
        TO, EXPIRY, SHA, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LegalTarget.number("0301234567"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("0301234567");
    assertThatThrownBy(() -> new LegalTarget(LegalTarget.Kind.CUSTOMER, "bad id!"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("bad id!");
  }

  @Test
  void newRequest_copiesTargets() {
    List<LegalTarget> mutable = new ArrayList<>(targets());
    NewLegalRequest n = served(mutable, SHA, FROM, TO);
    mutable.clear();
    assertThat(n.targets()).hasSize(2);
  }

  @Test
  void request_rejectsBadIdAndInconsistentState() {
    NewLegalRequest n = served(targets(), SHA, FROM, TO);
    assertThatThrownBy(() -> LegalRequest.registered("LR-1", n, "alice", NOW))
        .isInstanceOf(IllegalArgumentException.class);
    LegalRequest r = LegalRequest.registered("LR-00112233aabbccdd", n, "alice", NOW);
    assertThatThrownBy(() -> r.approvedBy("Alice", NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two-person");
    assertThatThrownBy(() -> new LegalRequest(r.id(), r.instrument(), r.issuingAuthority(),
        r.caseNumber(), r.targets(), r.from(), r.to(), r.expiresAt(), r.servedDocumentSha256(),
        r.gag(), r.registeredBy(), r.registeredAt(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), LegalRequest.State.APPROVED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LegalRequest(r.id(), r.instrument(), r.issuingAuthority(),
        r.caseNumber(), r.targets(), r.from(), r.to(), r.expiresAt(), r.servedDocumentSha256(),
        r.gag(), r.registeredBy(), r.registeredAt(), Optional.of("bob"), Optional.empty(),
        Optional.empty(), Optional.empty(), LegalRequest.State.REGISTERED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usability_revokedBeatsExpiredBeatsUnapproved() {
    LegalRequest r = LegalRequest.registered("LR-00112233aabbccdd", served(targets(), SHA, FROM, TO),
        "alice", NOW);
    assertThat(r.usabilityAt(NOW)).isEqualTo(Usability.UNAPPROVED);
    assertThat(r.usabilityAt(EXPIRY)).isEqualTo(Usability.EXPIRED);
    LegalRequest approved = r.approvedBy("bob", NOW);
    assertThat(approved.usabilityAt(EXPIRY.minusNanos(1))).isEqualTo(Usability.USABLE);
    assertThat(approved.usabilityAt(EXPIRY)).isEqualTo(Usability.EXPIRED);
    LegalRequest revoked = approved.revokedBy("carol", NOW);
    assertThat(revoked.usabilityAt(NOW)).isEqualTo(Usability.REVOKED);
    assertThat(revoked.usabilityAt(EXPIRY)).isEqualTo(Usability.REVOKED);
    assertThat(Usability.USABLE.isUsable()).isTrue();
    assertThat(Usability.EXPIRED.isUsable()).isFalse();
  }

  @Test
  void newRequest_refusesUnprintableTextAndWindowsOutsideTheStoresYears() {
    assertThatThrownBy(() -> new NewLegalRequest(Instrument.SUBPOENA, "Grand Jury", "GJ\u001b[2J-1",
        targets(), FROM, TO, EXPIRY, SHA, false)).hasMessageContaining("caseNumber has a control or "
        + "other unprintable character at index 2");
    assertThatThrownBy(() -> new NewLegalRequest(Instrument.SUBPOENA, "Grand\u202eJury", CASE,
        targets(), FROM, TO, EXPIRY, SHA, false)).hasMessageContaining("issuingAuthority");
    assertThatThrownBy(() -> served(targets(), SHA, Instant.parse("1969-12-01T00:00:00Z"), TO))
        .hasMessageContaining("1970..9999");
    assertThatThrownBy(() -> served(targets(), SHA, FROM, Instant.parse("+10000-02-01T00:00:00Z")))
        .hasMessageContaining("1970..9999");
  }

  @Test
  void registeredRequest_storedUnderTheOlderTextRule_stillLoads() {
    LegalRequest stored = new LegalRequest("LR-00112233aabbccdd", Instrument.SUBPOENA, "Grand Jury",
        "GJ\u202e-1", targets(), Instant.parse("1969-12-01T00:00:00Z"), TO, EXPIRY, SHA, false, "alice",
        NOW, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        LegalRequest.State.REGISTERED);
    assertThat(stored.caseNumber()).isEqualTo("GJ\u202e-1");
  }
}
