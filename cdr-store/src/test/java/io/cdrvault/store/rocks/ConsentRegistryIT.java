package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.consent.ConsentException;
import io.cdrvault.store.consent.ConsentKind;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.consent.ConsentState;
import io.cdrvault.store.consent.ConsentVersion;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.RecordAuthenticationException;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.testing.DataDirScanner;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsentRegistryIT {
  private static final Instant NOW = Instant.parse("2025-04-01T09:00:00Z");
  private static final CustomerId ALICE = CustomerId.of("ACCT-CONSENT-4471");
  private static final CustomerId BOB = CustomerId.of("ACCT-CONSENT-9902");
  private static final String NOTE = "opt-out notice mailed, batch MAILER-REF-77123";

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private Keyring keyring;

  @BeforeEach
  void keys() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void notice_allowsMarketingExactlyThirtyDaysAfterIt_notAMillisecondEarlier() {
    try (RocksCdrStore store = open()) {
      ConsentRegistry reg = store.consentRegistry();
      ConsentVersion v = reg.record(ALICE, ConsentKind.OPT_OUT_NOTICE, NOW, "marketing-ops", NOTE, NOW);
      Instant begins = NOW.plus(Duration.ofDays(30));

      assertThat(reg.allowsMarketing(ALICE, begins.minusMillis(1))).isFalse();
      assertThat(reg.allowsMarketing(ALICE, begins)).isTrue();
      ConsentState pending = reg.stateAt(ALICE, NOW.plus(Duration.ofDays(29)));
      assertThat(pending.status()).isEqualTo(ConsentState.Status.NOTICE_PENDING);
      assertThat(pending.approvalBegins()).contains(begins);
      assertThat(pending.basis()).contains(v);
      assertThat(reg.allowsMarketing(BOB, begins)).isFalse();
    }
  }

  @Test
  void optOutDuringTheWait_meansNoApproval_atAndAfterTheEndOfTheWait() {
    try (RocksCdrStore store = open()) {
      ConsentRegistry reg = store.consentRegistry();
      reg.record(ALICE, ConsentKind.OPT_OUT_NOTICE, NOW, "marketing-ops", NOTE, NOW);
      Instant optOut = NOW.plus(Duration.ofDays(10));
      reg.record(ALICE, ConsentKind.OPT_OUT, optOut, "portal", "web", optOut);

      assertThat(reg.allowsMarketing(ALICE, NOW.plus(Duration.ofDays(30)))).isFalse();
      assertThat(reg.allowsMarketing(ALICE, NOW.plus(Duration.ofDays(400)))).isFalse();
      assertThat(reg.stateAt(ALICE, NOW.plus(Duration.ofDays(30))).status())
          .isEqualTo(ConsentState.Status.OPTED_OUT);
    }
  }

  @Test
  void history_isAppendOnlyNumbered_andSurvivesReopen() {
    List<ConsentVersion> written;
    try (RocksCdrStore store = open()) {
      ConsentRegistry reg = store.consentRegistry();
      ConsentVersion v1 = reg.record(ALICE, ConsentKind.OPT_IN, NOW, "portal", "web form", NOW);
      ConsentVersion v2 = reg.record(ALICE, ConsentKind.OPT_OUT, NOW.plusSeconds(60), "care-agent",
          null, NOW.plusSeconds(60));
      ConsentVersion v3 = reg.record(ALICE, ConsentKind.OPT_IN, NOW.plusSeconds(120), "portal", "",
          NOW.plusSeconds(120));
      reg.record(BOB, ConsentKind.OPT_OUT, NOW, "care-agent", "", NOW);
      written = List.of(v1, v2, v3);
      assertThat(written).extracting(ConsentVersion::version).containsExactly(1, 2, 3);
      assertThat(v2.note()).isEmpty();
      assertThat(v1.recordedBy()).isEqualTo("portal");
    }
    try (RocksCdrStore store = open()) {
      ConsentRegistry reg = store.consentRegistry();
      assertThat(reg.history(ALICE)).containsExactlyElementsOf(written);
      assertThat(reg.history(BOB)).hasSize(1);
      assertThat(reg.history(CustomerId.of("ACCT-NEVER-SEEN"))).isEmpty();
      assertThat(reg.allowsMarketing(ALICE, NOW.plusSeconds(90))).isFalse();
      assertThat(reg.allowsMarketing(ALICE, NOW.plusSeconds(120))).isTrue();
      ConsentVersion v4 = reg.record(ALICE, ConsentKind.OPT_OUT, NOW.plusSeconds(180), "portal", "",
          NOW.plusSeconds(180));
      assertThat(v4.version()).isEqualTo(4);
    }
  }

  @Test
  void backdatedApproval_andDeferredOptOut_areRefused_andWriteNothing() {
    try (RocksCdrStore store = open()) {
      ConsentRegistry reg = store.consentRegistry();
      assertThatThrownBy(() -> reg.record(ALICE, ConsentKind.OPT_OUT_NOTICE,
          NOW.minus(Duration.ofDays(31)), "marketing-ops", "", NOW))
          .isInstanceOfSatisfying(ConsentException.class,
              e -> assertThat(e.reason()).isEqualTo(ConsentException.Reason.TIMING));
      assertThatThrownBy(() -> reg.record(ALICE, ConsentKind.OPT_OUT, NOW.plusSeconds(1), "x", "",
          NOW)).isInstanceOf(ConsentException.class);
      assertThatThrownBy(() -> reg.record(ALICE, ConsentKind.OPT_IN, NOW, "x", "n".repeat(257),
          NOW)).isInstanceOfSatisfying(ConsentException.class,
              e -> assertThat(e.reason()).isEqualTo(ConsentException.Reason.NOTE));
      assertThat(reg.history(ALICE)).isEmpty();
    }
  }

  @Test
  void dataDirectory_holdsNoCustomerIdOrNoteInPlaintext() {
    try (RocksCdrStore store = open()) {
      store.consentRegistry().record(ALICE, ConsentKind.OPT_OUT_NOTICE, NOW, "marketing-ops", NOTE,
          NOW);
      store.consentRegistry().record(BOB, ConsentKind.OPT_IN, NOW, "portal", NOTE, NOW);
      store.flushAndCompact();
    }
    assertThat(DataDirScanner.countFiles(dataDir)).isPositive();
    // the scanner sees what is in plaintext: the column family's name
    assertThat(DataDirScanner.findOccurrences(dataDir, List.of(RocksCdrStore.CONSENT))).isNotEmpty();
    assertThat(DataDirScanner.findOccurrences(dataDir, List.of(ALICE.value(), BOB.value(),
        "MAILER-REF-77123", "OPT_OUT_NOTICE", "marketing-ops"))).isEmpty();
  }

  @Test
  void versionMovedToAnotherCustomer_failsToOpen_andExistingVersionsAreNeverOverwritten() {
    byte[] aliceTag;
    byte[] bobTag;
    try (RocksCdrStore store = open()) {
      store.consentRegistry().record(ALICE, ConsentKind.OPT_IN, NOW, "portal", "", NOW);
      store.consentRegistry().record(BOB, ConsentKind.OPT_OUT, NOW, "portal", "", NOW);
      aliceTag = store.customerTagger().tag(ALICE);
      bobTag = store.customerTagger().tag(BOB);
    }
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      List<Map.Entry<byte[], byte[]>> entries = raw.entries(RocksCdrStore.CONSENT);
      assertThat(entries).hasSize(2);
      byte[] aliceOptIn = raw.get(RocksCdrStore.CONSENT, RocksConsentRegistry.storageKey(aliceTag, 1));
      raw.put(RocksCdrStore.CONSENT, RocksConsentRegistry.storageKey(bobTag, 1), aliceOptIn);
    }
    try (RocksCdrStore store = open()) {
      assertThat(store.consentRegistry().allowsMarketing(ALICE, NOW)).isTrue();
      assertThatThrownBy(() -> store.consentRegistry().allowsMarketing(BOB, NOW))
          .isInstanceOf(RecordAuthenticationException.class)
          .hasMessageNotContaining(BOB.value());
    }
  }

  @Test
  void deletedMiddleVersion_isDetected() {
    byte[] aliceTag;
    try (RocksCdrStore store = open()) {
      store.consentRegistry().record(ALICE, ConsentKind.OPT_IN, NOW, "portal", "", NOW);
      store.consentRegistry().record(ALICE, ConsentKind.OPT_OUT, NOW, "portal", "", NOW);
      store.consentRegistry().record(ALICE, ConsentKind.OPT_IN, NOW, "portal", "", NOW);
      aliceTag = store.customerTagger().tag(ALICE);
    }
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      raw.delete(RocksCdrStore.CONSENT, RocksConsentRegistry.storageKey(aliceTag, 2));
    }
    try (RocksCdrStore store = open()) {
      assertThatThrownBy(() -> store.consentRegistry().history(ALICE))
          .isInstanceOf(CdrVaultException.class).hasMessageContaining("gap");
    }
  }

  @Test
  void closedStore_refusesRegistryCalls() {
    RocksCdrStore store = open();
    ConsentRegistry reg = store.consentRegistry();
    store.close();
    assertThatThrownBy(() -> reg.history(ALICE)).isInstanceOf(CdrVaultException.class)
        .hasMessageContaining("closed");
  }
}
