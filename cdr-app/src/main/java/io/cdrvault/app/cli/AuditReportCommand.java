package io.cdrvault.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.oversight.DisclosureJson;
import io.cdrvault.store.audit.DisclosureReport;
import io.cdrvault.store.audit.DisclosureReport.Disclosure;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.ReadOnlyAudit;
import io.cdrvault.store.rocks.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault audit report --customer ID}: the compliance officer's disclosure report for one
 * customer, as NDJSON (one allowed access per line, oldest first; accesses under a gag order are
 * included and flagged {@code "gagged":true}). Opens the store read-only, so it works while a node
 * runs; needs the keystore to compute the customer's tag and to read the legal requests' gag flags.
 * Exit 0 on success, 2 on a usage or configuration error.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Print who accessed one customer's records (compliance officer's view, NDJSON).",
        "The keystore password comes from the environment variable named by --password-env; for the",
        "demo keystore (DIR/keys/demo-keystore.p12) the demo password file next to it is used if the",
        "variable is unset."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:report printed", "2:usage or configuration error"})
final class AuditReportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;

  @Spec
  CommandSpec spec;

  @Option(names = "--customer", paramLabel = "ID", required = true,
      description = "The customer id (never printed).")
  String customer;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
      description = "The node's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--keystore", paramLabel = "FILE",
      description = "Keystore holding the index key (default: DIR/keys/keystore.p12 if present, "
          + "else the demo keystore DIR/keys/demo-keystore.p12).")
  Path keystore;

  @Option(names = "--keystore-type", paramLabel = "TYPE", defaultValue = "PKCS12",
      description = "PKCS12 or BCFKS (default: ${DEFAULT-VALUE}).")
  String keystoreType;

  @Option(names = "--password-env", paramLabel = "NAME",
      defaultValue = StoreConfig.DEFAULT_PASSWORD_ENV,
      description = "Environment variable holding the keystore password (default: ${DEFAULT-VALUE}).")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "File holding the keystore password (a mounted secret; one trailing newline is "
          + "ignored), instead of --password-env.")
  Path passwordFile;

  AuditReportCommand(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(dataDir)) {
      err.println("cdrvault: data directory not found: " + dataDir);
      return CdrVaultCli.USAGE_ERROR;
    }
    CustomerId id;
    try {
      id = CustomerId.of(customer);
    } catch (IllegalArgumentException e) {
      err.println("cdrvault: --customer is not a valid customer id");
      return CdrVaultCli.USAGE_ERROR;
    }
    Path ks = keystore != null ? keystore : defaultKeystore();
    if (!Files.isRegularFile(ks)) {
      err.println("cdrvault: keystore not found: " + ks);
      return CdrVaultCli.USAGE_ERROR;
    }
    Optional<char[]> password = password(ks);
    if (password.isEmpty()) {
      err.println("cdrvault: environment variable '" + passwordEnv + "' must hold the keystore password");
      return CdrVaultCli.USAGE_ERROR;
    }
    Keyring keyring = Keyring.load(ks, keystoreType, password.get());
    String tag = HmacCustomerTagger.create(keyring).tagHex(id);
    try (ReadOnlyAudit audit = ReadOnlyAudit.open(dataDir)) {
      Optional<LegalRegistry> legal = audit.legalRegistry(keyring);
      Predicate<String> gagged = caseRef -> legal.flatMap(l -> l.find(caseRef))
          .map(LegalRequest::gag).orElse(false);
      List<Disclosure> report = DisclosureReport.of(audit.ledger(), tag, gagged, true);
      for (Disclosure d : report) {
        out.println(JSON.writeValueAsString(DisclosureJson.of(d)));
      }
      out.flush();
    }
    return 0;
  }

  private Path defaultKeystore() {
    Path keys = dataDir.resolve("keys");
    Path production = keys.resolve("keystore.p12");
    return Files.isRegularFile(production) ? production : keys.resolve("demo-keystore.p12");
  }

  private Optional<char[]> password(Path ks) throws IOException {
    Optional<char[]> fromFile = StoreOptions.fromFile(passwordEnv, passwordFile, env);
    if (fromFile.isPresent()) {
      return fromFile;
    }
    String v = env.get(passwordEnv);
    if (v != null && !v.isEmpty()) {
      return Optional.of(v.toCharArray());
    }
    Path demo = ks.resolveSibling("demo-keystore.password");
    if (ks.getFileName().toString().equals("demo-keystore.p12") && Files.isRegularFile(demo)) {
      return Optional.of(Files.readString(demo, StandardCharsets.US_ASCII).trim().toCharArray());
    }
    return Optional.empty();
  }
}
