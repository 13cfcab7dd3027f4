package io.cdrvault.app.cli;

import io.cdrvault.ingest.kafka.KafkaSecurity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.LoggerFactory;

/**
 * What the Kafka-facing CLI commands ({@code produce}, {@code topics}, ...) share: the security of
 * {@code --kafka-config} ({@link KafkaConfigOption}), bounded timeouts, one
 * clear message naming the address or topic instead of minutes of client retries, and the Kafka
 * client's connection WARN lines silenced (the command reports the failure itself).
 *
 * <p>Stateless; thread-safe.
 */
final class KafkaCli {
  /** Default bound on reaching the cluster and on each admin call. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private KafkaCli() {}

  /** A Kafka problem the command reports as a usage/configuration error (exit 2). */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  /**
   * Sets the Kafka client loggers to ERROR when Logback is bound: a CLI command that cannot reach a
   * broker says so once instead of the client's per-retry WARN lines.
   */
  static void quietClientLogs() {
    for (String name : List.of("org.apache.kafka", "kafka")) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
  }

  /** An admin client whose calls give up after {@code timeout}. */
  static Admin admin(String bootstrap, Duration timeout) throws Unavailable {
    return admin(bootstrap, KafkaSecurity.PLAINTEXT, timeout);
  }

  /** An admin client connecting with {@code security}, whose calls give up after {@code timeout}. */
  static Admin admin(String bootstrap, KafkaSecurity security, Duration timeout) throws Unavailable {
    int ms = (int) Math.max(1000, timeout.toMillis());
    Map<String, Object> c = security.applyTo(new HashMap<>());
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    c.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    try {
      return Admin.create(c);
    } catch (KafkaException e) {
      throw new Unavailable("cannot use Kafka bootstrap address '" + bootstrap + "': " + rootMessage(e));
    }
  }

  /**
   * Checks within {@code timeout} that the cluster at {@code bootstrap} answers and holds
   * {@code topic}.
   *
   * @throws Unavailable naming the address (unreachable) or the topic (missing)
   */
  static void requireTopic(Admin admin, String bootstrap, String topic, Duration timeout) throws Unavailable {
    try {
      admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new Unavailable("topic '" + topic + "' does not exist on " + bootstrap
            + " (create it: ./cdrvault topics create --bootstrap " + bootstrap + " --topic " + topic + ")");
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(bootstrap, timeout);
      }
      if (e.getCause() instanceof AuthenticationException) {
        throw new Unavailable("Kafka at " + bootstrap + " rejected the connection ("
            + e.getCause().getClass().getSimpleName() + "): check the ingest.kafka.* keys of "
            + "--kafka-config (user, password file or variable, trust store)");
      }
      throw new Unavailable("Kafka at " + bootstrap + " refused to describe topic '" + topic + "': "
          + e.getCause().getClass().getSimpleName());
    } catch (TimeoutException e) {
      throw unreachable(bootstrap, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while contacting Kafka at " + bootstrap);
    }
  }

  static Unavailable unreachable(String bootstrap, Duration timeout) {
    return new Unavailable("no Kafka broker answered at " + bootstrap + " within " + timeout.toSeconds()
        + " s (check --bootstrap: host, port, listener; a secured listener needs --kafka-config)");
  }

  /** Producer settings bounding how long a send may block or wait for acknowledgement. */
  static Map<String, Object> boundedProducer(Duration timeout) {
    int ms = (int) Math.max(1000, timeout.toMillis());
    return Map.of("max.block.ms", ms, "request.timeout.ms", ms, "delivery.timeout.ms", ms + 10_000,
        "reconnect.backoff.max.ms", 1000);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
