package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.format.DecoderRegistry;
import io.cdrvault.ingest.format.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
 * as. Sends are asynchronous (idempotent producer, {@code acks=all}); the first failure is kept
 * until {@link #flush()} reports it.
 *
 * <p>Thread-safety: {@link #send} and {@link #flush()} are for the ingest loop thread only;
 * {@link #close()} may be called from any thread. Arguments are non-null.
 */
final class DeadLetterPublisher implements AutoCloseable {
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  /** The first send failure since the last flush; set on the producer's I/O thread. */
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** Creates the producer (not connected until the first send). */
  DeadLetterPublisher(IngestSettings settings) {
    this.topic = settings.deadLetterTopic();
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
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
    h.add(DecoderRegistry.FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), h), (meta, e) -> {
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
    producer.close(Duration.ofSeconds(10));
  }
}
