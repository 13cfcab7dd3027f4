package io.cdrvault.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft combined mode: broker and controller in one process) run
 * inside this JVM, for the demo and for integration tests. It listens on free ports of 127.0.0.1.
 *
 * <p>The log directory is formatted on first start only; its cluster id is kept in
 * {@code <logDir>/cluster.id}, so starting again on the same directory continues with the same
 * topics and data.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String CLUSTER_ID_FILE = "cluster.id";
  private static final String PORTS_FILE = "ports";
  private static final String DATA_DIR = "kafka-logs";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker whose data lives under {@code logDir} (created if missing). Formats the
   * directory only when it is not formatted yet. A restart on the same {@code logDir} listens on
   * the same ports as before when they are free (clients keep their bootstrap address across a
   * broker restart), otherwise on new free ports.
   *
   * @throws IllegalStateException if formatting or startup fails
   */
  public static EmbeddedKafkaBroker start(Path logDir) {
    try {
      Files.createDirectories(logDir);
      Path dataDir = logDir.resolve(DATA_DIR);
      int[] ports = ports(logDir);
      int brokerPort = ports[0];
      int controllerPort = ports[1];
      Properties props = serverProperties(dataDir, brokerPort, controllerPort);
      Path propsFile = logDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(propsFile)) {
        props.store(out, "cdrvault embedded broker");
      }
      String clusterId = clusterId(logDir);
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        format(clusterId, propsFile);
      }
      long t0 = System.nanoTime();
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + brokerPort;
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap);
      broker.awaitReady();
      LOG.info("embedded Kafka broker up on {} in {} ms", bootstrap,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare broker directory", e);
    }
  }

  static Properties serverProperties(Path dataDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    return p;
  }

  /** The ports used last time on this directory if both are free now, else two new free ports (remembered). */
  private static int[] ports(Path logDir) throws IOException {
    Path f = logDir.resolve(PORTS_FILE);
    if (Files.exists(f)) {
      String[] parts = Files.readString(f, StandardCharsets.US_ASCII).trim().split(",");
      try {
        int b = Integer.parseInt(parts[0]);
        int c = Integer.parseInt(parts[1]);
        if (b != c && isFree(b) && isFree(c)) {
          return new int[] {b, c};
        }
      } catch (RuntimeException e) {
        LOG.debug("ignoring unreadable ports file");
      }
    }
    int b = freePort();
    int c = freePort();
    while (c == b) {
      c = freePort();
    }
    Files.writeString(f, b + "," + c, StandardCharsets.US_ASCII);
    return new int[] {b, c};
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String clusterId(Path logDir) throws IOException {
    Path f = logDir.resolve(CLUSTER_ID_FILE);
    if (Files.exists(f)) {
      String id = Files.readString(f, StandardCharsets.US_ASCII).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(f, id, StandardCharsets.US_ASCII);
    return id;
  }

  private static void format(String clusterId, Path propsFile) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(
          new String[] {"format", "-t", clusterId, "-c", propsFile.toString()}, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException("formatting the Kafka log directory failed (exit " + rc + "): "
          + buf.toString(StandardCharsets.UTF_8).trim());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private void awaitReady() {
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IllegalStateException("embedded broker did not become ready", e);
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000));
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Creates a topic with replication factor 1, waiting until it exists. A topic that already
   * exists is fine (its partition count is left as is).
   */
  public void createTopic(String name, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1");
    }
    try (Admin admin = admin()) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
            .all().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic", e.getCause());
        }
      }
      awaitLeaders(admin, name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating a topic", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic", e);
    }
  }

  /** Waits until the topic's metadata is visible and every partition has a leader. */
  private static void awaitLeaders(Admin admin, String name)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames()
            .get(30, TimeUnit.SECONDS).get(name);
        if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topic has no leader yet");
      }
      Thread.sleep(50);
    }
  }

  /** Shuts the broker down and waits for it; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }
}
