package io.cdrvault.ingest.deadletter;

import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.store.errors.CdrVaultException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and replays the dead-letter topic of an ingest pipeline (the operator side of DESIGN §4.5).
 * {@link #scan} reads the topic from its start to its end at the time of the call; {@link #replay}
 * re-sends selected dead letters — key, payload (as kept) and original headers — to the input
 * partition they were read from, so the running pipeline decodes and attributes them again.
 *
 * <p>Replays are exactly once: each replayed position is recorded in the compacted replay ledger
 * topic ({@link #ledgerTopic}) in the same Kafka transaction as the re-sent records, and a replay
 * skips positions already in the ledger; the transactional id is per dead-letter topic, so two
 * replays at once fence each other. A record re-sent anyway maps to the same record id and is not
 * stored twice (DESIGN §4.4). Each replay is logged and summarised in the ledger (ADR 0017).
 *
 * <p>Every call is bounded by the timeout given to {@link #connect}; an unreachable broker or a
 * missing topic is a {@link CdrVaultException} naming the address and topic, never a hang.
 * Thread-safety: one thread at a time. Arguments are non-null.
 */
public final class DeadLetters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  public static final String REASON = "cdr.dlq.reason";
  public static final String DETAIL = "cdr.dlq.detail";
  public static final String SOURCE = "cdr.dlq.source";
  /** The input topic a dead letter was read from. */
  public static final String ORIGIN_TOPIC = "cdr.dlq.topic";
  /** What was kept of the payload: {@link #PAYLOAD_ORIGINAL}, {@link #PAYLOAD_STRIPPED}, {@link #PAYLOAD_WITHHELD}. */
  public static final String PAYLOAD = "cdr.dlq.payload";
  public static final String PAYLOAD_ORIGINAL = "original";
  public static final String PAYLOAD_STRIPPED = "content-stripped";
  public static final String PAYLOAD_WITHHELD = "withheld";
  /** On a replayed record (and on its dead letter if it fails again): the replay's id. */
  public static final String REPLAY_ID = "cdr.replay.id";
  /** On a replayed record: the dead-letter position it was re-sent from. */
  public static final String REPLAY_OF = "cdr.replay.of";

  private final String bootstrap;
  private final KafkaSecurity security;
  private final String topic;
  private final Duration timeout;

  private DeadLetters(String bootstrap, KafkaSecurity security, String topic, Duration timeout) {
    this.bootstrap = bootstrap;
    this.security = java.util.Objects.requireNonNull(security, "security");
    this.topic = topic;
    this.timeout = timeout;
  }

  /** A reader of {@code topic} at {@code bootstrap}; nothing is connected until a call. */
  public static DeadLetters connect(String bootstrap, String topic, Duration timeout) {
    return connect(bootstrap, KafkaSecurity.PLAINTEXT, topic, timeout);
  }

  /** As {@link #connect(String, String, Duration)}, every client connecting with {@code security}. */
  public static DeadLetters connect(String bootstrap, KafkaSecurity security, String topic, Duration timeout) {
    return new DeadLetters(bootstrap, security, topic, timeout);
  }

  /** The replay ledger of dead-letter topic {@code topic}. */
  public static String ledgerTopic(String topic) {
    return topic + ".replayed";
  }

  /** The outcome of a replay; {@code awaited} false when ingest's progress was not (fully) seen. */
  public record ReplayResult(String replayId, int selected, int replayed, int alreadyReplayed,
      int notReplayable, boolean awaited, int deadLetteredAgain) {
    /** Re-sent records ingest took (stored, or found already stored): replayed minus failed again. */
    public int accepted() {
      return replayed - deadLetteredAgain;
    }
  }

  /** Calls {@code sink} with every dead letter {@code selection} matches, in partition and offset order. */
  public void scan(Selection selection, Consumer<DeadLetter> sink) {
    read(topic, selection.partition(), r -> {
      DeadLetter d = toDeadLetter(r);
      if (selection.matches(d)) {
        sink.accept(d);
      }
    });
  }

  /** The matching dead letters, at most {@code limit} of them. */
  public List<DeadLetter> list(Selection selection, int limit) {
    List<DeadLetter> out = new ArrayList<>();
    scan(selection, d -> {
      if (out.size() < limit) {
        out.add(d);
      }
    });
    return out;
  }

  /**
   * Re-sends the selected dead letters not replayed before to their input partitions, recording
   * them in the replay ledger in the same transaction. When {@code await} is positive, then waits
   * up to that long for ingest group {@code groupId} to commit past the re-sent records and counts
   * those that were dead-lettered again.
   */
  public ReplayResult replay(Selection selection, String operator, String groupId, Duration await) {
    ensureLedger();
    Set<String> done = new HashSet<>();
    read(ledgerTopic(topic), -1, r -> {
      if (r.key() != null && r.value() != null) {
        done.add(new String(r.key(), StandardCharsets.UTF_8));
      }
    });
    List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
    int[] counts = new int[3]; // selected, already, not replayable
    read(topic, selection.partition(), r -> {
      DeadLetter d = toDeadLetter(r);
      if (!selection.matches(d)) {
        return;
      }
      counts[0]++;
      if (done.contains(d.position())) {
        counts[1]++;
      } else if (!d.replayable()) {
        counts[2]++;
      } else {
        chosen.add(r);
      }
    });
    String id = UUID.randomUUID().toString();
    Map<TopicPartition, Long> lastSent = chosen.isEmpty() ? Map.of() : send(chosen, id, selection, operator, counts);
    ReplayResult sent = new ReplayResult(id, counts[0], chosen.size(), counts[1], counts[2], false, 0);
    LOG.info("dead-letter replay {} by {} on topic {} ({}): selected={} replayed={} alreadyReplayed={} notReplayable={}",
        id, DeadLetterSummary.printable(operator), topic, selection.describe(), sent.selected(), sent.replayed(),
        sent.alreadyReplayed(), sent.notReplayable());
    if (chosen.isEmpty() || await.isZero() || await.isNegative()) {
      return sent;
    }
    boolean caughtUp = awaitIngest(groupId, lastSent, await);
    int[] again = {0};
    read(topic, -1, r -> {
      if (id.equals(header(r.headers(), REPLAY_ID))) {
        again[0]++;
      }
    });
    return new ReplayResult(id, sent.selected(), sent.replayed(), sent.alreadyReplayed(), sent.notReplayable(),
        caughtUp, again[0]);
  }

  private Map<TopicPartition, Long> send(List<ConsumerRecord<byte[], byte[]>> chosen, String id, Selection selection,
      String operator, int[] counts) {
    Map<String, Object> p = security.applyTo(new HashMap<>());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cdrvault-dlq-replay-" + topic);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    int request = (int) Math.min(timeout.toMillis(), 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), request + 1_000L));
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Math.max(60_000, timeout.toMillis() * 2));
    Map<TopicPartition, Long> last = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      String ledger = ledgerTopic(topic);
      for (ConsumerRecord<byte[], byte[]> r : chosen) {
        DeadLetter d = toDeadLetter(r);
        Headers h = new RecordHeaders();
        for (Header x : r.headers()) {
          if (!x.key().startsWith("cdr.dlq.") && !x.key().startsWith("cdr.replay.")) {
            h.add(x);
          }
        }
        h.add(REPLAY_ID, bytes(id));
        h.add(REPLAY_OF, bytes(topic + "-" + d.position()));
        sends.add(producer.send(new ProducerRecord<>(d.originTopic(), d.originPartition(), r.key(), r.value(), h)));
        producer.send(new ProducerRecord<>(ledger, bytes(d.position()), bytes(id)));
      }
      producer.send(new ProducerRecord<>(ledger, bytes("replay:" + id), bytes("at=" + Instant.now()
          + " by=" + DeadLetterSummary.printable(operator) + " " + selection.describe() + " selected=" + counts[0]
          + " replayed=" + chosen.size() + " alreadyReplayed=" + counts[1] + " notReplayable=" + counts[2])));
      producer.commitTransaction();
      for (Future<RecordMetadata> f : sends) {
        RecordMetadata m = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
      }
      return last;
    } catch (KafkaException | ExecutionException | TimeoutException e) {
      // Kafka's messages name topics, partitions and settings, never record contents
      throw new CdrVaultException("replay to the input topics failed (" + where() + "): "
          + e.getClass().getSimpleName() + " " + e.getMessage() + "; nothing was committed unless the ledger shows it", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted during replay (" + where() + ")", e);
    }
  }

  /** Waits until {@code groupId} has committed past every re-sent record; false on timeout. */
  private boolean awaitIngest(String groupId, Map<TopicPartition, Long> lastSent, Duration await) {
    long deadline = System.nanoTime() + await.toNanos();
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean all = lastSent.entrySet().stream().allMatch(e -> {
          OffsetAndMetadata o = committed.get(e.getKey());
          return o != null && o.offset() > e.getValue();
        });
        if (all) {
          return true;
        }
        Thread.sleep(200);
      }
      return false;
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      LOG.warn("could not read ingest progress of group {} ({}): {}", groupId, where(), e.getClass().getSimpleName());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void ensureLedger() {
    try (Admin admin = admin()) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().get(0).replicas().size();
      NewTopic t = new NewTopic(ledgerTopic(topic), 1, (short) partitions)
          .configs(Map.of("cleanup.policy", "compact"));
      try {
        admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted (" + where() + ")", e);
    }
  }

  private Admin admin() {
    Map<String, Object> a = security.applyTo(new HashMap<>());
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    return Admin.create(a);
  }

  /** Reads {@code t} (one partition, or all when {@code partition} < 0) from start to its current end. */
  private void read(String t, int partition, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Map<String, Object> c = security.applyTo(new HashMap<>());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "cdrvault-dlq-reader");
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(t, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new CdrVaultException("topic " + t + " does not exist at " + bootstrap);
      }
      List<TopicPartition> tps = new ArrayList<>();
      for (PartitionInfo i : infos) {
        if (partition < 0 || i.partition() == partition) {
          tps.add(new TopicPartition(t, i.partition()));
        }
      }
      tps.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
      for (TopicPartition tp : tps) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(tp, timeout) < end.get(tp)) {
          var polled = consumer.poll(Duration.ofMillis(200));
          if (polled.isEmpty() && System.nanoTime() > deadline) {
            throw new CdrVaultException("reading " + tp + " stalled before offset " + end.get(tp) + " at " + bootstrap);
          }
          if (!polled.isEmpty()) {
            deadline = System.nanoTime() + timeout.toNanos();
          }
          for (ConsumerRecord<byte[], byte[]> r : polled.records(tp)) {
            if (r.offset() < end.get(tp)) {
              sink.accept(r);
            }
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw unreachable(e);
    } catch (KafkaException e) {
      throw new CdrVaultException("reading " + t + " at " + bootstrap + " failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private CdrVaultException unreachable(Exception e) {
    return new CdrVaultException("Kafka at " + bootstrap + " did not answer for topic " + topic + " within "
        + timeout.toSeconds() + " s (" + e.getClass().getSimpleName() + ")", e);
  }

  private String where() {
    return "topic " + topic + " at " + bootstrap;
  }

  static DeadLetter toDeadLetter(ConsumerRecord<byte[], byte[]> r) {
    String origin = orEmpty(header(r.headers(), SOURCE));
    String originTopic = orEmpty(header(r.headers(), ORIGIN_TOPIC));
    int at = origin.lastIndexOf('@');
    int dash = at < 0 ? -1 : origin.lastIndexOf('-', at);
    int originPartition = -1;
    if (dash > 0) {
      try {
        originPartition = Integer.parseInt(origin.substring(dash + 1, at));
        if (originTopic.isEmpty()) {
          originTopic = origin.substring(0, dash);
        }
      } catch (NumberFormatException e) {
        originPartition = -1;
      }
    }
    String payload = header(r.headers(), PAYLOAD);
    return new DeadLetter(r.partition(), r.offset(), orEmpty(header(r.headers(), REASON)),
        orEmpty(header(r.headers(), DETAIL)), orEmpty(header(r.headers(), "cdr.format")),
        orEmpty(header(r.headers(), "cdr.source")), origin, originTopic, originPartition,
        Instant.ofEpochMilli(r.timestamp()), payload == null ? PAYLOAD_ORIGINAL : payload,
        orEmpty(header(r.headers(), REPLAY_ID)));
  }

  private static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Nothing is held between calls; present for try-with-resources in callers. */
  @Override
  public void close() {}
}
