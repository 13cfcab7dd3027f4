package io.cdrvault.ingest.kafka;

import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.errors.CdrVaultException;
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
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before a node starts consuming, that the Kafka cluster accepts the node's credentials:
 * one admin client with the same security settings describes the cluster and the input topic
 * within a bounded time. Rejected credentials, a failed TLS handshake or a missing permission is
 * one {@link ConfigException} naming the keys to check (never a password), instead of clients
 * retrying and logging the failure forever. A cluster that does not answer in time is only logged:
 * the consumer keeps trying, as it does without security.
 *
 * <p>Stateless and thread-safe.
 */
public final class KafkaPreflight {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);
  /** Prefix of the security keys in a node config (they live in its {@code ingest} section). */
  static final String SECTION = "ingest.";

  private KafkaPreflight() {}

  /**
   * Describes the cluster at {@code bootstrapServers} and {@code topic} with {@code security},
   * waiting at most {@code timeout}.
   *
   * @throws ConfigException when Kafka rejects the credentials, the TLS handshake or the access
   */
  public static void check(String bootstrapServers, KafkaSecurity security, String topic,
      Duration timeout) {
    Map<String, Object> c = security.applyTo(new HashMap<>());
    int ms = (int) Math.max(1000, timeout.toMillis());
    c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdrvault-preflight");
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    c.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    try (Admin admin = Admin.create(c)) {
      String cluster = admin.describeCluster().clusterId().get(ms, TimeUnit.MILLISECONDS);
      try {
        admin.describeTopics(List.of(topic)).allTopicNames().get(ms, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      LOG.info("Kafka at {} accepted the node's credentials ({}; cluster {})", bootstrapServers,
          security.protocol(), cluster);
    } catch (ExecutionException e) {
      failOrWarn(e.getCause(), bootstrapServers, security, topic);
    } catch (KafkaException e) {
      failOrWarn(e, bootstrapServers, security, topic);
    } catch (TimeoutException e) {
      warnUnanswered(bootstrapServers, security);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted while checking the Kafka credentials", e);
    }
  }

  private static void warnUnanswered(String servers, KafkaSecurity security) {
    LOG.warn("no Kafka broker answered at {} in time ({}); ingest keeps trying (check "
        + "ingest.bootstrapServers and {}{})", servers, security.protocol(), SECTION,
        KafkaSecurityConfig.PROTOCOL);
  }

  private static void failOrWarn(Throwable cause, String servers, KafkaSecurity security,
      String topic) {
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      warnUnanswered(servers, security);
    } else {
      throw translate(cause, servers, security, topic);
    }
  }

  private static RuntimeException translate(Throwable cause, String servers, KafkaSecurity security,
      String topic) {
    if (cause instanceof SaslAuthenticationException && security.sasl().isPresent()) {
      KafkaSecurity.Sasl s = security.sasl().get();
      return new ConfigException(List.of("Kafka at " + servers + " rejected the credentials of "
          + SECTION + KafkaSecurityConfig.SASL_USERNAME + " (" + s.mechanism() + ", user '"
          + s.username() + "'): check the password in " + SECTION + s.passwordSource().key()
          + " and " + SECTION + KafkaSecurityConfig.SASL_MECHANISM));
    }
    if (cause instanceof SslAuthenticationException) {
      return new ConfigException(List.of("the TLS handshake with Kafka at " + servers + " failed ("
          + rootMessage(cause) + "): check " + SECTION + KafkaSecurityConfig.TRUSTSTORE_PATH + ", "
          + SECTION + KafkaSecurityConfig.KEYSTORE_PATH + " and " + SECTION
          + KafkaSecurityConfig.ENDPOINT_IDENTIFICATION));
    }
    if (cause instanceof AuthorizationException) {
      String who = security.sasl().map(s -> "user '" + s.username() + "'").orElse("the node");
      return new ConfigException(List.of("Kafka at " + servers + " does not allow " + who
          + " to describe the cluster or topic '" + topic + "' (" + cause.getClass().getSimpleName()
          + "): grant it DESCRIBE and READ on the topic and READ on the consumer group"));
    }
    return new CdrVaultException("cannot check the Kafka credentials at " + servers + " ("
        + cause.getClass().getSimpleName() + ")", cause);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
