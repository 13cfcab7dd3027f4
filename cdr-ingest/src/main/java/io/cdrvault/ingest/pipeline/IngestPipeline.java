package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.DecoderRegistry;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.CdrVaultException;
import io.cdrvault.store.RetriableException;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest loop: consume the input topic, decode, normalise, attribute, and write batches to the
 * store together with the offsets they came from (exactly once: on (re)assignment every partition
 * is sought to the store's offsets, never the group's). Records that cannot be decoded or
 * attributed go to the dead-letter topic with a reason, and the dead-letter producer is flushed
 * before the batch's offsets are written, so nothing is lost.
 *
 * <p>{@link #run()} runs the loop on the calling thread until {@link #stop()} or {@link #close()};
 * those two may be called from any thread. A pipeline runs once.
 */
public final class IngestPipeline implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

  public static final String DLQ_REASON = "cdr.dlq.reason";
  public static final String DLQ_DETAIL = "cdr.dlq.detail";
  public static final String DLQ_SOURCE = "cdr.dlq.source";

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final IngestSettings settings;
  private final CdrStore store;
  private final DecoderRegistry decoders;
  private final Attributor attributor;
  private final IngestMetrics metrics;
  private final SourceContext defaultSource;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> dlqProducer;

  private final PendingBatch pending = new PendingBatch();
  private final AtomicReference<Exception> dlqFailure = new AtomicReference<>();
  private final AtomicInteger state = new AtomicInteger(NEW);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  /** Set by the rebalance listener when un-written work was dropped; read on the loop thread. */
  private boolean rewound;
  private boolean retrying;

  private IngestPipeline(IngestSettings settings, CdrStore store, DecoderRegistry decoders,
      Attributor attributor, MeterRegistry registry) {
    this.settings = settings;
    this.store = store;
    this.decoders = decoders;
    this.attributor = attributor;
    this.metrics = new IngestMetrics(registry);
    this.defaultSource = new SourceContext(settings.sourceName(), settings.defaultRegion(), settings.zone());
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(settings.batchSize(), 5000));
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdrvault-ingest-" + settings.topic());
    if (!settings.groupInstanceId().isEmpty()) {
      c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.groupInstanceId());
    }
    this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "cdrvault-dlq-" + settings.topic());
    this.dlqProducer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Creates a pipeline (clients are created but not connected until {@link #run()}). */
  public static IngestPipeline create(IngestSettings settings, CdrStore store,
      DecoderRegistry decoders, Attributor attributor, MeterRegistry registry) {
    return new IngestPipeline(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(decoders, "decoders"),
        Objects.requireNonNull(attributor, "attributor"), Objects.requireNonNull(registry, "registry"));
  }

  /** Runs the loop until stopped. A store failure that is not retriable ends the loop and is rethrown. */
  @Override
  public void run() {
    if (!state.compareAndSet(NEW, RUNNING)) {
      throw new IllegalStateException("an ingest pipeline runs once");
    }
    LOG.info("ingest pipeline started: topic={} batchSize={} batchMaxWait={}", settings.topic(),
        settings.batchSize(), settings.batchMaxWait());
    try {
      consumer.subscribe(List.of(settings.topic()), new Rebalance());
      long maxWaitNanos = settings.batchMaxWait().toNanos();
      while (!stopping) {
        Duration timeout = Duration.ofMillis(100);
        if (!pending.isEmpty()) {
          long left = maxWaitNanos - (System.nanoTime() - pending.firstAtNanos);
          timeout = Duration.ofNanos(Math.max(0, Math.min(left, timeout.toNanos())));
        }
        ConsumerRecords<byte[], byte[]> polled;
        try {
          polled = consumer.poll(timeout);
        } catch (WakeupException e) {
          break;
        }
        rewound = false;
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          process(r);
          if (pending.consumed >= settings.batchSize()) {
            flush();
            if (rewound) {
              break; // the rest of this poll was sought back; it will be read again
            }
          }
        }
        updateLag();
        if (!pending.isEmpty() && System.nanoTime() - pending.firstAtNanos >= maxWaitNanos) {
          flush();
        }
      }
      if (!pending.isEmpty()) {
        try {
          flush();
        } catch (RuntimeException e) {
          LOG.warn("final batch not written on stop ({}); it will be re-read", e.getClass().getSimpleName());
        }
      }
    } finally {
      closeClients();
      state.set(DONE);
      finished.countDown();
      LOG.info("ingest pipeline stopped: topic={}", settings.topic());
    }
  }

  private void process(ConsumerRecord<byte[], byte[]> r) {
    SourcePartition sp = new SourcePartition(r.topic(), r.partition());
    String format = decoders.formatFor(header(r.headers(), DecoderRegistry.FORMAT_HEADER), r.topic());
    CdrDecoder decoder = decoders.forName(format).orElse(null);
    String formatTag = decoder == null ? "unknown" : format;
    pending.consumed(sp, r.offset());
    if (decoder == null) {
      deadLetter(r, format, formatTag, RejectReason.UNKNOWN_FORMAT, "no decoder for the record's format");
      return;
    }
    DecodeResult d = decoder.decode(r.value(), sourceFor(r));
    pending.count(formatTag, PendingBatch.CONTENT, d.droppedContentFields());
    if (!d.isOk()) {
      deadLetter(r, format, formatTag, d.reason(), d.detail());
      return;
    }
    boolean unattributed = false;
    int stored = 0;
    for (Cdr cdr : d.records()) {
      List<CustomerCdr> attributed = attributor.attribute(cdr);
      if (attributed.isEmpty()) {
        unattributed = true;
      } else {
        pending.records.addAll(attributed);
        stored++;
      }
    }
    pending.count(formatTag, PendingBatch.STORED, stored);
    if (unattributed) {
      pending.count(formatTag, PendingBatch.UNATTRIBUTED, 1);
      pending.deadLetter(RejectReason.UNATTRIBUTED);
      sendDeadLetter(r, format, RejectReason.UNATTRIBUTED,
          "no served customer for the record's account or numbers");
    }
  }

  private SourceContext sourceFor(ConsumerRecord<byte[], byte[]> r) {
    String source = header(r.headers(), DecoderRegistry.SOURCE_HEADER);
    if (source == null || source.isEmpty() || source.equals(defaultSource.sourceName())) {
      return defaultSource;
    }
    return new SourceContext(source, defaultSource.defaultRegion(), defaultSource.zone());
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String format, String formatTag,
      RejectReason reason, String detail) {
    pending.count(formatTag, PendingBatch.REJECTED, 1);
    pending.deadLetter(reason);
    sendDeadLetter(r, format, reason, detail);
  }

  private void sendDeadLetter(ConsumerRecord<byte[], byte[]> r, String format, RejectReason reason,
      String detail) {
    Headers h = new RecordHeaders();
    for (Header x : r.headers()) {
      String k = x.key();
      if (!k.equals(DecoderRegistry.FORMAT_HEADER) && !k.startsWith("cdr.dlq.")) {
        h.add(x);
      }
    }
    h.add(DLQ_REASON, reason.code().getBytes(StandardCharsets.UTF_8));
    h.add(DLQ_DETAIL, detail.getBytes(StandardCharsets.UTF_8));
    h.add(DLQ_SOURCE, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
    h.add(DecoderRegistry.FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
    dlqProducer.send(new ProducerRecord<>(settings.deadLetterTopic(), null, r.key(), r.value(), h),
        (meta, e) -> {
          if (e != null) {
            dlqFailure.compareAndSet(null, e);
          }
        });
  }

  /**
   * Flushes dead letters, then writes the batch (retrying retriable store failures with the
   * partitions paused), then publishes counts and commits offsets to the group (informational).
   */
  private void flush() {
    dlqProducer.flush();
    Exception dlqError = dlqFailure.getAndSet(null);
    if (dlqError != null) {
      LOG.warn("dead-letter publish failed ({}); dropping the batch and re-reading it",
          dlqError.getClass().getSimpleName());
      rewindAll();
      sleepQuietly(settings.retryBackoff());
      return;
    }
    int attempt = 0;
    while (true) {
      try {
        store.write(pending.toIngestBatch());
        break;
      } catch (RetriableException e) {
        attempt++;
        LOG.warn("store write of {} records failed (retriable, attempt {}): {}", pending.consumed,
            attempt, e.getMessage());
        if (!retryPause()) {
          return; // stopped, or the work was dropped by a rebalance
        }
      } catch (CdrVaultException e) {
        resumeAll();
        throw e;
      }
    }
    if (retrying) {
      resumeAll();
    }
    publish();
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    pending.nextOffsets.forEach((sp, off) ->
        commit.put(new TopicPartition(sp.topic(), sp.partition()), new OffsetAndMetadata(off)));
    consumer.commitAsync(commit, (offsets, e) -> {
      if (e != null) {
        LOG.debug("informational offset commit failed: {}", e.getClass().getSimpleName());
      }
    });
    pending.clear();
  }

  /** Pauses and waits one backoff while keeping group membership; false if the batch is gone. */
  private boolean retryPause() {
    if (!retrying) {
      retrying = true;
      consumer.pause(consumer.assignment());
    }
    long until = System.nanoTime() + settings.retryBackoff().toNanos();
    do {
      if (stopping) {
        resumeAll();
        return false;
      }
      long left = Math.max(0, until - System.nanoTime());
      try {
        ConsumerRecords<byte[], byte[]> none = consumer.poll(Duration.ofNanos(Math.min(left, 100_000_000L)));
        if (!none.isEmpty()) {
          // cannot happen with every partition paused; never silently drop data
          rewindAll();
          resumeAll();
          return false;
        }
      } catch (WakeupException e) {
        resumeAll();
        return false;
      }
      if (rewound) {
        resumeAll();
        return false;
      }
    } while (System.nanoTime() < until);
    return true;
  }

  private void resumeAll() {
    retrying = false;
    consumer.resume(consumer.paused());
  }

  private void publish() {
    int n = pending.consumed;
    metrics.batch(n);
    pending.perFormat.forEach((format, c) -> {
      metrics.records(format, "stored", c[PendingBatch.STORED]);
      metrics.records(format, "rejected", c[PendingBatch.REJECTED]);
      metrics.records(format, "unattributed", c[PendingBatch.UNATTRIBUTED]);
      metrics.contentDropped(format, c[PendingBatch.CONTENT]);
    });
    pending.deadLetters.forEach(metrics::deadLetters);
  }

  /** Drops un-written work and seeks every assigned partition back to the store's offsets. */
  private void rewindAll() {
    pending.clear();
    seekToStored(consumer.assignment());
    rewound = true;
  }

  private void seekToStored(Collection<TopicPartition> partitions) {
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

  private void updateLag() {
    long sum = 0;
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong l = consumer.currentLag(tp);
      if (l.isPresent()) {
        sum += l.getAsLong();
      }
    }
    metrics.lag(sum);
  }

  private static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      // drop un-written work; partitions we keep are sought back so it is re-read
      pending.clear();
      Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
      kept.removeAll(partitions);
      seekToStored(kept);
      rewound = true;
      LOG.info("partitions revoked: {}", partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      seekToStored(partitions);
      if (retrying) {
        consumer.pause(partitions);
      }
      LOG.info("partitions assigned: {}", partitions.size());
    }
  }

  /** Asks the loop to stop after the current step; returns at once. Any thread. */
  public void stop() {
    stopping = true;
    if (state.get() == RUNNING) {
      consumer.wakeup();
    }
  }

  /**
   * Stops the loop and waits (up to 30 s) until it has written or dropped its last batch and
   * closed its clients. Idempotent; any thread. Does not close the store.
   */
  @Override
  public void close() {
    stop();
    if (state.compareAndSet(NEW, DONE)) {
      closeClients();
      finished.countDown();
      return;
    }
    try {
      if (!finished.await(30, TimeUnit.SECONDS)) {
        LOG.warn("ingest pipeline did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeClients() {
    try {
      dlqProducer.close(Duration.ofSeconds(10));
    } finally {
      try {
        consumer.close(Duration.ofSeconds(10));
      } catch (WakeupException e) {
        consumer.close(Duration.ofSeconds(10));
      }
    }
  }
}
