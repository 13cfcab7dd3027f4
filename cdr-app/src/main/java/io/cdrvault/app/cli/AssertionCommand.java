package io.cdrvault.app.cli;

import io.cdrvault.query.auth.CustomerAssertions;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.SecretSource;
import io.cdrvault.store.model.CustomerId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdrvault assertion --customer ID --principal NAME}: mints a customer authentication
 * assertion (what the portal or the care agent's identity check issues after authenticating the
 * customer) with the key the node uses: {@value CustomerAssertions#KEY_ENV} as {@code serve} reads
 * it, else the demo's key file under {@code --data-dir}. Prints only the token, so
 * {@code A=$(./cdrvault assertion ...)} captures it.
 *
 * <p>Exit codes: 0 printed, 2 usage error or no key.
 */
@Command(name = "assertion", mixinStandardHelpOptions = true,
    description = {"Mints a customer authentication assertion (X-CPNI-Customer-Assertion) for a care agent or portal.",
        "Key: CDRVAULT_ASSERTION_KEY (as serve reads it), else the demo's data/keys/demo-assertion.key."})
public final class AssertionCommand implements Callable<Integer> {
  @Option(names = "--customer", required = true, description = "the authenticated customer's id")
  String customer;

  @Option(names = "--principal", required = true,
      description = "the principal that will present it (claim azp; refused from anyone else)")
  String principal;

  @Option(names = "--lifetime", defaultValue = "PT15M",
      description = "ISO-8601 duration, at most PT15M. Default: ${DEFAULT-VALUE}")
  Duration lifetime;

  @Option(names = "--data-dir", defaultValue = "data",
      description = "the demo's data directory, used when CDRVAULT_ASSERTION_KEY is not set. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "File holding the node's customer assertion key (base64, the file "
          + "query.assertionKeyFile names; e.g. a mounted secret) instead of CDRVAULT_ASSERTION_KEY.")
  Path keyFile;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;
  private final Clock clock;

  public AssertionCommand() {
    this(System.getenv(), Clock.systemUTC());
  }

  /** With an explicit environment and clock (tests). */
  public AssertionCommand(Map<String, String> env, Clock clock) {
    this.env = Map.copyOf(env);
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CustomerId id;
    try {
      id = CustomerId.of(customer);
    } catch (IllegalArgumentException e) {
      err.println("cdrvault assertion: --customer is not a valid customer id");
      return CdrVaultCli.USAGE_ERROR;
    }
    if (principal.isBlank()) {
      err.println("cdrvault assertion: --principal must not be blank");
      return CdrVaultCli.USAGE_ERROR;
    }
    CustomerAssertions assertions;
    try {
      String fromEnv = env.get(CustomerAssertions.KEY_ENV);
      if (keyFile != null) {
        char[] key = SecretSource.file("--key-file", keyFile).read(Map.of(), "a customer assertion key");
        assertions = CustomerAssertions.fromBase64(new String(key).strip());
        java.util.Arrays.fill(key, '\0');
      } else {
        assertions = fromEnv != null && !fromEnv.isBlank() ? CustomerAssertions.fromBase64(fromEnv)
            : CustomerAssertions.fromKeyFile(CustomerAssertions.demoKeyFile(dataDir), false);
      }
    } catch (ConfigException e) {
      err.println("cdrvault assertion: " + String.join("; ", e.problems()));
      return CdrVaultCli.USAGE_ERROR;
    } catch (IllegalArgumentException | IOException e) {
      err.println("cdrvault assertion: " + (e instanceof IOException ? "cannot read the key ("
          + e.getClass().getSimpleName() + ")" : e.getMessage())
          + "; set " + CustomerAssertions.KEY_ENV + " to the node's key, or --data-dir to the demo's data directory");
      return CdrVaultCli.USAGE_ERROR;
    }
    try {
      out.println(assertions.issue(id, principal, clock.instant(), lifetime));
    } catch (IllegalArgumentException e) {
      err.println("cdrvault assertion: --lifetime " + e.getMessage());
      return CdrVaultCli.USAGE_ERROR;
    }
    out.flush();
    return 0;
  }
}
