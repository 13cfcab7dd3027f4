package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.ingest.kafka.KafkaSecurityConfig;
import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef;
import io.cdrvault.store.config.ConfigDef.Type;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.Range;
import io.cdrvault.store.config.Validator;
import io.cdrvault.store.config.Validators;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The declared configuration of the ingest module (keys under {@code ingest.} in the node config)
 * and the one way to its {@link IngestSettings}.
 *
 * <p>Stateless and thread-safe.
 */
public final class IngestConfig {
  public static final String BOOTSTRAP_SERVERS = "bootstrapServers";
  public static final String TOPIC = "topic";
  public static final String DEAD_LETTER_TOPIC = "deadLetterTopic";
  public static final String GROUP_ID = "groupId";
  public static final String BATCH_SIZE = "batchSize";
  public static final String BATCH_MAX_WAIT = "batchMaxWait";
  public static final String DEFAULT_REGION = "defaultRegion";
  public static final String SOURCE_NAME = "sourceName";
  public static final String ZONE = "zone";
  public static final String DIRECTORY_FILE = "directoryFile";
  public static final String DIRECTORY_TOPIC = "directoryTopic";
  public static final String RETRY_BACKOFF = "retryBackoff";
  public static final String GROUP_INSTANCE_ID = "groupInstanceId";
  public static final String SOURCES_FILE = "sourcesFile";
  public static final String TOPIC_FORMATS = "topicFormats";
  public static final String DECODE_THREADS = "decodeThreads";
  public static final String MAX_POLL_RECORDS = "maxPollRecords";
  public static final String FETCH_MAX_BYTES = "fetchMaxBytes";
  public static final String MAX_PARTITION_FETCH_BYTES = "maxPartitionFetchBytes";

  /** Most decode threads a pipeline runs. */
  static final int MAX_DECODE_THREADS = 256;

  /**
   * The declarations, the only place a key's default and validator are written; {@link
   * IngestSettings} is built from them and checks values given in code with the same validators.
   * {@code deadLetterTopic}, {@code directoryFile}, {@code directoryTopic}, {@code sourcesFile} and
   * {@code groupInstanceId} empty mean "derived" / "none".
   */
  public static final ConfigDef DEF = KafkaSecurityConfig.define(ConfigDef.builder("ingest")
      .define(BOOTSTRAP_SERVERS, Type.STRING, null, Validators.nonBlank("host:port[,host:port]"),
          "Kafka bootstrap servers of the input cluster.")
      .define(TOPIC, Type.STRING, "cdr.raw", Validators.nonBlank("a topic name"),
          "Input topic the switches write CDRs to.")
      .define(DEAD_LETTER_TOPIC, Type.STRING, "",
          "Topic for records that cannot be decoded or attributed; empty = <topic>.dlq.")
      .define(GROUP_ID, Type.STRING, "cdrvault-ingest", Validators.nonBlank("a group id"),
          "Consumer group (offsets are kept in the store; the group's commits are informational).")
      .define(BATCH_SIZE, Type.INT, 2000, Range.between(1, 100_000),
          "Consumed records per atomic store write.")
      .define(BATCH_MAX_WAIT, Type.DURATION, Duration.ofMillis(200), Validators.positive(),
          "Longest time a non-empty batch waits before it is written.")
      .define(DEFAULT_REGION, Type.STRING, "US",
          Validators.matching("[A-Za-z]{2}", "ISO 3166 alpha-2"),
          "Region for national numbers of this source.")
      .define(SOURCE_NAME, Type.STRING, "default", Validators.nonBlank("a name"),
          "Source name used as origin when a format carries none.")
      .define(ZONE, Type.STRING, "UTC", Validators.zoneId(),
          "Time zone of local timestamps from this source.")
      .define(DIRECTORY_FILE, Type.STRING, "",
          "Subscriber directory file (CSV number,customerId[,validFrom[,validTo]] or YAML); "
              + "empty = none.")
      .define(DIRECTORY_TOPIC, Type.STRING, "",
          "Compacted subscriber directory topic on the same cluster (key 'number|validFrom', JSON "
              + "value; see README); read fully before ingest starts, its entries take precedence "
              + "over directoryFile; empty = none.")
      .define(RETRY_BACKOFF, Type.DURATION, Duration.ofMillis(500), Validators.nonNegative(),
          "Wait between attempts when the store reports a retriable failure.")
      .define(GROUP_INSTANCE_ID, Type.STRING, "",
          "Static group membership id of this node (Kafka group.instance.id); empty = dynamic. Set it "
              + "(unique per node) so a restarted node takes its partitions back at once instead of "
              + "waiting for the session timeout of its previous incarnation.")
      .define(SOURCES_FILE, Type.STRING, "",
          "Per-source settings file (YAML: sources.<name>.region/zone/options), matched by the "
              + "cdr.source header; empty = every source uses region/zone above.")
      .define(TOPIC_FORMATS, Type.LIST, List.of(),
          Validator.of("topic=format[,topic=format]", IngestConfig::isTopicFormats),
          "Format of a topic's records that carry no cdr.format header, e.g. "
              + "cdr.asterisk=asterisk-csv,cdr.kannel=kannel-log; other topics: canonical-json.")
      .define(DECODE_THREADS, Type.INT, 0, Range.between(0, MAX_DECODE_THREADS),
          "Threads decoding and attributing records in parallel (one writer stays); 0 = the "
              + "available processors.")
      .define(MAX_POLL_RECORDS, Type.INT, 2000, Range.between(1, 100_000),
          "Kafka consumer max.poll.records: records handed over per poll.")
      .define(FETCH_MAX_BYTES, Type.INT, 8 * 1024 * 1024, Range.atLeast(1024),
          "Kafka consumer fetch.max.bytes: bytes buffered per fetch (bounds ingest memory).")
      .define(MAX_PARTITION_FETCH_BYTES, Type.INT, 1024 * 1024, Range.atLeast(1024),
          "Kafka consumer max.partition.fetch.bytes: bytes buffered per partition per fetch."))
      .build();

  private IngestConfig() {}

  private static boolean isTopicFormats(Object v) {
    try {
      topicFormats((List<?>) v);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code topic=format} entries → map; each side non-blank, each topic once. */
  static Map<String, String> topicFormats(List<?> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object o : entries) {
      String e = String.valueOf(o);
      int eq = e.indexOf('=');
      if (eq <= 0 || eq == e.length() - 1) {
        throw new IllegalArgumentException("not topic=format");
      }
      if (out.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("topic given twice");
      }
    }
    return out;
  }

  /**
   * The sources of these settings: the {@code sourcesFile} loaded over the settings' default
   * source, or only that default when there is no file.
   *
   * @throws io.cdrvault.store.config.ConfigException when the file cannot be read or is invalid
   */
  public static SourceCatalog sources(IngestSettings s) {
    return s.sourcesFile() == null ? SourceCatalog.of(s.defaultSource())
        : SourceCatalog.load(s.sourcesFile(), s.defaultSource());
  }

  /** Parses and validates raw values (reporting every problem at once) into settings. */
  public static IngestSettings settings(Map<String, ?> raw) {
    return settings(DEF.parse(raw));
  }

  /**
   * The settings of a config parsed with {@link #DEF}, Kafka passwords read from the process
   * environment or their files.
   */
  public static IngestSettings settings(Config c) {
    return settings(c, System.getenv());
  }

  /**
   * The settings of a config parsed with {@link #DEF}, Kafka passwords ({@code kafka.*}) read from
   * {@code env} or the files the keys name.
   *
   * @throws ConfigException when keys contradict each other (e.g. {@code deadLetterTopic} equal to
   *     {@code topic}) or a password cannot be read, naming the keys
   */
  public static IngestSettings settings(Config c, Map<String, String> env) {
    KafkaSecurity security = KafkaSecurityConfig.from(c, c.getString(BOOTSTRAP_SERVERS), env);
    String topic = c.getString(TOPIC);
    String dlq = c.getString(DEAD_LETTER_TOPIC);
    String dir = c.getString(DIRECTORY_FILE);
    String dirTopic = c.getString(DIRECTORY_TOPIC).strip();
    String sources = c.getString(SOURCES_FILE);
    int threads = c.getInt(DECODE_THREADS);
    try {
      return new IngestSettings(c.getString(BOOTSTRAP_SERVERS), topic,
          dlq.isBlank() ? topic + ".dlq" : dlq, c.getString(GROUP_ID), c.getInt(BATCH_SIZE),
          c.getDuration(BATCH_MAX_WAIT), c.getString(DEFAULT_REGION).toUpperCase(Locale.ROOT),
          c.getString(SOURCE_NAME), ZoneId.of(c.getString(ZONE)),
          dir.isBlank() ? null : Path.of(dir), dirTopic.isEmpty() ? null : dirTopic,
          c.getDuration(RETRY_BACKOFF), c.getString(GROUP_INSTANCE_ID),
          sources.isBlank() ? null : Path.of(sources), topicFormats(c.getList(TOPIC_FORMATS)),
          threads == 0 ? IngestSettings.defaultDecodeThreads() : threads,
          c.getInt(MAX_POLL_RECORDS), c.getInt(FETCH_MAX_BYTES),
          c.getInt(MAX_PARTITION_FETCH_BYTES), security);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
  }
}
