package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.audit.VerificationResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CdrVaultCliTest {
  @TempDir
  Path dataDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(CommandLine cl, String... args) {
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void auditVerify_onAnIntactLedger_exits0() {
    AtomicReference<Path> seen = new AtomicReference<>();
    LedgerVerifier verifier = dir -> {
      seen.set(dir);
      return VerificationResult.intact(12);
    };

    int code = run(CdrVaultCli.commandLine(verifier), "audit", "verify", "--data-dir", dataDir.toString());

    assertThat(code).isZero();
    assertThat(seen.get()).isEqualTo(dataDir);
    assertThat(out.toString()).contains("audit ledger OK: 12 entries verified");
  }

  @Test
  void auditVerify_onABrokenChain_exits1AndNamesTheEntry() {
    LedgerVerifier verifier = dir -> VerificationResult.broken(7, 5, "hash does not match");

    int code = run(CdrVaultCli.commandLine(verifier), "audit", "verify", "--data-dir", dataDir.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("audit ledger BROKEN at entry 5: hash does not match");
  }

  @Test
  void auditVerify_withMissingDataDir_exits2() {
    LedgerVerifier verifier = dir -> VerificationResult.intact(0);

    int code = run(CdrVaultCli.commandLine(verifier), "audit", "verify", "--data-dir",
        dataDir.resolve("nope").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("data directory not found");
  }

  @Test
  void auditVerify_whenTheLedgerCannotBeRead_exits2WithTheMessage() {
    LedgerVerifier verifier = dir -> {
      throw new IllegalStateException("no audit ledger in data directory");
    };

    int code = run(CdrVaultCli.commandLine(verifier), "audit", "verify", "--data-dir", dataDir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no audit ledger in data directory");
  }

  @Test
  void auditVerify_defaultsToDataInTheWorkingDirectory() {
    AtomicReference<Path> seen = new AtomicReference<>();
    CommandLine cl = CdrVaultCli.commandLine(dir -> {
      seen.set(dir);
      return VerificationResult.intact(0);
    });
    CommandLine.ParseResult pr = cl.parseArgs("audit", "verify");
    AuditVerifyCommand cmd = pr.subcommand().subcommand().commandSpec().commandLine().getCommand();

    assertThat(cmd.dataDir).isEqualTo(Path.of("./data"));
  }

  @Test
  void unknownOption_isAUsageError_exit2() {
    int code = run(CdrVaultCli.commandLine(dir -> VerificationResult.intact(0)), "audit", "verify",
        "--no-such-option");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--no-such-option");
  }

  @Test
  void noSubcommand_isAUsageError_exit2() {
    assertThat(run(CdrVaultCli.commandLine(), new String[0])).isEqualTo(2);
  }

  @Test
  void help_and_version_exit0() {
    assertThat(run(CdrVaultCli.commandLine(), "--help")).isZero();
    assertThat(out.toString()).contains("cdrvault").contains("audit");
    assertThat(run(CdrVaultCli.commandLine(), "--version")).isZero();
    assertThat(out.toString()).containsPattern("cdrvault \\d+\\.\\d+\\.\\d+");
  }

  @Command(name = "serve", description = "test stand-in for a node subcommand")
  static final class FakeServe implements Runnable {
    static boolean ran;

    @Override
    public void run() {
      ran = true;
    }
  }

  @Test
  void extraSubcommands_areRegistered_andRun() {
    FakeServe.ran = false;

    int code = run(CdrVaultCli.commandLine(new FakeServe()), "serve");

    assertThat(code).isZero();
    assertThat(FakeServe.ran).isTrue();
    assertThat(CdrVaultCli.commandLine(new FakeServe()).getSubcommands()).containsKeys("audit", "serve");
  }

  @Test
  void storeVerifier_onADirectoryWithoutAStore_isAUsageErrorNotACrash() {
    // the real verifier (AuditVerifier) on an empty data dir: no store there, so exit 2, not 1
    int code = run(CdrVaultCli.commandLine(), "audit", "verify", "--data-dir", dataDir.toString());

    assertThat(code).isNotEqualTo(1);
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no store found");
  }

  @Test
  void mistypedOption_isReportedAsUnknown_notAsTheMissingRequiredOne() {
    int code = run(CdrVaultCli.commandLine(), "billing", "run", "--url", "http://127.0.0.1:1",
        "--form", "2026-10-01", "--to", "2026-11-01", "--out", "x.ndjson");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--form'").contains("--from")
        .doesNotContain("Missing required option");
  }

  @Test
  void missingRequiredOption_withoutATypo_isStillReportedAsMissing() {
    int code = run(CdrVaultCli.commandLine(), "billing", "run", "--url", "http://127.0.0.1:1",
        "--to", "2026-11-01", "--out", "x.ndjson");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option").contains("--from");
  }

  @Test
  void topLevelHelp_listsEveryCommandWithAWholeSentence() {
    assertThat(run(CdrVaultCli.commandLine(), "--help")).isZero();
    assertThat(out.toString()).contains("produce", "topics", "assertion", "decode", "simulate", "erase");
    CommandLine cl = CdrVaultCli.commandLine();
    for (CommandLine sub : cl.getSubcommands().values()) {
      CommandLine.Model.UsageMessageSpec u = sub.getCommandSpec().usageMessage();
      String summary = u.header().length > 0 ? u.header()[0] : u.description().length > 0 ? u.description()[0] : "";
      assertThat(summary).as("summary of " + sub.getCommandName()).endsWith(".");
    }
    assertThat(CdrVaultCli.firstSentence("Replays a file into Kafka, one record per payload,\n with headers (e.g. cdr.format). More."))
        .isEqualTo("Replays a file into Kafka, one record per payload, with headers (e.g. cdr.format).");
  }
}
