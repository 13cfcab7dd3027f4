package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.deadletter.DeadLetter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DlqCommandTest {
  private static int run(StringWriter err, String... args) {
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void listLine_namesPositionsAndKinds_andEscapesHeaderText() {
    DeadLetter d = new DeadLetter(0, 17, "unattributed", "no served customer\u001b[2J", "kannel-log", "sw-east\n",
        "cdr.raw-3@88", "cdr.raw", 3, Instant.parse("2026-03-01T00:00:00Z"), "content-stripped", "");
    assertThat(DlqCommand.ListCommand.line("cdr.raw.dlq", d)).isEqualTo("cdr.raw.dlq-0@17\treason=unattributed"
        + "\tformat=kannel-log\tsource=sw-east?\ttime=2026-03-01T00:00:00Z\torigin=cdr.raw-3@88"
        + "\tpayload=content-stripped\tdetail=no served customer?[2J");
  }

  @Test
  void aNonPositiveTimeout_orAnEmptyOffsetRange_isAUsageError_beforeAnyConnection() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "dlq", "summary", "--timeout", "0s")).isEqualTo(2);
    assertThat(err.toString()).contains("--timeout must be positive");
    StringWriter err2 = new StringWriter();
    assertThat(run(err2, "dlq", "list", "--partition", "0", "--from-offset", "5", "--to-offset", "2")).isEqualTo(2);
    assertThat(err2.toString()).contains("offset range");
  }

  @Test
  void withoutASubcommand_itSaysWhichExist() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "dlq")).isEqualTo(2);
    assertThat(err.toString()).contains("summary, list, replay");
  }
}
