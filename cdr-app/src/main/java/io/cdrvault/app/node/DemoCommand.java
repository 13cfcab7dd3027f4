package io.cdrvault.app.node;

import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.ingest.simulate.FraudScenario;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.ingest.simulate.TrafficStream;
import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.legal.SigningKeys;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdrvault demo}: a real embedded Kafka broker, a simulated softswitch, the ingest pipeline
 * and the HTTP API in one process, on data that persists between runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Runs the whole product in one process, on an embedded Kafka broker.",
        "A real single-node KRaft Kafka broker, simulated softswitches and SMS gateways (voice + SMS in every",
        "native format: asterisk-csv, freeswitch-json/csv, opensips-json, kamailio-acc, kannel-log, canonical-json;",
        "with occasional IRSF and Wangiri fraud bursts), the ingest pipeline and the HTTP API.",
        "Serves HTTPS with a local CA it generates into DATA/tls; prints the API URL, demo tokens and",
        "example requests (curl --cacert DATA/tls/ca.pem). Ctrl-C stops cleanly; running it",
        "again continues on the same data."})
public final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
  static final String TOPIC = "cdr.raw";
  static final long CUSTOMER_SEED = 20261122L;

  @Option(names = "--data-dir", defaultValue = "data",
      description = "cdrvault's data directory (encrypted store, audit ledger, demo keystore). Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--kafka-dir", defaultValue = "kafka-data",
      description = "log directory of the embedded broker, which stands in for the carrier's Kafka cluster "
          + "and so holds the softswitch's raw records, as any Kafka would. Default: ${DEFAULT-VALUE}")
  Path kafkaDir;

  @Option(names = "--port", defaultValue = "8080",
      description = "HTTP port; if it is taken a free one is used. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--customers", defaultValue = "1000", description = "simulated customers. Default: ${DEFAULT-VALUE}")
  int customers;

  @Option(names = "--initial", defaultValue = "20000",
      description = "CDRs produced at start before the steady rate. Default: ${DEFAULT-VALUE}")
  int initial;

  @Option(names = "--rate", defaultValue = "50", description = "steady CDRs per second after that. Default: ${DEFAULT-VALUE}")
  int rate;

  private DemoTls tls;

  @Option(names = "--no-console",
      description = "do not serve the web console at /console/ (as query.console.enabled: false)")
  boolean noConsole;

  @Option(names = "--policy", description = "roles → purposes file. Default: config/policy.yaml of the installation")
  Path policyFile;

  @Override
  public Integer call() throws Exception {
    if (customers < 10 || initial < 0 || rate < 0) {
      throw new IllegalArgumentException("--customers must be >= 10, --initial and --rate >= 0");
    }
    PrintStream out = System.out;
    Files.createDirectories(dataDir);
    Keyring keyring = Keyring.openOrCreateDemo(dataDir.resolve("keys").resolve("demo-keystore.p12"),
        new DemoSecrets(dataDir).keystorePassword());

    CountDownLatch stopped = new CountDownLatch(1);
    List<AutoCloseable> resources = new ArrayList<>();
    Thread hook = new Thread(() -> {
      out.println("\ncdrvault demo: stopping ...");
      closeAll(resources);
      out.println("cdrvault demo: stopped cleanly.");
      stopped.countDown();
    }, "cdrvault-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    DemoBroker broker = DemoBroker.start(kafkaDir);
    resources.add(broker);
    broker.createTopic(TOPIC, 4);
    broker.createTopic(TOPIC + ".dlq", 1);

    // the initial traffic lies before today (UTC) and the steady traffic in today only, so every
    // period that ends at today's midnight is closed while the demo runs: billing reconciles
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant today = started.truncatedTo(ChronoUnit.DAYS);
    Instant initialStart = started.minus(Duration.ofDays(30));
    TrafficSimulator sim = simulator(initialStart, Duration.between(initialStart, today));
    // the simulated switches write local times in their own zones (pbx1 America/New_York,
    // fs-csv-1 America/Los_Angeles, kamailio-1 America/Denver, ...): hand their settings to the node
    Path sourcesFile = dataDir.resolve("demo-sources.yaml");
    sim.sources().write(sourcesFile);
    DemoDirectory.seed(broker.bootstrapServers(), sim.directory());
    Path sample = DemoSampleFile.write(dataDir, simulator(initialStart,
        Duration.between(initialStart, today), List.of("asterisk-csv")));

    CustomerId example = sim.customers().get(0).id();
    Map<String, String> tokens = new LinkedHashMap<>();
    List<Principals.Entry> entries = new ArrayList<>();
    addPrincipal(entries, tokens, "billing-job", Set.of("billing-job"), Optional.empty());
    addPrincipal(entries, tokens, "customer-portal", Set.of("customer-care"), Optional.of(example));
    addPrincipal(entries, tokens, "fraud-analyst", Set.of("fraud-analyst"), Optional.empty());
    addPrincipal(entries, tokens, "care-agent", Set.of("customer-care"), Optional.empty());
    addPrincipal(entries, tokens, "legal-a", Set.of("legal"), Optional.empty());
    addPrincipal(entries, tokens, "legal-b", Set.of("legal"), Optional.empty());
    addPrincipal(entries, tokens, "marketing", Set.of("marketing"), Optional.empty());
    addPrincipal(entries, tokens, "analyst", Set.of("analyst"), Optional.empty());
    addPrincipal(entries, tokens, "compliance", Set.of("compliance-officer"), Optional.empty());
    tls = DemoTls.ensure(dataDir); // HTTPS; the billing batch job authenticates by its certificate
    entries.add(new Principals.Entry(new Principal("billing-batch", Set.of("billing-job"), Optional.empty()),
        null, Optional.of(DemoTls.clientIdentity())));
    CustomerAssertions assertions = new DemoSecrets(dataDir).assertions();

    Node.Settings settings = new Node.Settings(
        StoreSettings.defaults(dataDir),
        IngestSettings.defaults(broker.bootstrapServers(), TOPIC).withRegion(sim.homeRegion())
            .withSourcesFile(sourcesFile).withDirectoryTopic(DemoDirectory.TOPIC),
        ApiSettings.of("127.0.0.1", portOrFree(port)).withTls(tls.settings()).withConsole(!noConsole),
        Principals.of(entries),
        PolicyFile.load(policyFile != null ? policyFile : Installation.configFile("policy.yaml")),
        io.cdrvault.ingest.directory.SubscriberDirectory.empty()).withAssertions(assertions)
        .withSigner(SigningKeys.loadOrCreate(dataDir.resolve("keys").resolve("signing-key.p8"),
            new DemoSecrets(dataDir).secret("CDRVAULT_SIGNING_KEY_PASSWORD", "demo-signing-key.password"), true));
    Node node = Node.start(settings, keyring, Clock.systemUTC());
    resources.add(node);

    try (TrafficStream initialTraffic = sim.stream(broker.bootstrapServers(), TOPIC, initial, 0)) {
      awaitIngested(node, initial, Duration.ofSeconds(90));
    }
    TrafficSimulator live = simulator(today, Duration.between(today, Instant.now()));
    TrafficStream traffic = live.stream(broker.bootstrapServers(), TOPIC, 0, rate);
    resources.add(traffic);

    // bound to the care agent (claim azp): no other principal can present it
    String assertion = assertions.issue(example, "care-agent", Instant.now(),
        CustomerAssertions.MAX_LIFETIME);
    printBanner(out, node.apiBaseUrl(), broker.bootstrapServers(), tokens, example, assertion, today,
        sample);
    DemoDirectory.printHint(out, broker.bootstrapServers(), sim.directory(), example);
    stopped.await();
    return 0;
  }

  private TrafficSimulator simulator(Instant windowStart, Duration window) {
    return simulator(windowStart, window, TrafficSimulator.FORMATS);
  }

  private TrafficSimulator simulator(Instant windowStart, Duration window, List<String> formats) {
    return TrafficSimulator.builder()
        .seed(CUSTOMER_SEED)
        .customers(customers)
        .trafficSeed(new SecureRandom().nextLong())
        .runId(runId())
        .window(windowStart, window.isZero() || window.isNegative() ? Duration.ofSeconds(1) : window)
        .formats(formats)
        .fraud(FraudScenario.values())
        .malformedFraction(0.005)
        .build();
  }

  private static void addPrincipal(List<Principals.Entry> entries, Map<String, String> tokens,
      String name, Set<String> roles, Optional<CustomerId> customer) {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String token = "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    tokens.put(name, token);
    entries.add(new Principals.Entry(new Principal(name, roles, customer), Principals.sha256(token)));
  }

  private static String runId() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static int portOrFree(int wanted) {
    try (ServerSocket s = new ServerSocket(wanted, 1, InetAddress.getByName("127.0.0.1"))) {
      return wanted;
    } catch (IOException taken) {
      return 0;
    }
  }

  private static void awaitIngested(Node node, long target, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      double seen = node.registry().find("cdr.ingest.records").counters().stream()
          .mapToDouble(Counter::count).sum();
      if (seen >= target * 0.99) {
        return;
      }
      Thread.sleep(250);
    }
    LOG.warn("initial traffic not fully ingested after {}; continuing", max);
  }

  private void printBanner(PrintStream out, String url, String bootstrap, Map<String, String> tokens,
      CustomerId example, String assertion, Instant today, Path sample) {
    Instant now = Instant.now();
    String from = now.minus(Duration.ofDays(31)).truncatedTo(ChronoUnit.DAYS).toString();
    String to = now.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS).toString();
    String c = example.value();
    String billing = tokens.get("billing-job");
    String q = "?from=" + from + "&to=" + to;
    String ca = " --cacert " + shellQuote(tls.caCertificate().toString());
    String curl = "curl -s" + ca;
    out.println();
    out.println("cdrvault demo is running.  API: " + url + "   (Ctrl-C to stop)");
    out.println("Kafka bootstrap: " + bootstrap + "   (input topic " + TOPIC + ", dead letters " + TOPIC + ".dlq)");
    out.println();
    out.println("Demo principals and their bearer tokens (new on every start; only hashes are kept):");
    tokens.forEach((name, token) -> out.println("  " + pad(name, 16) + token));
    ConsoleBanner.print(out, url, tls.caCertificate().toString(), tokens, !noConsole); // blank lines around
    out.println("Example demo customer: " + c);
    out.println();
    out.println("# usage totals for the billing cycle (purpose BILLING)");
    out.println(curl + " -H 'Authorization: Bearer " + billing + "' -H 'X-CPNI-Purpose: BILLING' '"
        + url + "/v1/customers/" + c + "/usage" + q + "'");
    out.println();
    out.println("# the same as the billing batch job, authenticated by its client certificate (mTLS)");
    out.println(curl + " --cert " + shellQuote(tls.clientCertificate().toString()) + " --key " + shellQuote(
        tls.clientKey().toString()) + " -H 'X-CPNI-Purpose: BILLING' '" + url + "/v1/customers/" + c + "/usage" + q + "'");
    out.println();
    out.println("# itemised records as NDJSON, only the fields BILLING may see");
    out.println(curl + " -H 'Authorization: Bearer " + billing + "' -H 'X-CPNI-Purpose: BILLING' '"
        + url + "/v1/customers/" + c + "/records" + q + "'");
    out.println();
    out.println("# the customer reading their own records through the portal (purpose CUSTOMER_ACCESS)");
    out.println(curl + " -H 'Authorization: Bearer " + tokens.get("customer-portal")
        + "' -H 'X-CPNI-Purpose: CUSTOMER_ACCESS' '" + url + "/v1/customers/" + c + "/records" + q + "'");
    out.println();
    out.println("# a care agent reading for the customer after verifying them: needs the customer's");
    out.println("# authentication assertion (this one is valid for 15 minutes)");
    out.println(curl + " -H 'Authorization: Bearer " + tokens.get("care-agent")
        + "' -H 'X-CPNI-Purpose: CUSTOMER_ACCESS' -H 'X-CPNI-Customer-Assertion: " + assertion
        + "' '" + url + "/v1/customers/" + c + "/usage" + q + "'");
    out.println("# ... or for any customer (cust-00001 .. " + String.format("cust-%05d", customers)
        + "): mint a fresh assertion bound to care-agent, then read");
    out.println("CUST=" + String.format("cust-%05d", Math.min(customers, 42)) + "; A=$(./cdrvault assertion --data-dir "
        + shellQuote(dataDir.toString()) + " --customer \"$CUST\" --principal care-agent) && " + curl + " -H 'Authorization: Bearer "
        + tokens.get("care-agent") + "' -H 'X-CPNI-Purpose: CUSTOMER_ACCESS' -H \"X-CPNI-Customer-Assertion: $A\" '"
        + url + "/v1/customers/'\"$CUST\"'/usage" + q + "'");
    out.println();
    out.println("# fraud: every call to a premium satellite range (+881) in the last week, under a case");
    String weekAgo = now.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.DAYS).toString();
    out.println(curl + " -H 'Authorization: Bearer " + tokens.get("fraud-analyst")
        + "' -H 'X-CPNI-Purpose: FRAUD' -H 'X-CPNI-Case: FRAUD-2026-0001' '" + url
        + "/v1/destinations/%2B881/records?from=" + weekAgo + "&to=" + to + "'");
    out.println();
    out.println("# who accessed my data: the customer's own view of the audit trail (FRAUD reads stay out of it");
    out.println("# for 180 days, query.accessLog.fraudReadsHiddenDays, so it cannot tip off a fraudster)");
    out.println(curl + " -H 'Authorization: Bearer " + tokens.get("customer-portal")
        + "' -H 'X-CPNI-Purpose: CUSTOMER_ACCESS' '" + url + "/v1/customers/" + c + "/access-log" + q + "'");
    out.println("# the compliance officer's view (duty OVERSIGHT, no purpose header): the latest refusals");
    out.println(curl + " -H 'Authorization: Bearer " + tokens.get("compliance") + "' '" + url
        + "/v1/audit/entries?outcome=DENIED&limit=5'");
    out.println();
    out.println("# the customer opts in to marketing use of their CPNI; marketing then sees only volumes");
    out.println(curl + " -X POST -H 'Authorization: Bearer " + tokens.get("customer-portal")
        + "' -H 'X-CPNI-Purpose: CUSTOMER_ACCESS' -H 'Content-Type: application/json' -d '{\"kind\":\"OPT_IN\"}' '"
        + url + "/v1/customers/" + c + "/consent'");
    out.println(curl + " -H 'Authorization: Bearer " + tokens.get("marketing")
        + "' -H 'X-CPNI-Purpose: MARKETING' '" + url + "/v1/marketing/usage" + q + "'");
    out.println();
    out.println("# aggregates over all customers; groups of fewer than 10 customers are suppressed");
    out.println(curl + " -H 'Authorization: Bearer " + tokens.get("analyst")
        + "' -H 'X-CPNI-Purpose: AGGREGATE' '" + url + "/v1/aggregates/usage" + q
        + "&groupBy=type,destinationCountry'");
    out.println();
    String closedTo = today.toString();
    out.println("# a billing run over every customer, resumable (run it again after a failure), for a closed");
    out.println("# period: the demo writes new records into today only, so anything before " + closedTo
        + " stays as billed");
    out.println("CDRVAULT_TOKEN=" + billing + " ./cdrvault billing run --url " + url + ca + " --from " + from
        + " --to " + closedTo + " --out billing-run.ndjson");
    out.println("# reconciles with the same customer's usage over the same period");
    out.println(curl + " -H 'Authorization: Bearer " + billing + "' -H 'X-CPNI-Purpose: BILLING' '"
        + url + "/v1/customers/" + c + "/usage?from=" + from + "&to=" + closedTo + "'");
    out.println();
    out.println("# legal process: legal-a registers, legal-b approves, legal-a exports a signed package");
    out.println("# (legal request prints the new request's id; LR captures it for the next two lines)");
    out.println("LR=$(CDRVAULT_TOKEN=" + tokens.get("legal-a") + " ./cdrvault legal request --url " + url + ca
        + " --instrument SUBPOENA --authority 'Grand Jury' --case-number GJ-1 --target customer:" + c
        + " --from " + from + " --to " + to + " --expires " + now.plus(Duration.ofDays(30))
        .truncatedTo(ChronoUnit.SECONDS) + " --document README.md) && echo \"$LR\"");
    out.println("CDRVAULT_TOKEN=" + tokens.get("legal-b") + " ./cdrvault legal approve --url " + url + ca + " \"$LR\"");
    out.println("CDRVAULT_TOKEN=" + tokens.get("legal-a") + " ./cdrvault legal export --url " + url + ca
        + " \"$LR\" --out export-dir");
    out.println();
    out.println("# denied (403, audited): the billing job may not read for MARKETING");
    out.println(curl + " -H 'Authorization: Bearer " + billing + "' -H 'X-CPNI-Purpose: MARKETING' '"
        + url + "/v1/customers/" + c + "/usage" + q + "'");
    out.println();
    out.println("# denied (401, audited): no token");
    out.println(curl + " -H 'X-CPNI-Purpose: BILLING' '" + url + "/v1/customers/" + c + "/usage" + q + "'");
    out.println();
    out.println("# replay a switch's file into the demo's Kafka (fails within seconds if the topic is missing)");
    out.println("./cdrvault produce --bootstrap " + bootstrap + " --topic " + TOPIC
        + " --format asterisk-csv --source pbx1 --source-config " + shellQuote(dataDir.resolve("demo-sources.yaml").toString())
        + " " + shellQuote(sample.toString()));
    out.println();
    out.println("# metrics (Prometheus) and health");
    out.println(curl + " " + url + "/metrics | grep '^cdr_'");
    out.println(curl + " " + url + "/health");
    out.println();
    out.println("After Ctrl-C, check the audit chain:  ./cdrvault audit verify --data-dir " + dataDir);
    out.flush();
  }

  private static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s + " " : s + " ".repeat(n - s.length());
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    resources.clear();
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
