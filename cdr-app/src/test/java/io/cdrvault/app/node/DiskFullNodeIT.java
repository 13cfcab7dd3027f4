package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.SmallDisk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose data directory lies on a real tmpfs that fills up: reads answer 503
 * {@code audit-unavailable} (fail closed) and {@code /ready} says not ready, naming the disk; once
 * the filler is deleted the <em>same</em> node — no restart — is ready and serves again.
 * {@code /health} stays UP throughout: a full disk is not something a restart fixes.
 *
 * <p>The node's Kafka bootstrap points nowhere: ingest runs (and retries connecting), which is all
 * readiness looks at.
 */
class DiskFullNodeIT {
  private static final String TOKEN = "billing-disk-full-0123456789";
  /** Larger than what RocksDB reserves before it resumes (see DiskFullRecoveryIT). */
  private static final int DISK_MB = 160;
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
  private static final String USAGE =
      "/v1/customers/C-1001/usage?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z";

  @TempDir static Path base;
  private static SmallDisk disk;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Node node;

  @BeforeAll
  static void mount() throws Exception {
    disk = SmallDisk.mount(base.resolve("disk"), DISK_MB);
  }

  @AfterAll
  static void unmount() throws Exception {
    if (disk != null) {
      disk.close();
    }
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private HttpResponse<String> get(String path, boolean authenticated) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.apiBaseUrl() + path))
        .timeout(Duration.ofSeconds(20)).GET();
    if (authenticated) {
      b.header("Authorization", "Bearer " + TOKEN).header("X-CPNI-Purpose", "BILLING");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void fullDisk_makesTheNodeNotReadyAndReads503_untilSpaceReturns_thenItServesWithoutARestart()
      throws Exception {
    Keyring keyring = Keyring.create(base.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    Principals principals = Principals.of(List.of(new Principals.Entry(
        new Principal("billing-job", Set.of("billing-job"), Optional.empty()), Principals.sha256(TOKEN))));
    node = Node.start(new Node.Settings(
        new StoreSettings(disk.dir().resolve("data"), false, 100, 0),
        IngestSettings.defaults("127.0.0.1:9", "cdrs"), ApiSettings.of("127.0.0.1", 0), principals,
        PolicyFile.load(Path.of("..", "config", "policy.yaml")), SubscriberDirectory.empty()),
        keyring, Clock.systemUTC());

    assertThat(get(USAGE, true).statusCode()).isEqualTo(200);
    HttpResponse<String> readyBefore = get("/ready", false);
    assertThat(readyBefore.statusCode()).as(readyBefore.body()).isEqualTo(200);
    assertThat(readyBefore.body()).contains("\"status\":\"READY\"").contains("\"ingest\":{\"ok\":true,\"state\":\"running\"}");

    // the write-ahead log preallocated room while there was some: the disk is full for RocksDB
    // once a flush (as a filling memtable triggers) has rolled to a new log with none
    disk.fill();
    ((RocksCdrStore) node.store()).flushAndCompact();
    disk.fill();

    HttpResponse<String> read = get(USAGE, true);
    Thread.sleep(1_100); // the probe's result is reused for a second
    HttpResponse<String> notReady = get("/ready", false);
    HttpResponse<String> health = get("/health", false);

    assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
    assertThat(read.body()).contains("audit-unavailable");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("\"status\":\"NOT_READY\"")
        .contains("\"ledger\":{\"ok\":false,\"state\":\"not-writable\",\"problem\":\"disk-full\"}")
        .doesNotContain("C-1001");
    assertThat(health.statusCode()).isEqualTo(200);

    disk.free();
    long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
    HttpResponse<String> ready = get("/ready", false);
    while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      ready = get("/ready", false);
    }

    assertThat(ready.statusCode()).as("ready again within %s: %s", RECOVERY_BOUND, ready.body())
        .isEqualTo(200);
    HttpResponse<String> after = get(USAGE, true);
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
  }
}
