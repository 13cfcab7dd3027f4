package io.cdrvault.store.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepMetricsTest {

  @Test
  void completedAndFailedSweeps_setTheOutcomeCountersTheFailingFlagAndTheirResults() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SweepMetrics metrics = new SweepMetrics(registry);
    assertThat(runs(registry, "completed")).isZero();
    assertThat(gauge(registry, SweepMetrics.FAILING)).isZero();
    assertThat(gauge(registry, SweepMetrics.LAST_COMPLETED)).isZero();

    metrics.failed(new IllegalStateException("disk"));
    assertThat(runs(registry, "failed")).isEqualTo(1.0);
    assertThat(gauge(registry, SweepMetrics.FAILING)).isEqualTo(1.0);

    Instant at = Instant.parse("2026-12-04T03:00:00Z");
    metrics.completed(new SweepReport(at, false, List.of(202401, 202402), List.of(), List.of(), 7,
        0, 0, 2, 0));
    assertThat(runs(registry, "completed")).isEqualTo(1.0);
    assertThat(gauge(registry, SweepMetrics.FAILING)).isZero();
    assertThat(gauge(registry, SweepMetrics.LAST_COMPLETED)).isEqualTo(at.getEpochSecond());
    assertThat(registry.get(SweepMetrics.MONTHS_DROPPED).counter().count()).isEqualTo(2.0);
    assertThat(registry.get(SweepMetrics.KEYS_DESTROYED).counter().count()).isEqualTo(7.0);
    assertThat(registry.get(SweepMetrics.ERASURES).counter().count()).isEqualTo(2.0);
  }

  private static double runs(SimpleMeterRegistry registry, String outcome) {
    return registry.get(SweepMetrics.RUNS).tag("outcome", outcome).counter().count();
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).gauge().value();
  }
}
