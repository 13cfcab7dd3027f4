package io.cdrvault.ingest.kafka;

import io.cdrvault.store.config.SecretSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * How every Kafka client of a node authenticates and encrypts: the security protocol, the SASL
 * mechanism and credentials, the trust store and the client key store. Built from the
 * {@code ingest.kafka.*} keys ({@link KafkaSecurityConfig}) with the passwords already read from
 * their environment variables or files; {@link #clientProperties()} renders the Kafka client
 * settings every consumer, producer and admin client the node creates takes.
 *
 * <p>Passwords are held as Kafka {@link Password}s: Kafka's own config logging prints them as
 * {@code [hidden]}, and so do this record's {@code toString} and {@link #describe()}. Immutable and
 * thread-safe; all components non-null.
 *
 * @param protocol {@code security.protocol}
 * @param sasl mechanism and credentials; present exactly for the SASL protocols
 * @param truststore the CA certificates the broker's certificate is checked against; empty = the
 *     JVM's default trust store; only with the SSL protocols
 * @param keystore the client certificate and key (SSL client authentication); empty = none
 * @param verifyHostname whether the broker's certificate must name the host connected to
 */
public record KafkaSecurity(Protocol protocol, Optional<Sasl> sasl, Optional<StoreFile> truststore,
    Optional<StoreFile> keystore, boolean verifyHostname) {

  /** Kafka's {@code security.protocol} values. */
  public enum Protocol {
    PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

    boolean usesSasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    boolean usesTls() {
      return this == SSL || this == SASL_SSL;
    }
  }

  /** No authentication, no encryption: the default, and what the embedded demo broker speaks. */
  public static final KafkaSecurity PLAINTEXT = new KafkaSecurity(Protocol.PLAINTEXT,
      Optional.empty(), Optional.empty(), Optional.empty(), true);

  /**
   * SASL credentials.
   *
   * @param mechanism {@code SCRAM-SHA-512}, {@code SCRAM-SHA-256} or {@code PLAIN}
   * @param passwordSource where the password was read from (for messages)
   */
  public record Sasl(String mechanism, String username, Password password,
      SecretSource passwordSource) {
    public Sasl {
      if (!KafkaSecurityConfig.MECHANISMS.contains(mechanism)) {
        throw new IllegalArgumentException("SASL mechanism must be one of "
            + KafkaSecurityConfig.MECHANISMS);
      }
      if (username == null || username.isBlank()) {
        throw new IllegalArgumentException("SASL username is blank");
      }
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(passwordSource, "passwordSource");
    }

    private String jaasConfig() {
      String module = mechanism.equals("PLAIN")
          ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      return module + " required username=\"" + quoted(username) + "\" password=\""
          + quoted(password.value()) + "\";";
    }

    /** JAAS values are quoted strings; a backslash escapes the next character. */
    private static String quoted(String s) {
      return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
  }

  /**
   * A trust or key store file.
   *
   * @param type {@code PKCS12}, {@code JKS} or {@code PEM}
   * @param password its password; empty = none (a PEM trust store, an unencrypted PEM key)
   * @param passwordSource where the password was read from
   */
  public record StoreFile(Path path, String type, Optional<Password> password,
      Optional<SecretSource> passwordSource) {
    public StoreFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(passwordSource, "passwordSource");
      if (!KafkaSecurityConfig.STORE_TYPES.contains(type)) {
        throw new IllegalArgumentException("store type must be one of "
            + KafkaSecurityConfig.STORE_TYPES);
      }
    }

    private String describe() {
      return path + " (" + type + passwordSource.map(s -> ", password from " + s).orElse("") + ")";
    }
  }

  public KafkaSecurity {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(sasl, "sasl");
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(keystore, "keystore");
    if (protocol.usesSasl() != sasl.isPresent()) {
      throw new IllegalArgumentException("SASL credentials go with SASL_SSL or SASL_PLAINTEXT only");
    }
    if (!protocol.usesTls() && (truststore.isPresent() || keystore.isPresent())) {
      throw new IllegalArgumentException("trust and key stores go with SSL or SASL_SSL only");
    }
  }

  /**
   * The Kafka client settings of this security: {@code security.protocol} and, as needed,
   * {@code sasl.mechanism}, {@code sasl.jaas.config}, the {@code ssl.*} store settings and
   * {@code ssl.endpoint.identification.algorithm}. Password values are {@link Password}s, so a
   * client logging its config shows {@code [hidden]}. A new mutable map on each call.
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put("security.protocol", protocol.name());
    sasl.ifPresent(s -> {
      p.put(SaslConfigs.SASL_MECHANISM, s.mechanism());
      p.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(s.jaasConfig()));
    });
    if (protocol.usesTls()) {
      truststore.ifPresent(t -> {
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, t.path().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, t.type());
        t.password().ifPresent(pw -> p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, pw));
      });
      keystore.ifPresent(k -> {
        p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, k.path().toString());
        p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, k.type());
        k.password().ifPresent(pw -> {
          // a PEM key store takes only the key's password; PKCS12/JKS the store's (and key's)
          if (!k.type().equals("PEM")) {
            p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, pw);
          }
          p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, pw);
        });
      });
      p.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
          verifyHostname ? "https" : "");
    }
    return p;
  }

  /** {@code props} with this security's settings added (replacing any there); returns {@code props}. */
  public <M extends Map<String, Object>> M applyTo(M props) {
    props.putAll(clientProperties());
    return props;
  }

  /**
   * One line for the startup log: protocol, mechanism, user, where each password comes from (never
   * the password), stores and hostname verification.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(protocol.name());
    sasl.ifPresent(s -> sb.append(", SASL ").append(s.mechanism()).append(" as user '")
        .append(s.username()).append("', password from ").append(s.passwordSource()));
    if (protocol.usesTls()) {
      sb.append(", truststore ").append(truststore.map(StoreFile::describe).orElse("(JVM default)"));
      sb.append(", client certificate ").append(keystore.map(StoreFile::describe).orElse("none"));
      sb.append(", hostname verification ").append(verifyHostname ? "on" : "OFF");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
