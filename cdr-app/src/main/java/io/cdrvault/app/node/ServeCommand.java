package io.cdrvault.app.node;

import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.pipeline.IngestConfig;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.config.ConsoleSignInConfig;
import io.cdrvault.query.config.QueryConfig;
import io.cdrvault.query.legal.SigningKeys;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.SecretSource;
import io.cdrvault.store.config.YamlConfigFiles;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.rocks.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdrvault serve --config FILE}: a node against an external Kafka cluster. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs a node against an external Kafka cluster.",
        "Configured by one YAML file with sections store, ingest and query (see config/node.example.yaml).",
        "The keystore password comes from the file named by store.keystore.passwordFile, else from",
        "the environment variable named by store.keystore.passwordEnv."})
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  private static final Set<String> SECTIONS = Set.of("store", "ingest", "query");

  @Option(names = "--config", required = true, description = "node configuration file (YAML)")
  Path configFile;

  @Override
  public Integer call() throws Exception {
    Node node = start(configFile, System.getenv());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "cdrvault-shutdown"));
    System.out.println("cdrvault node running; API " + node.apiBaseUrl());
    stopped.await();
    return 0;
  }

  /**
   * Loads and validates {@code file}, opens the keystore and the signing key (passwords from
   * {@code env}) and starts the node; the caller closes it.
   */
  static Node start(Path file, Map<String, String> env) {
    Loaded loaded = load(file, env);
    // every declared key with its value, sensitive ones masked (Config.toString)
    LOG.info("configuration: {}", loaded.configs());
    Path keystore = loaded.storeConfig().getPath(StoreConfig.KEYSTORE_PATH);
    if (!java.nio.file.Files.exists(keystore)) {
      throw new ConfigException(List.of("keystore file " + keystore + " does not exist (key 'store.keystore.path'); "
          + "create it with 'cdrvault init --config FILE' (docs/first-node.md)"));
    }
    Keyring keyring = Keyring.load(keystore,
        loaded.storeConfig().getString(StoreConfig.KEYSTORE_TYPE), loaded.password());
    // the node signing key (legal exports, audit checkpoints) is required: fail before starting
    ExportSigner signer = SigningKeys.loadOrCreate(loaded.query().signingKeyFile(),
        signingPassword(loaded, env), false);
    return Node.start(loaded.settings().withSigner(signer), keyring, Clock.systemUTC());
  }

  /**
   * A validated node configuration; {@code configs} are the parsed sections (store, ingest,
   * query), whose {@code toString} masks sensitive values.
   */
  record Loaded(Node.Settings settings, Config storeConfig, IngestSettings ingest, QueryConfig query,
      Config queryConfig, char[] password, List<Config> configs) {}

  /**
   * The signing key password: from {@code query.legal.signingKeyPasswordFile}, else the
   * environment.
   */
  static char[] signingPassword(Loaded loaded, Map<String, String> env) {
    return SigningKeys.password(loaded.queryConfig().getString(QueryConfig.SIGNING_KEY_PASSWORD_FILE),
        "query." + QueryConfig.SIGNING_KEY_PASSWORD_FILE, env);
  }

  /**
   * Reads and validates the whole file, reporting every problem of every section at once.
   *
   * @throws ConfigException listing each problem with its {@code section.key}
   */
  static Loaded load(Path file, Map<String, String> env) {
    Map<String, Object> all = YamlConfigFiles.load(file);
    List<String> problems = new ArrayList<>();
    for (String key : all.keySet()) {
      String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      if (!SECTIONS.contains(section)) {
        problems.add("unknown section '" + section + "' (expected store, ingest, query)");
      }
    }
    Config store = collect(problems, "store", () -> StoreConfig.parse(YamlConfigFiles.section(all, "store")));
    Config ingestConfig = collect(problems, "ingest",
        () -> IngestConfig.DEF.parse(YamlConfigFiles.section(all, "ingest")));
    IngestSettings ingest = ingestConfig == null ? null
        : collect(problems, "ingest", () -> IngestConfig.settings(ingestConfig, env));
    Config queryConfig = collect(problems, "query",
        () -> QueryConfig.DEF.parse(YamlConfigFiles.section(all, "query")));
    RetentionPolicy retention = store == null ? null
        : collect(problems, "store", () -> RetentionPolicy.from(store));
    char[] password = store == null ? null
        : collect(problems, "store", () -> StoreConfig.keystorePassword(store, env));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    SubscriberDirectory directory = ingest.directoryFile() == null
        ? SubscriberDirectory.empty() : SubscriberDirectory.load(ingest.directoryFile());
    if (directory.size() == 0 && ingest.directoryTopic() == null) {
      LOG.warn("the subscriber directory is empty (ingest.directoryFile) and no ingest.directoryTopic is set: only records with an account are attributed");
    }
    QueryConfig query = QueryConfig.from(queryConfig);
    // plain HTTP only on loopback unless query.http.allowPlaintext: refused before anything opens
    query.apiSettings().plaintextProblem().ifPresent(p -> {
      throw new ConfigException(List.of("query: " + p));
    });
    Node.Settings settings = new Node.Settings(StoreConfig.settings(store), ingest, query.apiSettings(),
        Principals.load(query.principalsFile()), PolicyFile.load(query.policyFile()), directory)
        .withAudit(query.audit()).withRetention(retention)
        .withIdentityProvider(query.identityProvider())
        .withConsoleSignIn(ConsoleSignInConfig.from(queryConfig, query.identityProvider(), env));
    String assertionFile = queryConfig.getString(QueryConfig.ASSERTION_KEY_FILE);
    String assertionKey = assertionFile.isBlank() ? env.get(CustomerAssertions.KEY_ENV)
        : new String(SecretSource.file("query." + QueryConfig.ASSERTION_KEY_FILE,
            Path.of(assertionFile.strip())).read(env, "the customer assertion key"));
    if (assertionKey != null && !assertionKey.isBlank()) {
      try {
        settings = settings.withAssertions(CustomerAssertions.fromBase64(assertionKey));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(List.of(e.getMessage()));
      }
    } else {
      LOG.warn("{} is not set: customer authentication assertions are refused (CUSTOMER_ACCESS "
          + "works only for principals bound to a customer)", CustomerAssertions.KEY_ENV);
    }
    LOG.info("Kafka client security: {}", ingest.kafka().describe());
    return new Loaded(settings, store, ingest, query, queryConfig, password,
        List.of(store, ingestConfig, queryConfig));
  }

  private static <T> T collect(List<String> problems, String section, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (ConfigException e) {
      e.problems().forEach(p -> problems.add(section + ": " + p));
      return null;
    }
  }
}
