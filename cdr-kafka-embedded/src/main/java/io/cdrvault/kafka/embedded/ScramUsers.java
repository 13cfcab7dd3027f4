package io.cdrvault.kafka.embedded;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * Creates SCRAM-SHA-512 users on an embedded broker (in KRaft they live in the cluster metadata)
 * through its PLAINTEXT listener, and waits until the SASL_SSL listener accepts a login.
 *
 * <p>Stateless; thread-safe.
 */
final class ScramUsers {
  private static final int ITERATIONS = 4096;

  private ScramUsers() {}

  static void create(EmbeddedKafkaBroker broker, String user, String password) {
    try (Admin admin = broker.admin()) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)))
          .all().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating a SCRAM user", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the SCRAM user", e);
    }
    awaitLogin(broker, user, password);
  }

  /** The credential reaches the broker's cache through the metadata log: wait for it. */
  private static void awaitLogin(EmbeddedKafkaBroker broker, String user, String password) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, Object> c = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslSslBootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"" + user + "\" password=\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\";",
        "ssl.truststore.location", broker.tls().truststore().toString(),
        "ssl.truststore.type", "PKCS12",
        "ssl.truststore.password", broker.tls().password());
    while (true) {
      try (Admin admin = Admin.create(c)) {
        admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
          throw new IllegalStateException("SCRAM login over SASL_SSL does not work", e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("SASL_SSL listener did not answer", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the SCRAM user", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the SCRAM user", e);
      }
    }
  }
}
