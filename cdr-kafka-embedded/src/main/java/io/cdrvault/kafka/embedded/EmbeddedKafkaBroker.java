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
 * <p>{@link #startSecured} adds two secured listeners beside the PLAINTEXT one (which stays for
 * inter-broker traffic and for admin work in tests): {@code SASL_SSL} with SCRAM-SHA-512 and one
 * SCRAM user, and {@code SSL} requiring a client certificate, both with a certificate from a test CA
 * made on the spot ({@link BrokerTls}).
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
  /** Secured listeners and their TLS material; null for a PLAINTEXT-only broker. */
  private final Secured secured;
  private boolean closed;

  /** The secured listeners' addresses and TLS material. */
  private record Secured(String saslSsl, String ssl, BrokerTls tls) {}

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Secured secured) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.secured = secured;
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
    return start(logDir, null, null);
  }

  /**
   * As {@link #start(Path)}, with a {@code SASL_SSL} listener (SCRAM-SHA-512; the user
   * {@code scramUser} with {@code scramPassword} is created) and an {@code SSL} listener requiring
   * a client certificate signed by {@link #tls()}'s CA. Returns once a SCRAM login over SASL_SSL
   * works.
   */
  public static EmbeddedKafkaBroker startSecured(Path logDir, String scramUser, String scramPassword) {
    return start(logDir, java.util.Objects.requireNonNull(scramUser, "scramUser"),
        java.util.Objects.requireNonNull(scramPassword, "scramPassword"));
  }

  private static EmbeddedKafkaBroker start(Path logDir, String scramUser, String scramPassword) {
    try {
      Files.createDirectories(logDir);
      Path dataDir = logDir.resolve(DATA_DIR);
      boolean secure = scramUser != null;
      int[] ports = ports(logDir, secure ? 4 : 2);
      int brokerPort = ports[0];
      int controllerPort = ports[1];
      Properties props = serverProperties(dataDir, brokerPort, controllerPort);
      Secured secured = null;
      if (secure) {
        BrokerTls tls = BrokerTls.create(logDir.resolve("tls"));
        secured = new Secured("127.0.0.1:" + ports[2], "127.0.0.1:" + ports[3], tls);
        secureListeners(props, brokerPort, controllerPort, ports[2], ports[3], tls);
      }
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
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, secured);
      broker.awaitReady();
      if (secure) {
        ScramUsers.create(broker, scramUser, scramPassword);
      }
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

  /** Adds the SASL_SSL (SCRAM-SHA-512) and SSL (client certificate required) listeners. */
  private static void secureListeners(Properties p, int brokerPort, int controllerPort, int saslSslPort,
      int sslPort, BrokerTls tls) {
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort
        + ",SASL_SSL://127.0.0.1:" + saslSslPort + ",SSL://127.0.0.1:" + sslPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_SSL://127.0.0.1:"
        + saslSslPort + ",SSL://127.0.0.1:" + sslPort);
    p.put("listener.security.protocol.map",
        "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL");
    p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put("ssl.keystore.location", tls.brokerKeyStore().toAbsolutePath().toString());
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.password", tls.password());
    p.put("ssl.key.password", tls.password());
    p.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.password", tls.password());
    p.put("listener.name.ssl.ssl.client.auth", "required");
  }

  /**
   * The ports used last time on this directory if there were {@code n} and all are free now, else
   * {@code n} new free ports (remembered).
   */
  private static int[] ports(Path logDir, int n) throws IOException {
    Path f = logDir.resolve(PORTS_FILE);
    if (Files.exists(f)) {
      String[] parts = Files.readString(f, StandardCharsets.US_ASCII).trim().split(",");
      try {
        int[] old = java.util.Arrays.stream(parts).mapToInt(Integer::parseInt).toArray();
        if (old.length == n && java.util.Arrays.stream(old).distinct().count() == n
            && java.util.Arrays.stream(old).allMatch(EmbeddedKafkaBroker::isFree)) {
          return old;
        }
      } catch (RuntimeException e) {
        LOG.debug("ignoring unreadable ports file");
      }
    }
    java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>();
    while (chosen.size() < n) {
      chosen.add(freePort());
    }
    int[] ports = chosen.stream().mapToInt(Integer::intValue).toArray();
    Files.writeString(f, String.join(",", chosen.stream().map(String::valueOf).toList()),
        StandardCharsets.US_ASCII);
    return ports;
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

  /** An admin client on the PLAINTEXT listener (no authorizer: it may do anything). */
  Admin admin() {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000));
  }

  /** {@code host:port} of the PLAINTEXT listener, for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * {@code host:port} of the SASL_SSL listener (SCRAM-SHA-512).
   *
   * @throws IllegalStateException when the broker was not started with {@link #startSecured}
   */
  public String saslSslBootstrapServers() {
    return secured().saslSsl();
  }

  /**
   * {@code host:port} of the SSL listener that requires a client certificate of {@link #tls()}'s CA.
   *
   * @throws IllegalStateException when the broker was not started with {@link #startSecured}
   */
  public String sslBootstrapServers() {
    return secured().ssl();
  }

  /**
   * The TLS material of the secured listeners (trust store, CA, client certificates).
   *
   * @throws IllegalStateException when the broker was not started with {@link #startSecured}
   */
  public BrokerTls tls() {
    return secured().tls();
  }

  private Secured secured() {
    if (secured == null) {
      throw new IllegalStateException("this broker has no secured listeners (use startSecured)");
    }
    return secured;
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
