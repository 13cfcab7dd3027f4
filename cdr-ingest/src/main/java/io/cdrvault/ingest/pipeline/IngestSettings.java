package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.store.config.ConfigDef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one ingest pipeline, built from the declared keys ({@link IngestConfig#DEF}: their
 * defaults and validators are written there only); values given in code ({@code with...}) pass the
 * same validators, so a file and a caller are held to the same limits. Immutable and thread-safe;
 * {@code directoryFile}, {@code directoryTopic} and {@code sourcesFile} are nullable (none),
 * everything else non-null.
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
 * @param sourcesFile YAML file of per-source settings ({@link io.cdrvault.ingest.format.SourceCatalog}); nullable = none
 * @param topicFormats topic → format of its records that carry no {@code cdr.format} header
 * @param decodeThreads threads decoding and attributing a poll's records in parallel (the
 *     pipeline thread is one of them; 1 = decode on the pipeline thread only)
 * @param maxPollRecords consumer {@code max.poll.records}
 * @param fetchMaxBytes consumer {@code fetch.max.bytes}
 * @param maxPartitionFetchBytes consumer {@code max.partition.fetch.bytes}
 * @param kafka security of every Kafka client made with these settings ({@code kafka.*} keys)
 */
public record IngestSettings(String bootstrapServers, String topic, String deadLetterTopic,
    String groupId, int batchSize, Duration batchMaxWait, String defaultRegion, String sourceName,
    ZoneId zone, Path directoryFile, String directoryTopic, Duration retryBackoff, String groupInstanceId,
    Path sourcesFile,
    Map<String, String> topicFormats, int decodeThreads, int maxPollRecords, int fetchMaxBytes,
    int maxPartitionFetchBytes, KafkaSecurity kafka) {

  public IngestSettings {
    ConfigDef def = IngestConfig.DEF;
    def.requireValid(IngestConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    def.requireValid(IngestConfig.TOPIC, topic);
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    def.requireValid(IngestConfig.GROUP_ID, groupId);
    def.requireValid(IngestConfig.BATCH_SIZE, batchSize);
    def.requireValid(IngestConfig.BATCH_MAX_WAIT, batchMaxWait);
    def.requireValid(IngestConfig.DEFAULT_REGION, defaultRegion);
    def.requireValid(IngestConfig.SOURCE_NAME, sourceName);
    Objects.requireNonNull(zone, "zone");
    def.requireValid(IngestConfig.RETRY_BACKOFF, retryBackoff);
    def.requireValid(IngestConfig.GROUP_INSTANCE_ID, groupInstanceId);
    if (directoryTopic != null && (directoryTopic.isBlank() || directoryTopic.equals(topic)
        || directoryTopic.equals(deadLetterTopic))) {
      throw new IllegalArgumentException("directoryTopic must be null or a topic other than the input and dead-letter topics");
    }
    if (deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException("topic must differ from the dead-letter topic");
    }
    topicFormats = Map.copyOf(Objects.requireNonNull(topicFormats, "topicFormats"));
    if (decodeThreads < 1) {
      throw new IllegalArgumentException("decodeThreads must be at least 1 (0 means the available "
          + "processors only in a config file)");
    }
    def.requireValid(IngestConfig.DECODE_THREADS, decodeThreads);
    def.requireValid(IngestConfig.MAX_POLL_RECORDS, maxPollRecords);
    def.requireValid(IngestConfig.FETCH_MAX_BYTES, fetchMaxBytes);
    def.requireValid(IngestConfig.MAX_PARTITION_FETCH_BYTES, maxPartitionFetchBytes);
    Objects.requireNonNull(kafka, "kafka");
  }

  /**
   * Kafka client settings every client of these settings starts from: the bootstrap servers and
   * the security settings ({@link KafkaSecurity#clientProperties()}). A new mutable map.
   */
  public Map<String, Object> kafkaClientProperties() {
    Map<String, Object> p = kafka.clientProperties();
    p.put("bootstrap.servers", bootstrapServers);
    return p;
  }

  /** The same settings with other Kafka client security. */
  public IngestSettings withKafkaSecurity(KafkaSecurity security) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId,
        sourcesFile, topicFormats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, security);
  }

  /** Default decode threads: the available processors (at most 256). */
  public static int defaultDecodeThreads() {
    return Math.min(IngestConfig.MAX_DECODE_THREADS,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /** The default source (name, region, zone, no options) of these settings. */
  public SourceContext defaultSource() {
    return new SourceContext(sourceName, defaultRegion, zone);
  }

  /**
   * The declared defaults ({@link IngestConfig#DEF}) for everything but the broker and topic:
   * group {@code cdrvault-ingest}, batches of 2,000 or 200 ms, region US, UTC, dead letters to
   * {@code <topic>.dlq}.
   *
   * @throws io.cdrvault.store.config.ConfigException when the broker or topic is blank
   */
  public static IngestSettings defaults(String bootstrapServers, String topic) {
    return IngestConfig.settings(Map.of(IngestConfig.BOOTSTRAP_SERVERS, bootstrapServers,
        IngestConfig.TOPIC, topic));
  }

  public IngestSettings withBatch(int size, Duration maxWait) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, size, maxWait,
        defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId, sourcesFile, topicFormats,
        decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  public IngestSettings withRegion(String region) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, region, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId, sourcesFile,
        topicFormats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  public IngestSettings withRetryBackoff(Duration backoff) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, backoff, groupInstanceId, sourcesFile,
        topicFormats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  /** The same settings with another sources file (null = none). */
  public IngestSettings withSourcesFile(Path file) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId, file,
        topicFormats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  /** The same settings with other per-topic default formats. */
  public IngestSettings withTopicFormats(Map<String, String> formats) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId, sourcesFile,
        formats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  /** The same settings with another number of decode threads. */
  public IngestSettings withDecodeThreads(int threads) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId, sourcesFile,
        topicFormats, threads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  /** The same settings with other consumer fetch limits (they bound the memory one poll takes). */
  public IngestSettings withConsumerLimits(int maxPollRecords, int fetchMaxBytes, int maxPartitionFetchBytes) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, groupInstanceId, sourcesFile,
        topicFormats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  /** These settings reading the subscriber directory also from topic {@code name} ({@code null} = none). */
  public IngestSettings withDirectoryTopic(String name) {
    return new IngestSettings(bootstrapServers, this.topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, name, retryBackoff, groupInstanceId,
        sourcesFile, topicFormats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }

  /** The same settings with a Kafka static membership id ({@code ""} = dynamic membership). */
  public IngestSettings withGroupInstanceId(String id) {
    return new IngestSettings(bootstrapServers, topic, deadLetterTopic, groupId, batchSize,
        batchMaxWait, defaultRegion, sourceName, zone, directoryFile, directoryTopic, retryBackoff, id,
        sourcesFile, topicFormats, decodeThreads, maxPollRecords, fetchMaxBytes, maxPartitionFetchBytes, kafka);
  }
}
