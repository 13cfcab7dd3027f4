package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.errors.CdrVaultException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest loop: consume the input topic, decode, normalise, attribute, and write batches to the
 * store together with the offsets they came from (exactly once: on (re)assignment every partition
 * is sought to the store's offsets, never the group's). Records that cannot be decoded or
 * attributed go to the dead-letter topic with a reason, and the dead-letter producer is flushed
 * before the batch's offsets are written, so nothing is lost.
 *
 * <p>Decoding, normalising and attributing run in parallel ({@link RecordDecoder}): each poll's
 * records are cut into {@code decodeThreads} contiguous chunks, decoded on a bounded pool (the loop
 * thread takes one chunk itself), and then consumed in offset order on the loop thread, which is
 * the only writer. So batches, offsets and dead letters are exactly as with one thread, and
 * nothing is held beyond the pending batch plus one poll (itself bounded by {@code maxPollRecords}
 * and the fetch limits).
 *
 * <p>Writing overlaps reading: a full batch is handed over to one {@link BatchWriter} thread,
 * which writes it (records and offsets in one atomic store write) while the loop polls and decodes
 * the next one. At most one batch is in flight: before handing over the next batch, and before any
 * seek, revoke handling, stop or close, the loop waits for it. Its dead letters were flushed before
 * it was handed over; its counts, informational offset commit and any failure are handled on the
 * loop thread once the write has ended, which alone uses the Kafka consumer.
 *
 * <p>A retriable store failure (e.g. disk full) is retried every {@code retryBackoff} by the writer
 * until it succeeds; meanwhile the loop pauses every assigned partition (keeping group membership),
 * commits nothing, and {@code cdr.ingest.paused} is 1. If the work is dropped instead (stop,
 * revoked partitions), the write under way finishes its attempt and every later batch is dropped
 * and re-read from the store's offsets.
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
  private final SourceCatalog sources;
  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterPublisher deadLetters;
  private final ConsumerPositions positions;

  private PendingBatch pending = new PendingBatch();
  /** A cleared batch to fill next (the last one written), or null. */
  private PendingBatch spare;
  /** Writes handed-over batches; created by {@link #run()}; loop thread only. */
  private BatchWriter writer;
  /** A non-retriable write failure seen inside a rebalance callback, rethrown by the loop. */
  private RuntimeException writeFailure;
  /** Decodes and attributes each poll (owns the decode workers); created by {@link #run()}. */
  private RecordDecoder recordDecoder;
  private final AtomicInteger state = new AtomicInteger(NEW);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;
  /** Set by the rebalance listener when un-written work was dropped; read on the loop thread. */
  private boolean rewound;

  private IngestPipeline(IngestSettings settings, CdrStore store, DecoderRegistry decoders,
      SourceCatalog sources, Attributor attributor, MeterRegistry registry) {
    this.settings = settings;
    this.store = store;
    this.decoders = decoders;
    this.sources = sources;
    this.attributor = attributor;
    this.metrics = new IngestMetrics(registry, decoders.formats());
    this.consumer = ConsumerPositions.newConsumer(settings);
    this.positions = new ConsumerPositions(consumer, store, metrics);
    this.deadLetters = new DeadLetterPublisher(settings, decoders, sources);
  }

  /**
   * Creates a pipeline whose every source uses the settings' default region and zone (clients are
   * created but not connected until {@link #run()}).
   */
  public static IngestPipeline create(IngestSettings settings, CdrStore store,
      DecoderRegistry decoders, Attributor attributor, MeterRegistry registry) {
    Objects.requireNonNull(settings, "settings");
    return create(settings, store, decoders, SourceCatalog.of(settings.defaultSource()), attributor,
        registry);
  }

  /**
   * Creates a pipeline; each record's {@code cdr.source} header picks its settings from
   * {@code sources} (see {@link IngestConfig#sources(IngestSettings)} for the configured file).
   */
  public static IngestPipeline create(IngestSettings settings, CdrStore store,
      DecoderRegistry decoders, SourceCatalog sources, Attributor attributor, MeterRegistry registry) {
    return new IngestPipeline(Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(decoders, "decoders"),
        Objects.requireNonNull(sources, "sources"), Objects.requireNonNull(attributor, "attributor"),
        Objects.requireNonNull(registry, "registry"));
  }

  /** Runs the loop until stopped. A store failure that is not retriable ends the loop and is rethrown. */
  @Override
  public void run() {
    if (!state.compareAndSet(NEW, RUNNING)) {
      throw new IllegalStateException("an ingest pipeline runs once");
    }
    LOG.info("ingest pipeline started: topic={} batchSize={} batchMaxWait={} decodeThreads={}",
        settings.topic(), settings.batchSize(), settings.batchMaxWait(), settings.decodeThreads());
    recordDecoder = new RecordDecoder(settings, decoders, sources, attributor);
    writer = new BatchWriter(store, metrics, settings.retryBackoff(), settings.topic());
    try {
      consumer.subscribe(List.of(settings.topic()), new Rebalance());
      long maxWaitNanos = settings.batchMaxWait().toNanos();
      while (!stopping) {
        reapIfDone();
        if (writer.retrying()) {
          positions.pauseAll();
        }
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
        throwIfFailed();
        long polledAt = System.nanoTime();
        rewound = false;
        List<ConsumerRecord<byte[], byte[]>> records = asList(polled);
        RecordDecoder.Decoded[] decoded = decodeAll(records);
        for (int i = 0; i < decoded.length; i++) {
          take(records.get(i), decoded[i], polledAt);
          if (pending.consumed >= settings.batchSize()) {
            flush();
            if (rewound) {
              break; // the rest of this poll was sought back; it will be read again
            }
          }
        }
        positions.updateLag();
        if (!pending.isEmpty() && System.nanoTime() - pending.firstAtNanos >= maxWaitNanos) {
          flush();
        }
      }
      // stopping: the write under way is not retried; a non-retriable failure of it is rethrown
      awaitWriter();
      if (!pending.isEmpty()) {
        try {
          flush();
          awaitWriter();
        } catch (RuntimeException e) {
          LOG.warn("final batch not written on stop ({}); it will be re-read", e.getClass().getSimpleName());
        }
      }
    } finally {
      recordDecoder.close();
      writer.close();
      metrics.paused(false);
      closeClients();
      state.set(DONE);
      finished.countDown();
      LOG.info("ingest pipeline stopped: topic={}", settings.topic());
    }
  }

  /** Decodes a poll on the decode workers; an interrupt stops the loop. */
  private RecordDecoder.Decoded[] decodeAll(List<ConsumerRecord<byte[], byte[]>> records) {
    try {
      return recordDecoder.decodeAll(records);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      throw new CdrVaultException("interrupted while decoding a poll", e);
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> asList(ConsumerRecords<byte[], byte[]> polled) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(polled.count());
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      out.add(r);
    }
    return out;
  }

  /** Adds one decoded record to the pending batch (loop thread, in offset order). */
  private void take(ConsumerRecord<byte[], byte[]> r, RecordDecoder.Decoded x, long polledAt) {
    if (pending.take(new SourcePartition(r.topic(), r.partition()), r.offset(), polledAt, x)) {
      DecodeResult d = x.result();
      if (d.isOk()) {
        deadLetters.sendDecoded(r, x.format(), d,
            "no served customer for the record's account or numbers");
      } else {
        deadLetters.send(r, x.format(), d.reason(), d.detail());
      }
    }
  }

  /**
   * Flushes dead letters, waits for the previous batch's write, then hands this batch to the
   * writer. If the previous write was dropped (or dead letters failed), this batch is dropped too
   * and every partition is sought back to the store's offsets ({@code rewound}).
   */
  private void flush() {
    Exception dlqError = deadLetters.flush();
    if (dlqError != null) {
      LOG.warn("dead-letter publish failed ({}); dropping the batch and re-reading it",
          dlqError.getClass().getSimpleName());
      awaitWriter();
      rewindAll();
      sleepQuietly(settings.retryBackoff());
      return;
    }
    awaitWriter();
    if (pending.isEmpty()) {
      return; // dropped while waiting (rebalance, stop, or the previous write was abandoned)
    }
    writer.submit(pending);
    pending = spare != null ? spare : new PendingBatch();
    spare = null;
  }

  /**
   * Waits until no write is in flight, handling its outcome. While it retries, polls with every
   * partition paused to keep group membership. When stopping, the write is not retried. Loop
   * thread, never inside a rebalance callback.
   */
  private void awaitWriter() {
    while (writer.busy()) {
      if (stopping) {
        writer.abandon();
      }
      if (!writer.retrying() || stopping) {
        BatchWriter.Outcome o = writer.await(Duration.ofMillis(100));
        if (o != null) {
          completed(o);
        }
        continue;
      }
      positions.pauseAll();
      try {
        ConsumerRecords<byte[], byte[]> none = consumer.poll(Duration.ofMillis(100));
        if (!none.isEmpty()) {
          // cannot happen with every partition paused; never silently drop data
          drainWriter();
          rewindAll();
        }
      } catch (WakeupException e) {
        stopping = true;
      }
      throwIfFailed();
      reapIfDone();
    }
  }

  /** Handles the in-flight write's outcome if it has ended; loop thread. */
  private void reapIfDone() {
    BatchWriter.Outcome o = writer.takeIfDone();
    if (o != null) {
      completed(o);
    }
  }

  /** Abandons the in-flight write's retries, waits for it, and handles its outcome. */
  private void drainWriter() {
    while (writer.busy()) {
      BatchWriter.Outcome o = writer.drain(Duration.ofSeconds(1));
      if (o != null) {
        completed(o);
      }
    }
  }

  /**
   * A write ended: publishes counts and commits offsets (informational) after a success; drops
   * every later batch after an abandoned write; rethrows a non-retriable failure.
   */
  private void completed(BatchWriter.Outcome o) {
    PendingBatch done = o.batch();
    if (positions.paused()) {
      if (o.written() != null) {
        LOG.info("store write succeeded after {} retries; partitions resumed", o.retries());
      }
      positions.resumeAll();
    }
    if (o.failure() != null) {
      throw o.failure();
    }
    if (o.abandoned()) {
      LOG.info("store write of {} records abandoned after {} retries; it will be re-read",
          done.consumed, o.retries());
      rewindAll(); // later work assumed this batch's offsets
    } else {
      metrics.written(done, o.written());
      positions.commitInformational(done.nextOffsets);
    }
    done.clear();
    spare = done;
  }

  private void throwIfFailed() {
    RuntimeException e = writeFailure;
    if (e != null) {
      writeFailure = null;
      throw e;
    }
  }

  /** Drops un-written work and seeks every assigned partition back to the store's offsets. */
  private void rewindAll() {
    pending.clear();
    positions.seekToStored(consumer.assignment());
    rewound = true;
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
      // let the write under way end (it is durable), then drop un-written work; partitions we
      // keep are sought back so it is re-read
      try {
        drainWriter();
      } catch (RuntimeException e) {
        writeFailure = e; // rethrown by the loop after poll returns
      }
      pending.clear();
      Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
      kept.removeAll(partitions);
      positions.seekToStored(kept);
      rewound = true;
      metrics.lagRemoved(partitions);
      LOG.info("partitions revoked: {}", partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      positions.seekToStored(partitions);
      positions.pauseIfPaused(partitions);
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
      deadLetters.close();
    } finally {
      try {
        consumer.close(Duration.ofSeconds(10));
      } catch (WakeupException e) {
        consumer.close(Duration.ofSeconds(10));
      }
    }
  }
}
