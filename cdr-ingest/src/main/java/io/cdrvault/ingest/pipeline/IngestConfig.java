package io.cdrvault.ingest.pipeline;

import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef;
import io.cdrvault.store.config.ConfigDef.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/** The declared configuration of the ingest module (keys under {@code ingest.} in the node config). */
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

  /** The declarations; {@code deadLetterTopic}, {@code directoryFile} and {@code directoryTopic} empty mean "derived" / "none". */
  public static final ConfigDef DEF = ConfigDef.builder("ingest")
      .define(BOOTSTRAP_SERVERS, Type.STRING, null, v -> !((String) v).isBlank(), "host:port[,host:port]",
          "Kafka bootstrap servers of the input cluster.")
      .define(TOPIC, Type.STRING, "cdr.raw", v -> !((String) v).isBlank(), "a topic name",
          "Input topic the switches write CDRs to.")
      .define(DEAD_LETTER_TOPIC, Type.STRING, "", null, null,
          "Topic for records that cannot be decoded or attributed; empty = <topic>.dlq.")
      .define(GROUP_ID, Type.STRING, "cdrvault-ingest", v -> !((String) v).isBlank(), "a group id",
          "Consumer group (offsets are kept in the store; the group's commits are informational).")
      .define(BATCH_SIZE, Type.INT, 2000, v -> (Integer) v >= 1 && (Integer) v <= 100_000, "1..100000",
          "Consumed records per atomic store write.")
      .define(BATCH_MAX_WAIT, Type.DURATION, Duration.ofMillis(200),
          v -> !((Duration) v).isNegative() && !((Duration) v).isZero(), "a positive duration",
          "Longest time a non-empty batch waits before it is written.")
      .define(DEFAULT_REGION, Type.STRING, "US", v -> ((String) v).matches("[A-Za-z]{2}"),
          "ISO 3166 alpha-2", "Region for national numbers of this source.")
      .define(SOURCE_NAME, Type.STRING, "default", v -> !((String) v).isBlank(), "a name",
          "Source name used as origin when a format carries none.")
      .define(ZONE, Type.STRING, "UTC", IngestConfig::isZone, "a time-zone id",
          "Time zone of local timestamps from this source.")
      .define(DIRECTORY_FILE, Type.STRING, "", null, null,
          "Subscriber directory file (CSV number,customerId[,validFrom[,validTo]] or YAML); empty = none.")
      .define(DIRECTORY_TOPIC, Type.STRING, "", null, null,
          "Compacted subscriber directory topic on the same cluster (key 'number|validFrom', JSON value; see README); "
              + "read fully before ingest starts, its entries take precedence over directoryFile; empty = none.")
      .define(RETRY_BACKOFF, Type.DURATION, Duration.ofMillis(500), v -> !((Duration) v).isNegative(),
          "a non-negative duration", "Wait between attempts when the store reports a retriable failure.")
      .define(GROUP_INSTANCE_ID, Type.STRING, "", null, null,
          "Static group membership id of this node (Kafka group.instance.id); empty = dynamic. Set it "
              + "(unique per node) so a restarted node takes its partitions back at once instead of "
              + "waiting for the session timeout of its previous incarnation.")
      .build();

  private IngestConfig() {}

  private static boolean isZone(Object v) {
    try {
      ZoneId.of((String) v);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Parses and validates raw values (reporting every problem at once) into settings. */
  public static IngestSettings settings(Map<String, ?> raw) {
    return settings(DEF.parse(raw));
  }

  public static IngestSettings settings(Config c) {
    String topic = c.getString(TOPIC);
    String dlq = c.getString(DEAD_LETTER_TOPIC);
    String dir = c.getString(DIRECTORY_FILE);
    String dirTopic = c.getString(DIRECTORY_TOPIC).strip();
    return new IngestSettings(c.getString(BOOTSTRAP_SERVERS), topic,
        dlq.isBlank() ? topic + ".dlq" : dlq, c.getString(GROUP_ID), c.getInt(BATCH_SIZE),
        c.getDuration(BATCH_MAX_WAIT), c.getString(DEFAULT_REGION).toUpperCase(java.util.Locale.ROOT),
        c.getString(SOURCE_NAME), ZoneId.of(c.getString(ZONE)), dir.isBlank() ? null : Path.of(dir),
        dirTopic.isEmpty() ? null : dirTopic, c.getDuration(RETRY_BACKOFF), c.getString(GROUP_INSTANCE_ID));
  }
}
