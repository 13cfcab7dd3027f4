package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The offline lifecycle commands against a real store (demo keystore), and the node-lock refusal. */
class LifecycleCommandsIT {
  @TempDir Path dataDir;
  private Keyring keyring;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void createStore() throws Exception {
    Path keys = Files.createDirectories(dataDir.resolve("keys"));
    keyring = Keyring.openOrCreateDemo(keys.resolve("demo-keystore.p12"), "demo-pw".toCharArray());
    Files.writeString(keys.resolve("demo-keystore.password"), "demo-pw\n", StandardCharsets.US_ASCII);
    open().close();
  }

  private RocksCdrStore open() {
    return RocksCdrStore.open(StoreSettings.defaults(dataDir), keyring, new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  private int run(String... args) {
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void holdCreateListRelease_andErase_andSweep_workOffline_andAreAudited() {
    String dir = dataDir.toString();
    assertThat(run("hold", "create", "--data-dir", dir, "--customer", "ACCT-100200", "--from", "2025-01-01",
        "--to", "2025-04-01", "--reference", "2703f-26-7", "--principal", "legal-a")).isZero();
    String id = out.toString().split(" ")[0];
    assertThat(id).matches("LH-[0-9a-f]{16}");
    assertThat(run("hold", "list", "--data-dir", dir)).isZero();
    assertThat(out.toString()).contains(id + " ACTIVE").doesNotContain("ACCT-100200");

    assertThat(run("erase", "--data-dir", dir, "--customer", "ACCT-100200", "--principal", "dpo")).isZero();
    assertThat(out.toString()).contains("deferred until").contains("legal-hold").contains(id);

    assertThat(run("hold", "release", id, "--data-dir", dir, "--principal", "legal-b")).isZero();
    assertThat(run("retention", "sweep", "--data-dir", dir, "--dry-run")).isZero();
    assertThat(out.toString()).contains("dry run").contains("deferred erasures run 1");
    assertThat(run("retention", "sweep", "--data-dir", dir)).isZero();
    assertThat(run("erase", "--data-dir", dir, "--customer", "ACCT-100200", "--principal", "dpo")).isZero();
    assertThat(out.toString()).contains("already erased at");

    try (RocksCdrStore store = open()) {
      assertThat(store.auditLedger().read(1, 1000)).extracting(e -> e.event().operation())
          .contains("hold.create", "erasure.deferred", "hold.release", "erasure.run", "erasure.purge");
    }
  }

  @Test
  void commands_refuseClearly_whileANodeHoldsTheStore() {
    try (RocksCdrStore running = open()) {
      assertThat(run("retention", "sweep", "--data-dir", dataDir.toString())).isEqualTo(1);
      assertThat(err.toString()).contains("in use by a running node");
    }
  }

  @ParameterizedTest(name = "reference with U+{0}")
  @ValueSource(strings = {"001b", "000a", "000d", "009b", "202e"})
  void holdCreate_withAnUnprintableReference_isAUsageError_andCreatesNothing(String hex) {
    String dir = dataDir.toString();
    String reference = "PRES" + (char) Integer.parseInt(hex, 16) + "[2J-7";
    assertThat(run("hold", "create", "--data-dir", dir, "--customer", "ACCT-100200", "--from",
        "2025-01-01", "--to", "2025-04-01", "--reference", reference, "--principal", "legal-a"))
        .isEqualTo(CdrVaultCli.USAGE_ERROR);
    assertThat(err.toString()).contains("cdrvault: a hold's reference has a control or other "
        + "unprintable character at index 4 (printable text only)").doesNotContain("[2J");
    assertThat(run("hold", "list", "--data-dir", dir)).isZero();
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest(name = "from {0} to {1}")
  @CsvSource({"1969-12-01, 1970-02-01", "9999-12-01, +10000-01-02"})
  void holdCreate_withAWindowOutsideTheStoresYears_isAUsageError(String from, String to) {
    assertThat(run("hold", "create", "--data-dir", dataDir.toString(), "--customer", "ACCT-100200",
        "--from", from, "--to", to, "--reference", "PRES-7", "--principal", "legal-a"))
        .isEqualTo(CdrVaultCli.USAGE_ERROR);
    assertThat(err.toString()).contains("years the store holds (1970..9999)");
  }

  @Test
  void holdList_printsEachHoldOnOneLine_withItsReferenceEscaped() {
    String dir = dataDir.toString();
    assertThat(run("hold", "create", "--data-dir", dir, "--customer", "ACCT-100200", "--from",
        "2025-01-01", "--to", "2025-04-01", "--reference", "PRES\\u001b-7", "--principal", "legal-a"))
        .isZero();
    out.getBuffer().setLength(0);
    assertThat(run("hold", "list", "--data-dir", dir)).isZero();
    // a literal backslash is doubled, so stored text cannot pose as an escaped control character
    assertThat(out.toString()).endsWith(" reference PRES\\\\u001b-7" + System.lineSeparator())
        .hasLineCount(1);
  }
}
