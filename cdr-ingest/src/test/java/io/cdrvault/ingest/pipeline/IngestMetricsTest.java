package io.cdrvault.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.format.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

  @Test
  void countersExistAtZeroBeforeTheFirstRecord() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new IngestMetrics(registry, Set.of("canonical-json", "freeswitch-csv"));

    assertThat(registry.find(IngestMetrics.RECORDS).counters()).hasSize(2 * 5)
        .allSatisfy(c -> assertThat(c.count()).isZero());
    assertThat(registry.find(IngestMetrics.RECORDS).tag("format", "freeswitch-csv")
        .tag("outcome", IngestMetrics.STORED).counter()).isNotNull();
    assertThat(registry.find(IngestMetrics.DEAD_LETTERS).counters())
        .hasSize(RejectReason.values().length).allSatisfy(c -> assertThat(c.count()).isZero());
  }

  @Test
  void incrementsLandOnThePreRegisteredCounter() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IngestMetrics metrics = new IngestMetrics(registry, Set.of("canonical-json"));

    metrics.records("canonical-json", IngestMetrics.STORED, 3);
    metrics.deadLetters(RejectReason.MALFORMED_JSON, 2);

    Counter stored = registry.get(IngestMetrics.RECORDS).tag("format", "canonical-json")
        .tag("outcome", IngestMetrics.STORED).counter();
    assertThat(stored.count()).isEqualTo(3.0);
    assertThat(registry.get(IngestMetrics.DEAD_LETTERS).tag("reason", "malformed-json").counter()
        .count()).isEqualTo(2.0);
    assertThat(registry.find(IngestMetrics.RECORDS).counters()).hasSize(5);
  }
}
