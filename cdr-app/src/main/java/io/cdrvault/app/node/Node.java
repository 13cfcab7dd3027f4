package io.cdrvault.app.node;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.directory.DirectoryTopicFeed;
import io.cdrvault.ingest.directory.NumberDirectory;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.kafka.KafkaPreflight;
import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.ingest.pipeline.IngestConfig;
import io.cdrvault.ingest.pipeline.IngestPipeline;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.query.api.QueryApi;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.JwtAuthenticator;
import io.cdrvault.query.auth.OidcSettings;
import io.cdrvault.query.auth.OidcSignInSettings;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.auth.TokenAuthenticator;
import io.cdrvault.query.config.QueryConfig;
import io.cdrvault.query.http.ApiServer;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.http.Readiness;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.audit.AuditMetrics;
import io.cdrvault.store.audit.AuditRetention;
import io.cdrvault.store.audit.CheckpointSchedule;
import io.cdrvault.store.audit.LedgerStartCheck;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.crypto.ManifestSigner;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import io.cdrvault.store.lifecycle.SweepMetrics;
import io.cdrvault.store.rocks.RetentionSweeper;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cdrvault node: the encrypted store, the ingest pipeline consuming its partitions, the policy
 * engine and the HTTP API, wired together and closed in reverse order.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /** How long start waits for the directory topic to be read up to its end. */
  private static final Duration DIRECTORY_CATCH_UP = Duration.ofMinutes(2);
  /** How long start waits for Kafka to accept (or reject) the node's credentials. */
  private static final Duration KAFKA_PREFLIGHT = Duration.ofSeconds(15);

  /**
   * Everything a node needs; all non-null ({@code directory} is the file import;
   * {@code assertions} verifies customer authentication assertions, empty = none accepted;
   * {@code signer} signs legal exports and audit checkpoints, empty = neither;
   * {@code identityProvider} accepts the carrier's JWT access tokens beside the static tokens of
   * {@code principals}, empty = static tokens only; {@code consoleSignIn} lets the console sign
   * users in through that provider, empty = by bearer token only).
   */
  public record Settings(StoreSettings store, IngestSettings ingest, ApiSettings api,
      Principals principals, Policy policy, SubscriberDirectory directory,
      Optional<CustomerAssertions> assertions, Optional<ExportSigner> signer,
      QueryConfig.AuditSettings audit, RetentionPolicy retention,
      Optional<OidcSettings> identityProvider, Optional<OidcSignInSettings> consoleSignIn) {
    public Settings {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(ingest, "ingest");
      Objects.requireNonNull(api, "api");
      Objects.requireNonNull(principals, "principals");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(assertions, "assertions");
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(identityProvider, "identityProvider");
      Objects.requireNonNull(consoleSignIn, "consoleSignIn");
    }

    /** Settings accepting no customer assertions, without a signing key, default audit settings. */
    public Settings(StoreSettings store, IngestSettings ingest, ApiSettings api,
        Principals principals, Policy policy, SubscriberDirectory directory) {
      this(store, ingest, api, principals, policy, directory, Optional.empty(), Optional.empty(),
          QueryConfig.AuditSettings.DEFAULT, RetentionPolicy.defaults(), Optional.empty(),
          Optional.empty());
    }

    /** These settings with customer assertions verified by {@code a}. */
    public Settings withAssertions(CustomerAssertions a) {
      return new Settings(store, ingest, api, principals, policy, directory, Optional.of(a), signer,
          audit, retention, identityProvider, consoleSignIn);
    }

    /** These settings with the node signing key (legal exports, audit checkpoints). */
    public Settings withSigner(ExportSigner s) {
      return new Settings(store, ingest, api, principals, policy, directory, assertions,
          Optional.of(s), audit, retention, identityProvider, consoleSignIn);
    }

    /** These settings with other audit settings. */
    public Settings withAudit(QueryConfig.AuditSettings a) {
      return new Settings(store, ingest, api, principals, policy, directory, assertions, signer, a,
          retention, identityProvider, consoleSignIn);
    }

    /** These settings with another retention policy (store.retention.*). */
    public Settings withRetention(RetentionPolicy r) {
      return new Settings(store, ingest, api, principals, policy, directory, assertions, signer,
          audit, r, identityProvider, consoleSignIn);
    }

    /** These settings accepting the identity provider's tokens as well ({@code p} empty: none). */
    public Settings withIdentityProvider(Optional<OidcSettings> p) {
      return new Settings(store, ingest, api, principals, policy, directory, assertions, signer,
          audit, retention, p, consoleSignIn);
    }

    /** These settings with the console's sign-in through the identity provider ({@code c} empty: none). */
    public Settings withConsoleSignIn(Optional<OidcSignInSettings> c) {
      return new Settings(store, ingest, api, principals, policy, directory, assertions, signer,
          audit, retention, identityProvider, c);
    }
  }

  private final PrometheusMeterRegistry registry;
  private final RocksCdrStore store;
  private final DirectoryTopicFeed directoryFeed;
  private final IngestPipeline pipeline;
  private final Thread ingestThread;
  private final ApiServer api;
  private final CheckpointSchedule checkpoints;
  private final RetentionSweeper sweeper;
  private final java.util.concurrent.ScheduledExecutorService auditPruner;
  private final AtomicReference<Throwable> ingestFailure = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Node(Settings s, Keyring keyring, Clock clock) {
    checkRoles(s.principals(), s.policy());
    if (s.ingest().kafka().protocol() != KafkaSecurity.Protocol.PLAINTEXT) {
      // wrong credentials are one clear startup error, not clients retrying and logging forever
      KafkaPreflight.check(s.ingest().bootstrapServers(), s.ingest().kafka(), s.ingest().topic(),
          KAFKA_PREFLIGHT);
    }
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      this.store = RocksCdrStore.open(s.store(), keyring, registry, clock);
      opened.add(store);
      // a ledger that lost entries or was damaged is not served on (docs/audit.md). Checkpoints
      // are checked against the keys they carry: this is about damage and loss; a node whose
      // signing key was replaced must still start on checkpoints made with the old one (forgery
      // with another key is what 'audit verify --trusted-key' is for)
      LedgerStartCheck.requireIntact(store.auditLedger(), Optional.empty());
      PolicyEngine policy = PolicyEngine.create(s.policy(), store, clock);
      // retention, legal holds and deferred erasures: a sweep a minute after start, then daily
      store.useRetentionPolicy(s.retention());
      this.sweeper = store.retentionSweeper();
      opened.add(sweeper);
      sweeper.start(Duration.ofMinutes(1), Duration.ofDays(1), clock, new SweepMetrics(registry));
      this.directoryFeed = s.ingest().directoryTopic() == null ? null : startDirectoryFeed(s);
      if (directoryFeed != null) {
        opened.add(directoryFeed);
      }
      NumberDirectory directory = directoryFeed != null ? directoryFeed : s.directory();
      this.pipeline = IngestPipeline.create(s.ingest(), store, DecoderRegistry.standard(),
          IngestConfig.sources(s.ingest()), new Attributor(directory), registry);
      opened.add(pipeline);
      this.ingestThread = new Thread(this::runIngest, "cdrvault-ingest");
      if (s.signer().isPresent()) {
        ManifestSigner key = s.signer().get().manifestSigner();
        this.checkpoints = new CheckpointSchedule(store.auditLedger(), key, clock,
            s.audit().checkpointInterval(), s.audit().checkpointEveryEntries());
        opened.add(checkpoints);
        AuditMetrics.bind(store.auditLedger(), checkpoints::lastCheckpointedSequence,
            registry);
        this.auditPruner = startAuditPruner(new AuditRetention(store.auditLedger(), s.audit().retention()),
            key, clock);
      } else {
        this.checkpoints = null;
        this.auditPruner = null;
        AuditMetrics.bind(store.auditLedger(), () -> 0L, registry);
        LOG.warn("no signing key: legal exports are refused and the audit ledger gets no signed checkpoints");
      }
      this.api = QueryApi.start(s.api(), store, policy, TokenAuthenticator.create(s.principals(),
              s.identityProvider().map(JwtAuthenticator::create)),
          s.assertions(), s.signer(), registry, this::readiness, s.consoleSignIn());
      opened.add(api);
      ingestThread.start();
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Opens the store, starts the ingest thread and the HTTP API. */
  public static Node start(Settings settings, Keyring keyring, Clock clock) {
    return new Node(settings, keyring, clock);
  }

  /**
   * Prunes audit entries past their retention behind a signed checkpoint: once at start, then
   * daily. A failure is logged and retried the next day; nothing is read from the ledger's content.
   */
  private static java.util.concurrent.ScheduledExecutorService startAuditPruner(AuditRetention retention,
      ManifestSigner key, Clock clock) {
    java.util.concurrent.ScheduledExecutorService ex =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "cdrvault-audit-prune");
          t.setDaemon(true);
          return t;
        });
    ex.scheduleWithFixedDelay(() -> {
      try {
        AuditRetention.Pruned p = retention.prune(clock.instant(), key);
        if (p.entriesDeleted() > 0) {
          LOG.info("audit retention: pruned {} entries; anchor at entry {}", p.entriesDeleted(),
              p.anchor().map(a -> a.sequence()).orElse(0L));
        }
      } catch (RuntimeException e) {
        LOG.error("audit retention prune failed ({}); retrying in a day", e.getClass().getSimpleName());
      }
    }, 1, java.time.Duration.ofDays(1).toMinutes(), java.util.concurrent.TimeUnit.MINUTES);
    return ex;
  }

  /** Starts the directory topic feed over the file import and waits until it has read the topic. */
  private DirectoryTopicFeed startDirectoryFeed(Settings s) {
    DirectoryTopicFeed feed = DirectoryTopicFeed.start(s.ingest().bootstrapServers(),
        s.ingest().kafka(), s.ingest().directoryTopic(), s.directory(), registry,
        Duration.ofSeconds(30));
    boolean caughtUp;
    try {
      caughtUp = feed.awaitCaughtUp(DIRECTORY_CATCH_UP);
    } catch (InterruptedException e) {
      feed.close();
      Thread.currentThread().interrupt();
      throw new CdrVaultException("interrupted while reading the directory topic", e);
    }
    if (!caughtUp) {
      feed.close();
      throw new CdrVaultException("directory topic not read to its end within " + DIRECTORY_CATCH_UP);
    }
    LOG.info("subscriber directory: {} periods from the topic, {} numbers from the file",
        feed.topicEntries(), s.directory().size());
    return feed;
  }

  private static void checkRoles(Principals principals, Policy policy) {
    List<String> problems = new ArrayList<>();
    for (String role : principals.roles()) {
      if (!policy.purposesByRole().containsKey(role)) {
        problems.add("principals use role '" + role + "' which the policy does not define");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private void runIngest() {
    try {
      pipeline.run();
    } catch (RuntimeException e) {
      ingestFailure.set(e);
      LOG.error("ingest pipeline stopped on a non-retriable failure ({})", e.getClass().getSimpleName(), e);
    }
  }

  public String apiBaseUrl() {
    return api.baseUrl();
  }

  public CdrStore store() {
    return store;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Readiness: the ledger and the record store can write (the store's write probe) and the ingest
   * pipeline runs. Not live only when ingest failed for good (a restart is needed); a full disk is
   * not-ready, and ready again by itself once space returns.
   */
  private Readiness.Report readiness() {
    java.util.Map<String, Readiness.Component> c = Readiness.storeComponents(store);
    Throwable failed = ingestFailure.get();
    c.put("ingest", failed != null ? new Readiness.Component(false, "failed", "non-retriable")
        : ingestThread.isAlive() ? new Readiness.Component(true, "running", "")
        : new Readiness.Component(false, "stopped", ""));
    return new Readiness.Report(c, failed == null);
  }

  /** True while the ingest thread runs. */
  public boolean ingesting() {
    return ingestThread.isAlive();
  }

  /** Stops accepting requests, stops ingest (writing nothing half), closes the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    api.close();
    pipeline.stop();
    try {
      ingestThread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pipeline.close();
    if (directoryFeed != null) {
      directoryFeed.close();
    }
    if (auditPruner != null) {
      auditPruner.shutdownNow();
    }
    sweeper.close();
    if (checkpoints != null) {
      checkpoints.close(); // takes a last checkpoint of the head
    }
    store.close();
    registry.close();
  }

  /** Roles a principal file may use: the policy's. */
  static Set<String> knownRoles(Policy policy) {
    return policy.purposesByRole().keySet();
  }
}
