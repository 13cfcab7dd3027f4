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

  @Test
  void pipelineKeys_defaultToProcessorsAndBoundedFetches() {
    IngestSettings s = IngestConfig.settings(Map.of("bootstrapServers", "h:1"));
    assertThat(s.decodeThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.maxPollRecords()).isEqualTo(2000);
    assertThat(s.fetchMaxBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(s.maxPartitionFetchBytes()).isEqualTo(1024 * 1024);
    assertThat(s.topicFormats()).isEmpty();
    assertThat(s.sourcesFile()).isNull();
    assertThat(IngestConfig.sources(s).defaults()).isEqualTo(s.defaultSource());
  }

  @Test
  void topicFormatsAndSources_areParsed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path sources = dir.resolve("sources.yaml");
    java.nio.file.Files.writeString(sources, "sources:\n  pbx1:\n    region: GB\n    zone: Europe/London\n");
    IngestSettings s = IngestConfig.settings(Map.of("bootstrapServers", "h:1",
        "topicFormats", "cdr.asterisk=asterisk-csv, cdr.kannel=kannel-log", "decodeThreads", "3",
        "sourcesFile", sources.toString(), "maxPollRecords", "500"));
    assertThat(s.topicFormats()).isEqualTo(Map.of("cdr.asterisk", "asterisk-csv", "cdr.kannel", "kannel-log"));
    assertThat(s.decodeThreads()).isEqualTo(3);
    assertThat(s.maxPollRecords()).isEqualTo(500);
    var catalog = IngestConfig.sources(s);
    assertThat(catalog.forSource("pbx1").defaultRegion()).isEqualTo("GB");
    assertThat(catalog.forSource("pbx1").zone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(catalog.forSource("other").defaultRegion()).isEqualTo("US");
  }

  @Test
  void badTopicFormats_areReportedWithTheirKey() {
    assertThatThrownBy(() -> IngestConfig.settings(Map.of("bootstrapServers", "h:1",
        "topicFormats", "cdr.asterisk", "decodeThreads", "-1")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "key 'topicFormats' is invalid: must be topic=format[,topic=format]",
            "key 'decodeThreads' is invalid: must be 0..256"));
  }

  @Test
  void defaults_inCode_areTheDeclaredDefaults() {
    assertThat(IngestSettings.defaults("h:1", "cdr.pbx"))
        .isEqualTo(IngestConfig.settings(Map.of("bootstrapServers", "h:1", "topic", "cdr.pbx")));
  }

  @Test
  void settingsBuiltInCode_passTheSameValidatorsAsAConfigFile() {
    IngestSettings s = IngestSettings.defaults("h:1", "cdr.pbx");

    assertThat(s.withBatch(100_000, Duration.ofMillis(1)).batchSize()).isEqualTo(100_000);
    // before the declarations were the only validators, code accepted any batch size >= 1
    assertThatThrownBy(() -> s.withBatch(100_001, Duration.ofMillis(200)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'batchSize' is invalid: must be 1..100000");
    assertThatThrownBy(() -> s.withConsumerLimits(500, 1000, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'fetchMaxBytes' is invalid: must be at least 1024");
    assertThatThrownBy(() -> s.withRegion("USA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'defaultRegion' is invalid: must be ISO 3166 alpha-2");
    assertThatThrownBy(() -> s.withDecodeThreads(257))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'decodeThreads' is invalid: must be 0..256");
  }

  @Test
  void keysThatContradictEachOther_areAConfigProblem() {
    assertThatThrownBy(() -> IngestConfig.settings(Map.of("bootstrapServers", "h:1",
        "topic", "cdr.raw", "deadLetterTopic", "cdr.raw")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString().contains("dead-letter topic"));
  }
}
