package io.cdrvault.query.legal;

import static io.cdrvault.query.legal.LegalFixture.LEGAL_A;
import static io.cdrvault.query.legal.LegalFixture.LEGAL_B;
import static io.cdrvault.query.legal.LegalFixture.json;
import static io.cdrvault.query.legal.LegalProcessIT.NOT_FOR_SUBPOENA;
import static io.cdrvault.query.legal.LegalProcessIT.TARGET_CUSTOMER;
import static io.cdrvault.query.legal.LegalProcessIT.TARGET_NUMBER;
import static io.cdrvault.query.legal.LegalProcessIT.memberNames;
import static io.cdrvault.query.legal.LegalProcessIT.ndjson;
import static io.cdrvault.query.legal.LegalProcessIT.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.app.cli.CdrVaultCli;
import io.cdrvault.app.cli.LegalCommand;
import io.cdrvault.store.model.CustomerCdr;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The legal process over the {@code cdrvault legal} and {@code export verify} commands, against
 * the real store, HTTP server, policy engine and signer of {@link LegalProcessIT}'s fixture (in
 * cdr-query's test jar; this package is shared so its package-private fixture stays as it is).
 */
class LegalCliIT {
  @TempDir Path dir;
  LegalFixture api;
  /** Records that a SUBPOENA on TARGET_NUMBER + TARGET_CUSTOMER for October 2026 must return. */
  List<CustomerCdr> expected = new ArrayList<>();

  @BeforeEach
  void start() {
    api = new LegalFixture(dir);
    expected.addAll(LegalProcessIT.seed(api));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** Runs {@code cdrvault ...} with the given token in the environment (null: none). */
  record Run(int exit, String out, String err) {}

  Run cli(String token, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl;
    if (args[0].equals("legal")) {
      Map<String, String> env = token == null ? Map.of() : Map.of(LegalCommand.TOKEN_ENV, token);
      cl = new CommandLine(new LegalCommand(env::get));
      args = java.util.Arrays.copyOfRange(args, 1, args.length);
    } else {
      cl = CdrVaultCli.commandLine();
    }
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  // ---- the workflow ---------------------------------------------------------------------------

  @Test
  void subpoena_registerApproveByTwoPeopleExportVerify_overTheCli() throws Exception {
    Path served = dir.resolve("subpoena.pdf");
    Files.writeString(served, "%PDF-1.4 served subpoena");
    Run registered = cli(LEGAL_A, "legal", "request", "--url", api.url(), "--instrument", "SUBPOENA",
        "--authority", "District Attorney, Kings County", "--case-number", "GJ-2026-1138",
        "--target", "number:" + TARGET_NUMBER, "--target", "customer:" + TARGET_CUSTOMER.value(),
        "--from", "2026-10-01", "--to", "2026-11-01", "--expires", "2026-12-31T00:00:00Z",
        "--document", served.toString(), "--gag");
    assertThat(registered.exit()).as(registered.err()).isZero();
    String id = registered.out().strip();
    assertThat(id).matches("LR-[0-9a-f]{16}");

    Run sameperson = cli(LEGAL_A, "legal", "approve", "--url", api.url(), id);
    assertThat(sameperson.exit()).isEqualTo(2);
    assertThat(sameperson.err()).contains("HTTP 409").contains("two-person-rule");

    Run unapprovedExport = cli(LEGAL_B, "legal", "export", "--url", api.url(), id, "--out",
        dir.resolve("never").toString());
    assertThat(unapprovedExport.exit()).isEqualTo(2);
    assertThat(unapprovedExport.err()).contains("HTTP 403").contains("legal-request-unapproved");

    // the second person's token from a mounted-secret file, nothing in the environment
    Path tokenFile = dir.resolve("legal-b.token");
    Files.writeString(tokenFile, LEGAL_B + "\n");
    Run second = cli(null, "legal", "approve", "--url", api.url(), "--token-file",
        tokenFile.toString(), id);
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains(id + " APPROVED");

    Run show = cli(LEGAL_A, "legal", "show", "--url", api.url(), id);
    JsonNode shown = json(show.out());
    assertThat(shown.get("state").asText()).isEqualTo("APPROVED");
    assertThat(shown.get("registeredBy").asText()).isEqualTo("legal-a");
    assertThat(shown.get("approvedBy").asText()).isEqualTo("legal-b");
    assertThat(shown.get("servedDocumentSha256").asText()).isEqualTo(sha256(served));
    assertThat(shown.get("gag").asBoolean()).isTrue();

    Path pkg = dir.resolve("pkg");
    Run exported = cli(LEGAL_B, "legal", "export", "--url", api.url(), id, "--out", pkg.toString());
    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("export OK: 6 files verified");

    List<JsonNode> rows = ndjson(pkg);
    assertThat(rows).extracting(n -> n.get("recordId").asText())
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(r -> r.cdr().id().hex()).toList());
    assertThat(memberNames(rows)).doesNotContainAnyElementsOf(NOT_FOR_SUBPOENA)
        .contains("calling", "called", "start", "durationSeconds", "imsi");
    assertThat(Files.readAllLines(pkg.resolve("records.csv")).get(0))
        .doesNotContain("cellId", "sourceIp", "destinationIp", "userAgent", "trunk", "codec");
    JsonNode manifest = json(Files.readString(pkg.resolve("manifest.json")));
    assertThat(manifest.at("/recordCount").asInt()).isEqualTo(expected.size());
    assertThat(manifest.at("/request/requestId").asText()).isEqualTo(id);
    assertThat(manifest.at("/request/gag").asBoolean()).isTrue();
    assertThat(manifest.at("/query/operation").asText()).isEqualTo("legal-export");
    assertThat(manifest.at("/query/principal").asText()).isEqualTo("legal-b");
    assertThat(manifest.at("/scope/targets").toString()).contains("number:" + TARGET_NUMBER);

    // `export verify` on the unpacked package, then each file changed in turn
    assertThat(cli(LEGAL_B, "export", "verify", pkg.toString()).exit()).isZero();
    try (Stream<Path> files = Files.list(pkg)) {
      for (Path f : files.sorted().toList()) {
        byte[] original = Files.readAllBytes(f);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x01;
        Files.write(f, changed);
        Run broken = cli(LEGAL_B, "export", "verify", pkg.toString());
        assertThat(broken.exit()).as(f.getFileName().toString()).isEqualTo(1);
        assertThat(broken.out()).as(f.getFileName().toString()).contains("export BROKEN")
            .contains(f.getFileName().toString());
        Files.write(f, original);
      }
    }
    assertThat(cli(LEGAL_B, "export", "verify", pkg.toString()).exit()).isZero();
  }
}
