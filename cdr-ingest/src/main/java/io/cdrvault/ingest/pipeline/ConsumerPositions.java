package io.cdrvault.ingest.pipeline;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.SourcePartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the ingest consumer reads: every partition is sought to the store's offsets (never the
 * group's: those are committed for monitoring only), paused while a write retries, and its lag
 * published. Loop thread only (the Kafka consumer is single-threaded), rebalance callbacks
 * included.
 */
final class ConsumerPositions {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerPositions.class);

  private final Consumer<byte[], byte[]> consumer;
  private final CdrStore store;
  private final IngestMetrics metrics;
  /** Partitions are paused because the in-flight write is retrying. */
  private boolean paused;

  ConsumerPositions(Consumer<byte[], byte[]> consumer, CdrStore store, IngestMetrics metrics) {
    this.consumer = consumer;
    this.store = store;
    this.metrics = metrics;
  }

  /**
   * The ingest consumer: no auto-commit, {@code read_committed}, earliest when the store has no
   * offset, poll and fetch bounds, the static group member id and the security from the settings.
   */
  static Consumer<byte[], byte[]> newConsumer(IngestSettings settings) {
    Map<String, Object> c = settings.kafkaClientProperties();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
    c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, settings.fetchMaxBytes());
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, settings.maxPartitionFetchBytes());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdrvault-ingest-" + settings.topic());
    if (!settings.groupInstanceId().isEmpty()) {
      c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.groupInstanceId());
    }
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  boolean paused() {
    return paused;
  }

  /** Pauses every assigned partition (a write is retrying); polls then keep group membership. */
  void pauseAll() {
    if (!paused) {
      paused = true;
      consumer.pause(consumer.assignment());
      metrics.paused(true);
    }
  }

  void resumeAll() {
    paused = false;
    consumer.resume(consumer.paused());
    metrics.paused(false);
  }

  /** Newly assigned partitions join a pause under way. */
  void pauseIfPaused(Collection<TopicPartition> partitions) {
    if (paused) {
      consumer.pause(partitions);
    }
  }

  /** Seeks each partition to the store's offset for it, or to its beginning when there is none. */
  void seekToStored(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<SourcePartition, Long> stored = store.storedOffsets();
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long off = stored.get(new SourcePartition(tp.topic(), tp.partition()));
      if (off == null) {
        fromStart.add(tp);
      } else {
        consumer.seek(tp, off);
      }
    }
    if (!fromStart.isEmpty()) {
      consumer.seekToBeginning(fromStart);
    }
  }

  /** Commits a written batch's next offsets to the group, for monitoring; failures only logged. */
  void commitInformational(Map<SourcePartition, Long> nextOffsets) {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    nextOffsets.forEach((sp, off) ->
        commit.put(new TopicPartition(sp.topic(), sp.partition()), new OffsetAndMetadata(off)));
    consumer.commitAsync(commit, (offsets, e) -> {
      if (e != null) {
        LOG.debug("informational offset commit failed: {}", e.getClass().getSimpleName());
      }
    });
  }

  /** Publishes every assigned partition's lag as the consumer last saw it. */
  void updateLag() {
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong l = consumer.currentLag(tp);
      if (l.isPresent()) {
        metrics.lag(tp, l.getAsLong());
      }
    }
  }
}
