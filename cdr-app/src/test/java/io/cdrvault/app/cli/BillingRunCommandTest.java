package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BillingRunCommandTest {
  @TempDir Path dir;

  @Test
  void unreachableServer_isNamedWithTheCause() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort(); // closed again: nothing listens there
    }
    String url = "http://127.0.0.1:" + dead;
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BillingRunCommand(name -> "token-for-test"));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("--url", url, "--from", "2026-10-01", "--to", "2026-11-01",
        "--out", dir.resolve("run.ndjson").toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("cannot connect to " + url).contains("ConnectException");
  }
}
