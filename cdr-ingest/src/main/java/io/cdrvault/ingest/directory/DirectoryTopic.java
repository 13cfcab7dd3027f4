package io.cdrvault.ingest.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The subscriber directory topic: a compacted Kafka topic with one record per validity period.
 *
 * <ul>
 *   <li>key: {@code <e164>|<validFrom ISO-8601 instant>} (UTF-8), e.g. {@code +12015550101|2026-03-01T00:00:00Z};
 *   <li>value: JSON {@code {"customer":"cust-1","from":"2026-03-01T00:00:00Z","to":null}} ({@code to}
 *       exclusive, {@code null} or absent = open-ended; {@code from}, when present, equals the key's);
 *   <li>a {@code null} value (tombstone) deletes the period with that key.
 * </ul>
 *
 * <p>Stateless and thread-safe (the producer and admin client passed in are the caller's).
 */
public final class DirectoryTopic {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long ADMIN_TIMEOUT_SECONDS = 30;
  private static final long METADATA_RETRY_MILLIS = 50;

  private DirectoryTopic() {}

  /**
   * Publishes that {@code customer} holds {@code e164} over {@code [from, to)}; publishing the same
   * number and start again replaces the period. Asynchronous: wait on the future or flush the
   * producer.
   *
   * @param to exclusive end, {@code null} = open-ended
   * @throws IllegalArgumentException if the number is not E.164 or the period is empty
   */
  public static Future<RecordMetadata> publish(Producer<byte[], byte[]> producer, String topic,
      String e164, CustomerId customer, Instant from, Instant to) {
    NumberAssignment a = new NumberAssignment(customer, from, to);
    ObjectNode v = JSON.createObjectNode();
    v.put("customer", a.customer().value());
    v.put("from", a.from().toString());
    v.put("to", a.to() == null ? null : a.to().toString());
    byte[] value;
    try {
      value = JSON.writeValueAsBytes(v);
    } catch (IOException e) {
      throw new CdrVaultException("cannot encode a directory topic value", e);
    }
    return producer.send(new ProducerRecord<>(topic, key(e164, from), value));
  }

  /** Publishes a tombstone deleting the period of {@code e164} that starts at {@code from}. */
  public static Future<RecordMetadata> tombstone(Producer<byte[], byte[]> producer, String topic,
      String e164, Instant from) {
    return producer.send(new ProducerRecord<>(topic, key(e164, from), null));
  }

  /**
   * Creates the topic with {@code cleanup.policy=compact} (replication: the broker default). An
   * existing topic is accepted when it is compacted. Returns once the topic is described as
   * compacted: a new topic's metadata reaches the brokers shortly after creation, and callers
   * (the {@code topics create} command, tests) use it at once.
   *
   * @throws CdrVaultException if creation fails or an existing topic is not compacted
   */
  public static void createTopic(Admin admin, String topic, int partitions) {
    createTopic(admin, topic, partitions, java.time.Duration.ofSeconds(ADMIN_TIMEOUT_SECONDS));
  }

  /** As {@link #createTopic(Admin, String, int)}, waiting at most {@code timeout} for each admin call. */
  public static void createTopic(Admin admin, String topic, int partitions, java.time.Duration timeout) {
    long timeoutMs = timeout.toMillis();
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive");
    }
    NewTopic t = new NewTopic(topic, Optional.of(partitions), Optional.empty())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(t)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new CdrVaultException("cannot create directory topic '" + topic + "'", e.getCause());
      }
    } catch (TimeoutException e) {
      throw new CdrVaultException("timed out creating directory topic '" + topic + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted creating directory topic '" + topic + "'", e);
    }
    requireCompacted(admin, topic, timeoutMs);
  }

  private static void requireCompacted(Admin admin, String topic, long timeoutMs) {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      Config c = describeOnceVisible(admin, r, deadline);
      ConfigEntry policy = c == null ? null : c.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      if (policy == null || policy.value() == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        throw new CdrVaultException("directory topic '" + topic + "' exists but is not compacted (cleanup.policy)");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new CdrVaultException("cannot describe directory topic '" + topic + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted describing directory topic '" + topic + "'", e);
    }
  }

  /** Describes {@code r}, retrying while the brokers do not know the topic yet, until {@code deadline}. */
  private static Config describeOnceVisible(Admin admin, ConfigResource r, long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        return admin.describeConfigs(List.of(r)).all().get(Math.max(1, left), TimeUnit.MILLISECONDS).get(r);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        Thread.sleep(METADATA_RETRY_MILLIS);
      }
    }
  }

  static byte[] key(String e164, Instant from) {
    Objects.requireNonNull(e164, "e164");
    Objects.requireNonNull(from, "from");
    if (!PhoneNumber.isE164(e164)) {
      throw new IllegalArgumentException("number is not in E.164 form");
    }
    return (e164 + '|' + from).getBytes(StandardCharsets.UTF_8);
  }

  /** A decoded key: the number and the period start. */
  record Key(String e164, Instant from) {}

  /** A record that does not follow the topic format; the message names the part, never a value. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static Key parseKey(byte[] key) throws Malformed {
    if (key == null) {
      throw new Malformed("key is missing");
    }
    String k = new String(key, StandardCharsets.UTF_8);
    int bar = k.indexOf('|');
    if (bar < 0 || k.indexOf('|', bar + 1) >= 0) {
      throw new Malformed("key is not '<number>|<validFrom>'");
    }
    String e164 = k.substring(0, bar);
    if (!PhoneNumber.isE164(e164)) {
      throw new Malformed("key's number is not in E.164 form");
    }
    try {
      return new Key(e164, Instant.parse(k.substring(bar + 1)));
    } catch (DateTimeException e) {
      throw new Malformed("key's validFrom is not an ISO-8601 instant");
    }
  }

  static NumberAssignment parseValue(Key key, byte[] value) throws Malformed {
    JsonNode n;
    try {
      n = JSON.readTree(value);
    } catch (IOException e) {
      throw new Malformed("value is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new Malformed("value is not a JSON object");
    }
    JsonNode c = n.get("customer");
    if (c == null || !c.isTextual()) {
      throw new Malformed("value field 'customer' is missing or not a string");
    }
    CustomerId customer;
    try {
      customer = CustomerId.of(c.asText());
    } catch (IllegalArgumentException e) {
      throw new Malformed("value field 'customer' is not a valid customer id");
    }
    Instant from = instant(n, "from");
    if (from != null && !from.equals(key.from())) {
      throw new Malformed("value field 'from' differs from the key's validFrom");
    }
    Instant to = instant(n, "to");
    if (to != null && !to.isAfter(key.from())) {
      throw new Malformed("value field 'to' is not after 'from'");
    }
    return new NumberAssignment(customer, key.from(), to);
  }

  private static Instant instant(JsonNode n, String field) throws Malformed {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Malformed("value field '" + field + "' is not a string");
    }
    try {
      return ValidityTimes.parse(v.asText());
    } catch (DateTimeException e) {
      throw new Malformed("value field '" + field + "' is not an ISO-8601 instant or date");
    }
  }
}
