package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.simulate.TrafficSimulator.Payload;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.LoggerFactory;

/**
 * A running background producer of simulated traffic ({@link TrafficSimulator#stream}); {@link
 * #close()} stops it and flushes what was sent.
 */
public final class TrafficStream implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final Supplier<Payload> next;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long sent;

  private TrafficStream(KafkaProducer<byte[], byte[]> producer, Supplier<Payload> next, String topic, int initial,
      int rate) {
    this.producer = producer;
    this.next = next;
    this.thread = new Thread(() -> loop(topic, initial, rate), "cdrvault-simulator");
    this.thread.setDaemon(true);
  }

  /** Starts a daemon thread sending {@code initial} payloads at once, then {@code rate} per second. */
  static TrafficStream start(KafkaProducer<byte[], byte[]> producer, Supplier<Payload> next, String topic,
      int initial, int rate) {
    TrafficStream s = new TrafficStream(producer, next, topic, initial, rate);
    s.thread.start();
    return s;
  }

  private void loop(String topic, int initial, int rate) {
    try {
      for (int i = 0; i < initial && running; i++) {
        producer.send(next.get().toProducerRecord(topic));
        sent++;
      }
      producer.flush();
      while (running && rate > 0) {
        long t0 = System.nanoTime();
        for (int i = 0; i < rate && running; i++) {
          producer.send(next.get().toProducerRecord(topic));
          sent++;
        }
        long sleepMs = 1000 - (System.nanoTime() - t0) / 1_000_000;
        if (sleepMs > 0) {
          Thread.sleep(sleepMs);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (running) {
        LoggerFactory.getLogger(TrafficStream.class)
            .warn("simulated softswitch stopped: {}", e.getClass().getSimpleName());
      }
    }
  }

  /** Payloads handed to the producer so far. */
  public long sent() {
    return sent;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
