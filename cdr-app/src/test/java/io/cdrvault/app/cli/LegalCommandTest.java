package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Argument errors of {@code cdrvault legal ...}: exit 2 with a message, before any HTTP call. */
class LegalCommandTest {
  /** Nothing listens here: a test that got past argument checks would fail to connect instead. */
  private static final String DEAD_URL = "http://127.0.0.1:9";

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cl = CdrVaultCli.commandLine();
    // replace the environment-reading `legal` command with one over the given environment
    CommandLine legal = new CommandLine(new LegalCommand(env::get));
    cl.getCommandSpec().removeSubcommand("legal");
    cl.addSubcommand("legal", legal);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private List<String> request(String... overrides) throws Exception {
    Path doc = tmp.resolve("doc.pdf");
    Files.writeString(doc, "served");
    List<String> a = new ArrayList<>(List.of("legal", "request", "--url", DEAD_URL,
        "--instrument", "SUBPOENA", "--authority", "DA", "--case-number", "GJ-1",
        "--target", "number:+15551230001", "--from", "2026-10-01", "--to", "2026-11-01",
        "--expires", "2026-12-31T00:00:00Z", "--document", doc.toString()));
    for (int i = 0; i < overrides.length; i += 2) {
      int at = a.indexOf(overrides[i]);
      if (overrides[i + 1] == null) {
        a.remove(at + 1);
        a.remove(at);
      } else {
        a.set(at + 1, overrides[i + 1]);
      }
    }
    return a;
  }

  private static final Map<String, String> TOKEN = Map.of(LegalCommand.TOKEN_ENV, "t0ken");

  @Test
  void legal_isRegisteredInTheCli() {
    assertThat(CdrVaultCli.commandLine().getSubcommands()).containsKey("legal");
    assertThat(CdrVaultCli.commandLine().getSubcommands().get("legal").getSubcommands())
        .containsKeys("request", "approve", "revoke", "show", "export");
  }

  @Test
  void request_withoutInstrument_isAUsageError() throws Exception {
    assertThat(run(TOKEN, request("--instrument", null).toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--instrument");
  }

  @Test
  void request_withAnUnknownInstrument_isAUsageError() throws Exception {
    assertThat(run(TOKEN, request("--instrument", "SUMMONS").toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--instrument must be one of");
  }

  @Test
  void request_withATargetWithoutKind_isAUsageError_thatDoesNotEchoTheNumber() throws Exception {
    assertThat(run(TOKEN, request("--target", "+15559876543").toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--target must be number:+E164 or customer:ID")
        .doesNotContain("5559876543");
  }

  @Test
  void request_withABadDate_isAUsageError() throws Exception {
    assertThat(run(TOKEN, request("--from", "October").toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--from must be a date");
  }

  @Test
  void request_withAMissingDocument_isAUsageError() throws Exception {
    assertThat(run(TOKEN, request("--document", tmp.resolve("nope.pdf").toString())
        .toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--document file not found");
  }

  @Test
  void withoutTheTokenInTheEnvironment_nothingIsSent() throws Exception {
    assertThat(run(Map.of(), request().toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("CDRVAULT_TOKEN").contains("--token-file");
  }

  @Test
  void aTokenFileThatIsMissingOrEmpty_isAUsageErrorNamingTheFile() throws Exception {
    Path missing = tmp.resolve("absent.token");
    assertThat(run(Map.of(), "legal", "approve", "--token-file", missing.toString(),
        "LR-0123456789abcdef")).isEqualTo(2);
    assertThat(err.toString()).contains(missing.toString()).contains("does not exist");
    Path blank = Files.writeString(tmp.resolve("blank.token"), "  \n");
    assertThat(run(Map.of(), "legal", "approve", "--token-file", blank.toString(),
        "LR-0123456789abcdef")).isEqualTo(2);
    assertThat(err.toString()).contains("holds only white space");
  }

  @Test
  void theTokenIsNotAFlag() {
    assertThat(run(TOKEN, "legal", "approve", "--token", "abc", "LR-0123456789abcdef"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--token");
  }

  @Test
  void export_withoutOut_andIntoANonEmptyDirectory_areUsageErrors() throws Exception {
    assertThat(run(TOKEN, "legal", "export", "--url", DEAD_URL, "LR-0123456789abcdef")).isEqualTo(2);
    assertThat(err.toString()).contains("--out");
    Files.writeString(tmp.resolve("existing.txt"), "x");
    assertThat(run(TOKEN, "legal", "export", "--url", DEAD_URL, "LR-0123456789abcdef", "--out",
        tmp.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("empty or new directory");
  }

  @Test
  void anUnreachableApi_isExit2() {
    assertThat(run(TOKEN, "legal", "show", "--url", DEAD_URL, "LR-0123456789abcdef")).isEqualTo(2);
    assertThat(err.toString()).contains("cannot reach the API");
  }

  @Test
  void aBadUrl_isAUsageError() {
    assertThat(run(TOKEN, "legal", "show", "--url", "ftp://x", "LR-0123456789abcdef")).isEqualTo(2);
    assertThat(err.toString()).contains("--url must be an http");
  }
}
