package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.compliance.Breach;
import io.cdrvault.store.compliance.BreachNotification;
import io.cdrvault.store.compliance.BreachText;
import io.cdrvault.store.compliance.Complaint;
import io.cdrvault.store.compliance.ComplaintCategory;
import io.cdrvault.store.compliance.ComplianceException;
import io.cdrvault.store.compliance.ComplianceRegistry;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.testing.DataDirScanner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breach register and complaint log over a real store: kept, sealed, never purged. */
class ComplianceRegistryIT {
  private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String DESCRIPTION =
      "Call detail of customer CUST-4471-QX emailed to an unauthorised third party";
  private static final String CIRCUMSTANCES = "Pretexting call to the care desk from +15557654321";
  private static final String CPNI = "Itemised call records October 2026 (numbers called)";
  private static final String NOTE = "Caller CUST-9921-ZZ says her ex-partner read her call log";

  @TempDir Path dataDir;
  @TempDir Path keyDir;
  private Keyring keyring;

  @BeforeEach
  void keys() {
    keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(),
        CLOCK);
  }

  private static Breach record(ComplianceRegistry r) {
    return r.recordBreach(Instant.parse("2026-11-19T10:00:00Z"), Instant.parse("2026-11-20T16:00:00Z"),
        new BreachText(DESCRIPTION, CIRCUMSTANCES, CPNI), 3, "compliance", NOW);
  }

  @Test
  void breach_withNotifications_survivesReopen_andTheFreeTextIsSealedOnDisk() {
    String id;
    String complaintId;
    try (RocksCdrStore store = open()) {
      ComplianceRegistry r = store.complianceRegistry();
      Breach b = record(r);
      id = b.id();
      assertThat(id).matches("BR-[0-9a-f]{16}");
      r.addNotification(id, BreachNotification.Kind.LAW_ENFORCEMENT,
          Instant.parse("2026-11-23T14:00:00Z"), "CRF-2026-0042", null, "compliance", NOW);
      r.addNotification(id, BreachNotification.Kind.DELAY_REQUEST, Instant.parse("2026-11-23T14:30:00Z"),
          "FBI direction 17", LocalDate.parse("2026-12-31"), "compliance", NOW);
      complaintId = r.recordComplaint(Instant.parse("2026-11-22T09:00:00Z"),
          ComplaintCategory.ONLINE_ACCESS, NOTE, "care-lead", NOW).id();
      store.flushAndCompact();
    }
    List<String> found = DataDirScanner.findOccurrences(dataDir,
        List.of(DESCRIPTION, CIRCUMSTANCES, CPNI, NOTE, "CUST-4471-QX", "+15557654321", "CUST-9921-ZZ",
            "CRF-2026-0042"));
    assertThat(found).as("plaintext of the registers in the data directory").isEmpty();

    try (RocksCdrStore store = open()) {
      ComplianceRegistry r = store.complianceRegistry();
      Breach b = r.breach(id).orElseThrow();
      assertThat(b.text().description()).isEqualTo(DESCRIPTION);
      assertThat(b.text().cpniInvolved()).isEqualTo(CPNI);
      assertThat(b.customersAffected()).isEqualTo(3);
      assertThat(b.notifications()).extracting(BreachNotification::kind).containsExactly(
          BreachNotification.Kind.LAW_ENFORCEMENT, BreachNotification.Kind.DELAY_REQUEST);
      assertThat(b.delayUntil()).contains(LocalDate.parse("2026-12-31"));
      assertThat(r.breaches()).extracting(Breach::id).containsExactly(id);
      Complaint c = r.complaints().get(0);
      assertThat(c.id()).isEqualTo(complaintId).matches("CP-[0-9a-f]{16}");
      assertThat(c.category()).isEqualTo(ComplaintCategory.ONLINE_ACCESS);
      assertThat(c.noteText()).contains(NOTE);
    }
  }

  @Test
  void customers_cannotBeRecordedAsToldBeforeLawEnforcement() {
    try (RocksCdrStore store = open()) {
      ComplianceRegistry r = store.complianceRegistry();
      Breach b = record(r);
      assertThatThrownBy(() -> r.addNotification(b.id(), BreachNotification.Kind.CUSTOMERS,
          Instant.parse("2026-11-23T09:00:00Z"), "letters", null, "compliance", NOW))
          .isInstanceOfSatisfying(ComplianceException.class,
              e -> assertThat(e.reason()).isEqualTo(ComplianceException.Reason.CONFLICT));
      r.addNotification(b.id(), BreachNotification.Kind.LAW_ENFORCEMENT,
          Instant.parse("2026-11-23T10:00:00Z"), "CRF-1", null, "compliance", NOW);
      assertThatThrownBy(() -> r.addNotification(b.id(), BreachNotification.Kind.CUSTOMERS,
          Instant.parse("2026-11-23T09:00:00Z"), "letters", null, "compliance", NOW))
          .as("dated before law enforcement was told").isInstanceOf(ComplianceException.class);
      Breach told = r.addNotification(b.id(), BreachNotification.Kind.CUSTOMERS,
          Instant.parse("2026-11-23T11:00:00Z"), "letters", null, "compliance", NOW);
      assertThat(told.first(BreachNotification.Kind.CUSTOMERS)).isPresent();
      assertThatThrownBy(() -> r.addNotification("BR-0000000000000000",
          BreachNotification.Kind.LAW_ENFORCEMENT, NOW, "x", null, "compliance", NOW))
          .isInstanceOfSatisfying(ComplianceException.class,
              e -> assertThat(e.reason()).isEqualTo(ComplianceException.Reason.UNKNOWN));
    }
  }

  @Test
  void theRetentionSweep_leavesTheRegistersAlone() {
    String id;
    try (RocksCdrStore store = open()) {
      id = record(store.complianceRegistry()).id();
      store.complianceRegistry().recordComplaint(NOW, ComplaintCategory.OTHER, null, "care", NOW);
      try (RetentionSweeper sweeper = store.retentionSweeper()) {
        sweeper.runOnce(NOW.plus(java.time.Duration.ofDays(4000)));
      }
      assertThat(store.complianceRegistry().breach(id)).isPresent();
      assertThat(store.complianceRegistry().complaints()).hasSize(1);
    }
  }
}
