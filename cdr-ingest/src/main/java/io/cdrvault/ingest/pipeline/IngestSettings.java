package io.cdrvault.ingest.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of one ingest pipeline (see {@link IngestConfig} for the declared keys and defaults).
 * Immutable and thread-safe; {@code directoryFile} is nullable (no file: directory built in code),
 * {@code directoryTopic} is nullable (no directory topic), everything else non-null.
 *
 * @param deadLetterTopic where rejected records go; {@link #defaults} uses {@code <topic>.dlq}
 * @param batchSize consumed Kafka records per store write (rejected ones included)
 * @param batchMaxWait longest time a non-empty batch waits before it is written
 * @param defaultRegion ISO 3166 alpha-2 region for national numbers of this source
 * @param sourceName the source's name, used when a format carries no origin
 * @param zone time zone of local timestamps of this source
 * @param directoryFile subscriber directory file, or null
 * @param directoryTopic compacted subscriber directory topic on the same cluster, or null
 * @param retryBackoff wait between attempts when the store reports a retriable failure
 * @param groupInstanceId Kafka static membership id; empty = dynamic membership
 */
public record IngestSettings(String bootstrapServers, String topic, String deadLetterTopic,
    String groupId, int batchSize, Duration batchMaxWait, String defaultRegion, String sourceName,
    ZoneId zone, Path directoryFile, String directoryTopic, Duration retryBackoff, String groupInstanceId) {

  public IngestSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(batchMaxWait, "batchMaxWait");
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    if (directoryTopic != null && (directoryTopic.isBlank() || directoryTopic.equals(topic)
        || directoryTopic.equals(deadLetterTopic))) {
      throw new IllegalArgumentException("directoryTopic must be null or a topic other than the input and dead-letter topics");
    }
    if (topic.isEmpty() || deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException("topic must not be empty and differ from the dead-letter topic");
    }
    if (batchSize < 1 || batchMaxWait.isNegative() || batchMaxWait.isZero() || retryBackoff.isNegative()) {
      throw new IllegalArgumentException("batchSize and batchMaxWait must be positive");
    }
  }

  /** Defaults for everything but the broker and topic: group {@code cdrvault-ingest}, batches of 2,000 or 200 ms, region US, UTC. */
  public static IngestSettings defaults(String bootstrapServers, String topic) {
    return new IngestSettings(bootstrapServers, topic, topic + ".dlq", "cdrvault-ingest", 2000,
        Duration.ofMillis(200), "US", "default", ZoneId.of("UTC"), null, null,
        Duration.ofMillis(500), "");
  }

  public IngestSettings withBatch(int size, Duration maxWait) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, size, maxWait,
        defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId);
  }

  public IngestSettings withRegion(String region) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, region, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId);
  }

  public IngestSettings withRetryBackoff(Duration backoff) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, backoff, groupInstanceId);
  }

  /** These settings reading the subscriber directory also from topic {@code name} ({@code null} = none). */
  public IngestSettings withDirectoryTopic(String name) {
    return new IngestSettings(bootstrapServers, this.topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, name, retryBackoff, groupInstanceId);
  }
}
