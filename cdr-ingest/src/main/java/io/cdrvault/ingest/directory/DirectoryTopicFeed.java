package io.cdrvault.ingest.directory;

import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber directory kept up to date from the compacted directory topic (format: {@link
 * DirectoryTopic}), over a file import. A background thread reads every partition of the topic
 * from the beginning (manual assignment, no consumer group, nothing committed) and keeps applying
 * new records while the feed is open.
 *
 * <p>Lookups: when the topic holds any period for a number, only the topic's periods answer for it
 * (the topic takes precedence); otherwise the file import answers. Among overlapping topic periods
 * of one number, the covering period with the latest start wins (so the answer depends only on the
 * topic's current content, not on arrival order).
 *
 * <p>Records that do not follow the format are skipped, counted in {@code cdr.directory.rejected}
 * and logged by {@code topic-partition@offset} and kind, never by value. Gauge {@code
 * cdr.directory.entries}: validity periods currently held from the topic. Partitions added to the
 * topic after start are not read until the feed is restarted.
 *
 * <p>Thread-safe: lookups are lock-free reads of immutable per-number snapshots. {@link #close()}
 * is idempotent.
 */
public final class DirectoryTopicFeed implements NumberDirectory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryTopicFeed.class);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final NumberDirectory fileImport;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, Long> endAtStart;
  private final ConcurrentHashMap<String, Periods> index = new ConcurrentHashMap<>();
  private final AtomicInteger entries = new AtomicInteger();
  private final MeterRegistry registry;
  private final Gauge entriesGauge;
  private final Counter rejected;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closing;
  private volatile boolean reachedEnd;

  private DirectoryTopicFeed(String topic, NumberDirectory fileImport, KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> endAtStart, MeterRegistry registry) {
    this.topic = topic;
    this.fileImport = fileImport;
    this.consumer = consumer;
    this.endAtStart = endAtStart;
    this.registry = registry;
    this.entriesGauge = Gauge.builder("cdr.directory.entries", entries, AtomicInteger::get)
        .description("Validity periods held from the subscriber directory topic")
        .strongReference(true).register(registry);
    this.rejected = Counter.builder("cdr.directory.rejected")
        .description("Directory topic records skipped because they do not follow the format")
        .register(registry);
    this.thread = new Thread(this::run, "cdrvault-directory-feed");
    thread.setDaemon(true);
  }

  /**
   * Starts reading {@code topic} from the beginning on a background thread. Returns once the
   * partitions and their end offsets are known; use {@link #awaitCaughtUp} to wait for the content.
   *
   * @param fileImport answers for numbers the topic holds nothing for (e.g. {@link SubscriberDirectory#empty()})
   * @throws CdrVaultException if the topic does not exist or the cluster cannot be reached in 30 s
   */
  public static DirectoryTopicFeed start(String bootstrapServers, String topic, NumberDirectory fileImport,
      MeterRegistry registry) {
    return start(bootstrapServers, topic, fileImport, registry, METADATA_TIMEOUT);
  }

  /**
   * As {@link #start(String, String, NumberDirectory, MeterRegistry)}, waiting at most
   * {@code metadataTimeout} for the partitions and their end offsets.
   */
  public static DirectoryTopicFeed start(String bootstrapServers, String topic, NumberDirectory fileImport,
      MeterRegistry registry, Duration metadataTimeout) {
    return start(bootstrapServers, KafkaSecurity.PLAINTEXT, topic, fileImport, registry, metadataTimeout);
  }

  /**
   * As {@link #start(String, String, NumberDirectory, MeterRegistry, Duration)}, the consumer
   * connecting with {@code security} (the node's {@code ingest.kafka.*}).
   */
  public static DirectoryTopicFeed start(String bootstrapServers, KafkaSecurity security, String topic,
      NumberDirectory fileImport, MeterRegistry registry, Duration metadataTimeout) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(metadataTimeout, "metadataTimeout");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(fileImport, "fileImport");
    Objects.requireNonNull(registry, "registry");
    Map<String, Object> c = security.applyTo(new HashMap<>());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdrvault-directory-" + topic);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    DirectoryTopicFeed feed;
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataTimeout);
      if (infos == null || infos.isEmpty()) {
        throw new CdrVaultException("directory topic '" + topic + "' does not exist");
      }
      List<TopicPartition> parts = new ArrayList<>(infos.size());
      infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = Map.copyOf(consumer.endOffsets(parts, metadataTimeout));
      feed = new DirectoryTopicFeed(topic, fileImport, consumer, end, registry);
    } catch (KafkaException e) {
      consumer.close(Duration.ZERO);
      throw new CdrVaultException("cannot read directory topic '" + topic + "' ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
    LOG.info("directory topic feed started: topic={} partitions={}", topic, feed.endAtStart.size());
    feed.thread.start();
    return feed;
  }

  @Override
  public Optional<CustomerId> customerAt(String e164, Instant at) {
    Objects.requireNonNull(at, "at");
    if (e164 == null) {
      return Optional.empty();
    }
    Periods p = index.get(e164);
    return p != null ? p.at(at) : fileImport.customerAt(e164, at);
  }

  /**
   * Waits until the feed has read up to the end offsets the topic had when the feed started.
   *
   * @return true once caught up; false on timeout or when the feed stopped before
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && reachedEnd;
  }

  /**
   * The topic's current periods by number (numbers sorted, periods by start); plaintext numbers and
   * customer ids, for operator tools, never for logs.
   */
  public java.util.SortedMap<String, List<NumberAssignment>> assignments() {
    java.util.TreeMap<String, List<NumberAssignment>> out = new java.util.TreeMap<>();
    index.forEach((n, p) -> out.put(n, p.list()));
    return out;
  }

  /** Validity periods currently held from the topic (the gauge's value). */
  public int topicEntries() {
    return entries.get();
  }

  private void run() {
    try {
      checkCaughtUp();
      while (!closing) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            apply(r);
          }
          checkCaughtUp();
        } catch (WakeupException e) {
          // close() asks us to stop
        } catch (KafkaException e) {
          if (!closing) {
            LOG.warn("directory topic feed: read failed ({}); retrying", e.getClass().getSimpleName());
            sleepQuietly();
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("directory topic feed stopped on an unexpected failure ({})", e.getClass().getSimpleName(), e);
    } finally {
      consumer.close(Duration.ZERO);
      caughtUp.countDown(); // release waiters; awaitCaughtUp reports whether the end was reached
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    DirectoryTopic.Key key;
    NumberAssignment period = null;
    try {
      key = DirectoryTopic.parseKey(r.key());
      if (r.value() != null) {
        period = DirectoryTopic.parseValue(key, r.value());
      }
    } catch (DirectoryTopic.Malformed m) {
      rejected.increment();
      LOG.warn("directory topic record rejected at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), m.getMessage());
      return;
    }
    Instant from = key.from();
    NumberAssignment put = period;
    index.compute(key.e164(), (k, old) -> {
      int before = old == null ? 0 : old.size();
      Periods next = put == null ? (old == null ? null : old.without(from))
          : (old == null ? Periods.of(put) : old.with(put));
      entries.addAndGet((next == null ? 0 : next.size()) - before);
      return next;
    });
  }

  private void checkCaughtUp() {
    if (caughtUp.getCount() == 0) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> e : endAtStart.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return;
      }
    }
    LOG.info("directory topic feed caught up: topic={} entries={}", topic, entries.get());
    reachedEnd = true;
    caughtUp.countDown();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the background thread and closes the consumer. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing = true;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registry.remove(entriesGauge);
    registry.remove(rejected);
  }
}
