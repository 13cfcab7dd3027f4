package io.cdrvault.ingest.kafka;

import io.cdrvault.ingest.kafka.KafkaSecurity.Protocol;
import io.cdrvault.ingest.kafka.KafkaSecurity.Sasl;
import io.cdrvault.ingest.kafka.KafkaSecurity.StoreFile;
import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef;
import io.cdrvault.store.config.ConfigDef.Type;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.SecretSource;
import io.cdrvault.store.config.ValidString;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * The declared Kafka security keys ({@code kafka.*} of the {@code ingest} section) and the one way
 * from them to a {@link KafkaSecurity}: every problem reported at once, each naming its key, and
 * the passwords read from the environment variable or file the keys name.
 *
 * <p>{@code SASL_PLAINTEXT} sends credentials (with {@code PLAIN}: the password itself) and all
 * records unencrypted, so it is accepted only when every bootstrap server is a loopback address
 * (a sidecar proxy, a test broker); anywhere else use {@code SASL_SSL}.
 *
 * <p>Stateless and thread-safe.
 */
public final class KafkaSecurityConfig {
  public static final String PROTOCOL = "kafka.securityProtocol";
  public static final String SASL_MECHANISM = "kafka.sasl.mechanism";
  public static final String SASL_USERNAME = "kafka.sasl.username";
  public static final String SASL_PASSWORD_ENV = "kafka.sasl.passwordEnv";
  public static final String SASL_PASSWORD_FILE = "kafka.sasl.passwordFile";
  public static final String TRUSTSTORE_PATH = "kafka.ssl.truststore.path";
  public static final String TRUSTSTORE_TYPE = "kafka.ssl.truststore.type";
  public static final String TRUSTSTORE_PASSWORD_ENV = "kafka.ssl.truststore.passwordEnv";
  public static final String TRUSTSTORE_PASSWORD_FILE = "kafka.ssl.truststore.passwordFile";
  public static final String KEYSTORE_PATH = "kafka.ssl.keystore.path";
  public static final String KEYSTORE_TYPE = "kafka.ssl.keystore.type";
  public static final String KEYSTORE_PASSWORD_ENV = "kafka.ssl.keystore.passwordEnv";
  public static final String KEYSTORE_PASSWORD_FILE = "kafka.ssl.keystore.passwordFile";
  public static final String ENDPOINT_IDENTIFICATION = "kafka.ssl.endpointIdentification";

  static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");
  static final List<String> STORE_TYPES = List.of("PKCS12", "JKS", "PEM");

  private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";

  private KafkaSecurityConfig() {}

  /** Declares the keys on {@code b} (the ingest section's builder). */
  public static ConfigDef.Builder define(ConfigDef.Builder b) {
    return b
        .define(PROTOCOL, Type.STRING, "PLAINTEXT",
            ValidString.in("PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT"),
            "Security protocol of every Kafka client of the node (ingest consumer, dead-letter "
                + "producer, directory feed) and of the CLI tools given this file. SASL_PLAINTEXT "
                + "only with loopback bootstrap servers.")
        .define(SASL_MECHANISM, Type.STRING, "SCRAM-SHA-512", ValidString.in(MECHANISMS.toArray(String[]::new)),
            "SASL mechanism (SASL_SSL, SASL_PLAINTEXT).")
        .define(SASL_USERNAME, Type.STRING, "", "SASL user name; required with SASL.")
        .define(SASL_PASSWORD_ENV, Type.STRING, "", envName(),
            "Environment variable holding the SASL password; set this or kafka.sasl.passwordFile.")
        .define(SASL_PASSWORD_FILE, Type.STRING, "",
            "File holding the SASL password (a mounted secret; one trailing newline is ignored).")
        .define(TRUSTSTORE_PATH, Type.STRING, "",
            "CA certificates the brokers' certificates are checked against (SSL, SASL_SSL); "
                + "empty = the JVM's default trust store.")
        .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ValidString.in(STORE_TYPES.toArray(String[]::new)),
            "Format of kafka.ssl.truststore.path (PEM: no password).")
        .define(TRUSTSTORE_PASSWORD_ENV, Type.STRING, "", envName(),
            "Environment variable holding the trust store password (optional for PKCS12/JKS).")
        .define(TRUSTSTORE_PASSWORD_FILE, Type.STRING, "",
            "File holding the trust store password.")
        .define(KEYSTORE_PATH, Type.STRING, "",
            "Client certificate and private key for SSL client authentication; empty = none.")
        .define(KEYSTORE_TYPE, Type.STRING, "PKCS12", ValidString.in(STORE_TYPES.toArray(String[]::new)),
            "Format of kafka.ssl.keystore.path (PEM: the password, if any, is the key's).")
        .define(KEYSTORE_PASSWORD_ENV, Type.STRING, "", envName(),
            "Environment variable holding the key store password (required for PKCS12/JKS).")
        .define(KEYSTORE_PASSWORD_FILE, Type.STRING, "",
            "File holding the key store password.")
        .define(ENDPOINT_IDENTIFICATION, Type.STRING, "https", ValidString.in("https", "none"),
            "Check that a broker's certificate names the host connected to (https), or not (none; "
                + "only for certificates without the broker's names).");
  }

  private static io.cdrvault.store.config.Validator<String> envName() {
    return io.cdrvault.store.config.Validator.of("empty or an environment variable name",
        v -> v.isEmpty() || v.matches(ENV_NAME));
  }

  /**
   * The security of a parsed ingest config, passwords read from {@code env} or their files.
   *
   * @param bootstrapServers the servers it is for (SASL_PLAINTEXT needs loopback ones)
   * @throws ConfigException listing every problem, each naming its key, never a value
   */
  public static KafkaSecurity from(Config c, String bootstrapServers, Map<String, String> env) {
    Protocol protocol = Protocol.valueOf(c.getString(PROTOCOL));
    List<String> problems = new ArrayList<>();
    Optional<SecretSource> saslPw = source(problems, c, SASL_PASSWORD_ENV, SASL_PASSWORD_FILE);
    String username = c.getString(SASL_USERNAME).strip();
    if (protocol.usesSasl()) {
      if (username.isEmpty()) {
        problems.add("key '" + SASL_USERNAME + "' is required with " + PROTOCOL + " " + protocol);
      }
      if (saslPw.isEmpty() && !hasBoth(c, SASL_PASSWORD_ENV, SASL_PASSWORD_FILE)) {
        problems.add("key '" + SASL_PASSWORD_FILE + "' or '" + SASL_PASSWORD_ENV
            + "' is required with " + PROTOCOL + " " + protocol);
      }
      if (protocol == Protocol.SASL_PLAINTEXT && !allLoopback(bootstrapServers)) {
        problems.add(PROTOCOL + " SASL_PLAINTEXT sends credentials and records unencrypted; it is "
            + "accepted only with loopback bootstrap servers: use SASL_SSL");
      }
    } else if (!username.isEmpty() || saslPw.isPresent()) {
      problems.add("keys 'kafka.sasl.*' are set but " + PROTOCOL + " is " + protocol
          + " (SASL_SSL uses them)");
    }
    Optional<SecretSource> tsPw = source(problems, c, TRUSTSTORE_PASSWORD_ENV, TRUSTSTORE_PASSWORD_FILE);
    Optional<SecretSource> ksPw = source(problems, c, KEYSTORE_PASSWORD_ENV, KEYSTORE_PASSWORD_FILE);
    String tsPath = c.getString(TRUSTSTORE_PATH).strip();
    String ksPath = c.getString(KEYSTORE_PATH).strip();
    if (!protocol.usesTls() && (!tsPath.isEmpty() || !ksPath.isEmpty())) {
      problems.add("keys 'kafka.ssl.*' are set but " + PROTOCOL + " is " + protocol
          + " (SSL and SASL_SSL use them)");
    }
    checkStore(problems, TRUSTSTORE_PATH, tsPath, c.getString(TRUSTSTORE_TYPE), tsPw, false);
    checkStore(problems, KEYSTORE_PATH, ksPath, c.getString(KEYSTORE_TYPE), ksPw, true);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<String> readProblems = new ArrayList<>();
    Optional<Sasl> sasl = !protocol.usesSasl() ? Optional.empty()
        : read(readProblems, saslPw.get(), env, "the Kafka SASL password")
            .map(pw -> new Sasl(c.getString(SASL_MECHANISM), username, pw, saslPw.get()));
    Optional<StoreFile> ts = store(readProblems, tsPath, c.getString(TRUSTSTORE_TYPE), tsPw, env,
        "the Kafka trust store password");
    Optional<StoreFile> ks = store(readProblems, ksPath, c.getString(KEYSTORE_TYPE), ksPw, env,
        "the Kafka key store password");
    if (!readProblems.isEmpty()) {
      throw new ConfigException(readProblems);
    }
    return new KafkaSecurity(protocol, sasl, protocol.usesTls() ? ts : Optional.empty(),
        protocol.usesTls() ? ks : Optional.empty(), c.getString(ENDPOINT_IDENTIFICATION).equals("https"));
  }

  private static boolean hasBoth(Config c, String envKey, String fileKey) {
    return !c.getString(envKey).isBlank() && !c.getString(fileKey).isBlank();
  }

  private static Optional<SecretSource> source(List<String> problems, Config c, String envKey,
      String fileKey) {
    try {
      return SecretSource.of(envKey, c.getString(envKey), fileKey, c.getString(fileKey), null);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  private static void checkStore(List<String> problems, String pathKey, String path, String type,
      Optional<SecretSource> pw, boolean keystore) {
    String prefix = pathKey.substring(0, pathKey.length() - "path".length());
    if (path.isEmpty()) {
      if (pw.isPresent()) {
        problems.add("key '" + pw.get().key() + "' is set but '" + pathKey + "' is empty");
      }
      return;
    }
    if (!Files.isReadable(Path.of(path)) || Files.isDirectory(Path.of(path))) {
      problems.add("file " + path + " (key '" + pathKey + "') does not exist or cannot be read");
    }
    if (type.equals("PEM") && pw.isPresent() && !keystore) {
      problems.add("a PEM trust store has no password: unset '" + pw.get().key() + "'");
    }
    if (keystore && !type.equals("PEM") && pw.isEmpty()) {
      problems.add("key '" + prefix + "passwordFile' or '" + prefix + "passwordEnv' is required "
          + "for a " + type + " key store");
    }
  }

  private static Optional<StoreFile> store(List<String> problems, String path, String type,
      Optional<SecretSource> pw, Map<String, String> env, String what) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    Optional<Password> password = pw.isEmpty() ? Optional.empty() : read(problems, pw.get(), env, what);
    if (pw.isPresent() && password.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StoreFile(Path.of(path), type, password, pw));
  }

  private static Optional<Password> read(List<String> problems, SecretSource s,
      Map<String, String> env, String what) {
    try {
      char[] chars = s.read(env, what);
      Password p = new Password(CharBuffer.wrap(chars).toString());
      Arrays.fill(chars, '\0');
      return Optional.of(p);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return Optional.empty();
    }
  }

  /** Whether every {@code host:port} of a bootstrap list is a loopback address. */
  static boolean allLoopback(String bootstrapServers) {
    for (String server : bootstrapServers.split(",")) {
      String s = server.strip();
      int colon = s.lastIndexOf(':');
      String host = colon < 0 ? s : s.substring(0, colon);
      host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      if (host.equalsIgnoreCase("localhost")) {
        continue;
      }
      try {
        // literal addresses only: a name could resolve elsewhere later
        if (!isLiteral(host) || !InetAddress.getByName(host).isLoopbackAddress()) {
          return false;
        }
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }
}
