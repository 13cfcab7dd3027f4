package io.cdrvault.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  @Test
  void defaults_deriveDeadLetterTopicFromTopic() {
    IngestSettings s = IngestConfig.settings(Map.of("bootstrapServers", "127.0.0.1:9092", "topic", "cdr.pbx"));
    assertThat(s.deadLetterTopic()).isEqualTo("cdr.pbx.dlq");
    assertThat(s.batchSize()).isEqualTo(2000);
    assertThat(s.batchMaxWait()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.defaultRegion()).isEqualTo("US");
    assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(s.directoryFile()).isNull();
    assertThat(s.directoryTopic()).as("no directory topic unless configured").isNull();
  }

  @Test
  void explicitValues_areParsed() {
    IngestSettings s = IngestConfig.settings(Map.of("bootstrapServers", "h:1", "deadLetterTopic", "dead",
        "batchSize", "100", "batchMaxWait", "1s", "defaultRegion", "nl", "zone", "Europe/Amsterdam",
        "directoryFile", "subs.csv", "directoryTopic", "cdr.subscribers"));
    assertThat(s.deadLetterTopic()).isEqualTo("dead");
    assertThat(s.batchSize()).isEqualTo(100);
    assertThat(s.batchMaxWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.defaultRegion()).isEqualTo("NL");
    assertThat(s.directoryFile()).isEqualTo(Path.of("subs.csv"));
    assertThat(s.directoryTopic()).isEqualTo("cdr.subscribers");
    assertThat(s.withDirectoryTopic(null).directoryTopic()).isNull();
  }

  @Test
  void everyProblem_isReportedAtOnceWithItsKey() {
    assertThatThrownBy(() -> IngestConfig.settings(Map.of("batchSize", "0", "zone", "Mars/Base", "typo", "x")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "unknown key 'typo'", "missing required key 'bootstrapServers'",
            "key 'batchSize' is invalid: must be 1..100000", "key 'zone' is invalid: must be a time-zone id"));
  }
}
