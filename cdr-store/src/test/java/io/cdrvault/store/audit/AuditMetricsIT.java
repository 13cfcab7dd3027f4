package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit ledger's health meters over a real store: appends by outcome, head, unsigned entries. */
class AuditMetricsIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-04-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  private static AuditEvent event(int i) {
    return new Decision(Instant.parse("2025-03-01T00:00:00Z").plusSeconds(i), "billing-job",
        "BILLING", "records", new AuditEvent.Scope(null, "00112233445566778899aabbccddeeff",
            Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z")),
        List.of("calling", "start"), Outcome.ALLOWED, "purpose-allowed", null);
  }

  @Test
  void appendsAreCountedByOutcome_andAFailedAppendIsCountedAsFailed() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong signed = new AtomicLong();
    RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring,
        new SimpleMeterRegistry(), CLOCK);
    RocksAuditLedger ledger = store.auditLedger();
    try {
      AuditMetrics.bind(ledger, signed::get, registry);
      assertThat(appends(registry, "appended")).isZero();
      assertThat(appends(registry, "failed")).isZero();

      for (int i = 1; i <= 3; i++) {
        ledger.append(event(i));
      }
      signed.set(1);

      assertThat(appends(registry, "appended")).isEqualTo(3.0);
      assertThat(registry.get(AuditMetrics.HEAD).gauge().value()).isEqualTo(3.0);
      assertThat(registry.get(AuditMetrics.UNSIGNED).gauge().value()).isEqualTo(2.0);
    } finally {
      store.close();
    }
    assertThatThrownBy(() -> ledger.append(event(4))).isInstanceOf(AuditUnavailableException.class);
    assertThat(appends(registry, "failed")).isEqualTo(1.0);
    assertThat(appends(registry, "appended")).isEqualTo(3.0);
  }

  private static double appends(SimpleMeterRegistry registry, String outcome) {
    return registry.get(AuditMetrics.APPENDS).tag("outcome", outcome).counter().count();
  }
}
