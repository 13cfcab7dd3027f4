package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.deadletter.ContentStripper;
import io.cdrvault.ingest.deadletter.DeadLetterSummary;
import io.cdrvault.ingest.deadletter.DeadLetters;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the ingest loop's dead letters: each input record as it came (key, value, headers),
 * to {@code deadLetterTopic} with its reason ({@link IngestPipeline#DLQ_REASON}), a detail that
 * names kinds and positions, never values ({@link IngestPipeline#DLQ_DETAIL}), its
 * {@code topic-partition@offset} ({@link IngestPipeline#DLQ_SOURCE}) and the format it was read
 * as, plus the origin topic ({@link DeadLetters#ORIGIN_TOPIC}) and what was kept of the payload
 * ({@link DeadLetters#PAYLOAD}). A payload that decoded (an {@code unattributed} record) is kept
 * only in its content-free form ({@link ContentStripper}); one that failed to decode is kept as it
 * came. Every dead letter is counted into a periodic log summary ({@link DeadLetterSummary}, at
 * most once a minute, from a timer thread, and on close; a re-read batch's dead letters are sent
 * and counted again). Sends are asynchronous (idempotent producer, {@code acks=all}); the first
 * failure is kept until {@link #flush()} reports it.
 *
 * <p>Thread-safety: {@link #send} and {@link #flush()} are for the ingest loop thread only;
 * {@link #close()} may be called from any thread. Arguments are non-null.
 */
final class DeadLetterPublisher implements AutoCloseable {
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  /** The first send failure since the last flush; set on the producer's I/O thread. */
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final DecoderRegistry decoders;
  private final SourceCatalog sources;
  private final DeadLetterSummary summary;
  /** Logs the summary when its minute has passed, also while ingest is idle. */
  private final ScheduledExecutorService summaryTimer;

  /** Creates the producer with the settings' security (not connected until the first send). */
  DeadLetterPublisher(IngestSettings settings, DecoderRegistry decoders, SourceCatalog sources) {
    this.topic = settings.deadLetterTopic();
    this.decoders = decoders;
    this.sources = sources;
    this.summary = new DeadLetterSummary(topic, Duration.ofMinutes(1), Clock.systemUTC());
    this.summaryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cdrvault-dlq-summary");
      t.setDaemon(true);
      return t;
    });
    summaryTimer.scheduleWithFixedDelay(summary::maybeLog, 5, 5, TimeUnit.SECONDS);
    Map<String, Object> p = settings.kafkaClientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "cdrvault-dlq-" + settings.topic());
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends {@code r} as a dead letter read as {@code format}; its own {@code cdr.format} and
   * {@code cdr.dlq.*} headers are replaced.
   */
  void send(ConsumerRecord<byte[], byte[]> r, String format, RejectReason reason, String detail) {
    publish(r, r.value(), DeadLetters.PAYLOAD_ORIGINAL, format, reason, detail);
  }

  /**
   * Sends {@code r}, which decoded to {@code decoded} but was not attributed, in its content-free
   * form; when no verified content-free form exists the payload is withheld (empty value, header
   * {@link DeadLetters#PAYLOAD} {@code withheld}) rather than kept with its content.
   */
  void sendDecoded(ConsumerRecord<byte[], byte[]> r, String format, DecodeResult decoded, String detail) {
    Optional<CdrDecoder> decoder = decoders.forName(format);
    Optional<byte[]> stripped = decoder.isEmpty() || r.value() == null ? Optional.empty()
        : ContentStripper.strip(format, r.value(), decoder.get(),
            sources.forSource(header(r, DecoderRegistry.SOURCE_HEADER)), decoded);
    publish(r, stripped.orElse(new byte[0]),
        stripped.isPresent() ? DeadLetters.PAYLOAD_STRIPPED : DeadLetters.PAYLOAD_WITHHELD, format,
        RejectReason.UNATTRIBUTED, detail);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header x = r.headers().lastHeader(key);
    return x == null || x.value() == null ? null : new String(x.value(), StandardCharsets.UTF_8);
  }

  private void publish(ConsumerRecord<byte[], byte[]> r, byte[] value, String kept, String format,
      RejectReason reason, String detail) {
    summary.count(reason.code(), header(r, DecoderRegistry.SOURCE_HEADER));
    Headers h = new RecordHeaders();
    for (Header x : r.headers()) {
      String k = x.key();
      if (!k.equals(DecoderRegistry.FORMAT_HEADER) && !k.startsWith("cdr.dlq.")) {
        h.add(x);
      }
    }
    h.add(IngestPipeline.DLQ_REASON, reason.code().getBytes(StandardCharsets.UTF_8));
    h.add(IngestPipeline.DLQ_DETAIL, detail.getBytes(StandardCharsets.UTF_8));
    h.add(IngestPipeline.DLQ_SOURCE,
        (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
    h.add(DeadLetters.ORIGIN_TOPIC, r.topic().getBytes(StandardCharsets.UTF_8));
    h.add(DeadLetters.PAYLOAD, kept.getBytes(StandardCharsets.UTF_8));
    h.add(DecoderRegistry.FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(topic, null, r.key(), value, h), (meta, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    });
  }

  /**
   * Waits until every dead letter sent so far is acknowledged or failed; returns (and forgets)
   * the first failure since the last flush, or null when all were published.
   */
  Exception flush() {
    producer.flush();
    return failure.getAndSet(null);
  }

  /** Closes the producer, waiting up to 10 s for sends under way. Idempotent; any thread. */
  @Override
  public void close() {
    summaryTimer.shutdownNow();
    summary.logNow();
    producer.close(Duration.ofSeconds(10));
  }
}
