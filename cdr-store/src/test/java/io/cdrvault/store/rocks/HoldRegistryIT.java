package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.HoldException;
import io.cdrvault.store.lifecycle.HoldRegistry;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.AuditEvents;
import io.cdrvault.store.testing.DataDirScanner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legal holds: 90 days, renewable, releasable, expiry recorded by the sweep, sealed at rest. */
class HoldRegistryIT {
  private static final Instant NOW = Instant.parse("2025-06-15T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final CustomerId CUSTOMER = new CustomerId("ACCT-77001234");
  private static final String NUMBER = "+14155550123";

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  @Test
  void hold_lasts90Days_renewExtendsFromNow_releaseEndsIt_andEveryChangeIsAudited() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      HoldRegistry holds = store.holdRegistry();
      Hold h = holds.create(List.of(LegalTarget.customer(CUSTOMER), LegalTarget.number(NUMBER)),
          Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-06-01T00:00:00Z"), "2703(f) 25-0042",
          "legal-a", NOW);
      assertThat(h.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(90)));
      assertThat(h.activeAt(NOW.plus(Duration.ofDays(89)))).isTrue();
      assertThat(h.activeAt(NOW.plus(Duration.ofDays(90)))).isFalse();
      assertThat(h.toString()).doesNotContain(CUSTOMER.value()).doesNotContain(NUMBER);

      Hold renewed = holds.renew(h.id(), "legal-a", NOW.plus(Duration.ofDays(30)));
      assertThat(renewed.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(120)));
      assertThat(holds.find(h.id()).orElseThrow().expiresAt()).isEqualTo(renewed.expiresAt());

      Hold released = holds.release(h.id(), "legal-b", NOW.plus(Duration.ofDays(31)));
      assertThat(released.state()).isEqualTo(Hold.State.RELEASED);
      assertThat(released.closedBy()).isEqualTo("legal-b");
      assertThat(holds.activeAt(NOW.plus(Duration.ofDays(32)))).isEmpty();
      assertThatThrownBy(() -> holds.renew(h.id(), "legal-a", NOW.plus(Duration.ofDays(32))))
          .isInstanceOf(HoldException.class).hasMessageContaining("released");
      assertThatThrownBy(() -> holds.release("LH-0123456789abcdef", "legal-a", NOW))
          .isInstanceOf(HoldException.class).hasMessageContaining("no hold");

      assertThat(LifecycleSupport.audit(store))
          .filteredOn(e -> h.id().equals(AuditEvents.caseRef(e.event())))
          .extracting(e -> e.event().operation() + "/" + e.event().principal())
          .containsExactly("hold.create/legal-a", "hold.renew/legal-a", "hold.release/legal-b");
    }
  }

  @Test
  void expiredHold_isRecordedBySweep_once_andHoldsSurviveRestart_sealed() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    Hold h;
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      h = store.holdRegistry().create(List.of(LegalTarget.customer(CUSTOMER), LegalTarget.number(NUMBER)),
          Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-06-01T00:00:00Z"),
          "Case 1:25-cv-99871", "legal-a", NOW);
      store.flushAndCompact();
    }
    // sealed: neither target nor the reference is readable in any file
    assertThat(DataDirScanner.findOccurrences(dataDir, List.of(CUSTOMER.value(), NUMBER, "1:25-cv-99871")))
        .isEmpty();
    try (RocksCdrStore store = LifecycleSupport.open(dataDir, keyring, CLOCK)) {
      assertThat(store.holdRegistry().find(h.id()).orElseThrow().namesCustomer(CUSTOMER)).isTrue();
      RetentionSweeper sweeper = Sweepers.with(store, RetentionPolicy.defaults());
      assertThat(sweeper.runOnce(h.expiresAt().minusSeconds(1)).holdsExpired()).isZero();
      assertThat(sweeper.runOnce(h.expiresAt()).holdsExpired()).isEqualTo(1);
      assertThat(sweeper.runOnce(h.expiresAt().plusSeconds(60)).holdsExpired()).isZero();
      assertThat(store.holdRegistry().find(h.id()).orElseThrow().state()).isEqualTo(Hold.State.EXPIRED);
      List<AuditEntry> expiry = LifecycleSupport.audit(store).stream()
          .filter(e -> e.event().operation().equals("hold.expire")).toList();
      assertThat(expiry).hasSize(1);
      assertThat(AuditEvents.caseRef(expiry.get(0).event())).isEqualTo(h.id());
      assertThat(store.auditLedger().verify().ok()).isTrue();
    }
  }
}
