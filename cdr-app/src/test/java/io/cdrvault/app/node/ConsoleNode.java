package io.cdrvault.app.node;

import static org.awaitility.Awaitility.await;

import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.StoreSettings;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A real node for the console's browser tests: an in-process Kafka broker with the input and
 * dead-letter topics, a node serving HTTPS with the demo's CA (data under {@code base/data}), the
 * shipped policy, the simulator's payloads consumed before the test starts, and an HTTP client that
 * trusts exactly that CA and follows no redirect. Closing stops the node, then the broker.
 *
 * <p>Not thread-safe (one test class owns it).
 */
final class ConsoleNode implements AutoCloseable {
  static final String TOPIC = "cdr.raw";

  private final EmbeddedKafkaBroker broker;
  private final Node node;
  private final DemoTls tls;
  private final HttpClient http;

  private ConsoleNode(EmbeddedKafkaBroker broker, Node node, DemoTls tls, HttpClient http) {
    this.broker = broker;
    this.node = node;
    this.tls = tls;
    this.http = http;
  }

  /**
   * Starts the broker and the node for {@code sim}'s directory, produces {@code payloads} of its
   * traffic (none when 0) and waits until they are stored. {@code api} adjusts the API's settings
   * before HTTPS is added; {@code settings} adjusts the node's (signer, audit, assertions, ...).
   */
  static ConsoleNode start(Path base, TrafficSimulator sim, int payloads, Principals principals,
      Clock clock, UnaryOperator<ApiSettings> api, UnaryOperator<Node.Settings> settings)
      throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(base.resolve("kafka"));
    Node node = null;
    try {
      broker.createTopic(TOPIC, 1);
      broker.createTopic(TOPIC + ".dlq", 1);
      Path data = base.resolve("data");
      DemoTls tls = DemoTls.ensure(data);
      node = Node.start(settings.apply(new Node.Settings(StoreSettings.defaults(data),
              IngestSettings.defaults(broker.bootstrapServers(), TOPIC).withRegion(sim.homeRegion()),
              api.apply(ApiSettings.of("127.0.0.1", 0)).withTls(tls.settings()), principals,
              PolicyFile.load(Path.of("..", "config", "policy.yaml")), sim.directory())),
          Keyring.create(base.resolve("keys/keystore.p12"), "PKCS12", "console-it".toCharArray()),
          clock);
      if (payloads > 0) {
        sim.produce(broker.bootstrapServers(), TOPIC, payloads);
        Node n = node;
        await("payloads consumed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
            .until(() -> n.store().storedOffsets().values().stream().mapToLong(Long::longValue).sum(),
                stored -> stored == payloads);
      }
      HttpClient http = HttpClient.newBuilder().sslContext(ConsoleBrowser.trusting(tls.caCertificate()))
          .followRedirects(HttpClient.Redirect.NEVER).build();
      return new ConsoleNode(broker, node, tls, http);
    } catch (Exception | AssertionError e) {
      if (node != null) {
        node.close();
      }
      broker.close();
      throw e;
    }
  }

  /** A principal with one role, authenticated by the SHA-256 of {@code token}. */
  static Principals.Entry principal(String name, String role, String token) {
    return new Principals.Entry(new Principal(name, Set.of(role), Optional.empty()),
        Principals.sha256(token));
  }

  /** A simulator of {@code customers} customers over the 30 days from {@code start}. */
  static TrafficSimulator simulator(long seed, int customers, String start) {
    return TrafficSimulator.builder().seed(seed).customers(customers)
        .window(Instant.parse(start), Duration.ofDays(30)).build();
  }

  Node node() {
    return node;
  }

  String url() {
    return node.apiBaseUrl();
  }

  HttpClient http() {
    return http;
  }

  DemoTls tls() {
    return tls;
  }

  /** A browser on this node's console, screenshots under {@code shotsDir}, none of {@code secrets} on a page. */
  ConsoleBrowser browser(Path profile, String shotsDir, String... secrets) throws Exception {
    return ConsoleBrowser.open(tls.serverCertificate(), profile, url(), shotsDir, secrets);
  }

  @Override
  public void close() {
    node.close();
    broker.close();
  }

  /** A node clock: the system's, plus an offset a test moves forward. */
  static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration d) {
      offset = offset.plus(d);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
