package io.cdrvault.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.app.cli.AssertionCommand;
import io.cdrvault.app.cli.CdrVaultCli;
import io.cdrvault.query.auth.CustomerAssertions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cdrvault assertion} mints what the real ApiServer accepts for CUSTOMER_ACCESS. */
class AssertionCommandIT {
  private static final String FROM = "2024-02-01T00:00:00Z";
  private static final String TO = "2024-03-01T00:00:00Z";
  private static final String FIXTURE_KEY_B64 = Base64.getEncoder().encodeToString(
      "fixture-assertion-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  @TempDir Path dir;

  private record Minted(int code, String token, String err) {}

  private static Minted mint(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AssertionCommand(env, ApiFixture.CLOCK));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Minted(code, out.toString().strip(), err.toString());
  }

  private static HttpResponse<String> careRead(ApiFixture api, String assertion) {
    return api.get(ApiFixture.usagePath(ApiFixture.CUSTOMER, FROM, TO), ApiFixture.CARE_UNBOUND_TOKEN,
        "CUSTOMER_ACCESS", null, Map.of("X-CPNI-Customer-Assertion", assertion));
  }

  @Test
  void mintedWithTheNodesKey_isAcceptedForCustomerAccess_onlyFromItsPrincipal() throws Exception {
    Map<String, String> env = Map.of(CustomerAssertions.KEY_ENV, FIXTURE_KEY_B64);
    try (ApiFixture api = ApiFixture.start(dir.resolve("store"))) {
      Minted forAgent = mint(env, "--customer", ApiFixture.CUSTOMER.value(), "--principal", "care-unbound");
      assertThat(forAgent.code()).as(forAgent.err()).isZero();

      HttpResponse<String> allowed = careRead(api, forAgent.token());
      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
      assertThat(new ObjectMapper().readTree(allowed.body()).get("customerId").asText())
          .isEqualTo(ApiFixture.CUSTOMER.value());

      Minted forSomeoneElse = mint(env, "--customer", ApiFixture.CUSTOMER.value(), "--principal", "care-other");
      assertThat(careRead(api, forSomeoneElse.token()).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void withoutTheEnvironmentKey_readsTheDemoKeyFile_andSaysWhenThereIsNone() throws Exception {
    Path data = dir.resolve("data");
    Minted none = mint(Map.of(), "--customer", "C-1001", "--principal", "care-agent", "--data-dir", data.toString());
    assertThat(none.code()).isEqualTo(CdrVaultCli.USAGE_ERROR);
    assertThat(none.err()).contains("no assertion key at " + CustomerAssertions.demoKeyFile(data))
        .contains(CustomerAssertions.KEY_ENV);

    CustomerAssertions demo = CustomerAssertions.fromKeyFile(CustomerAssertions.demoKeyFile(data), true);
    assertThat(Files.getPosixFilePermissions(CustomerAssertions.demoKeyFile(data)))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    Minted minted = mint(Map.of(), "--customer", "C-1001", "--principal", "care-agent", "--data-dir", data.toString());
    assertThat(minted.code()).isZero();
    assertThat(demo.verify(minted.token(), ApiFixture.CLOCK.instant(), "care-agent").value()).isEqualTo("C-1001");

    Minted tooLong = mint(Map.of(), "--customer", "C-1001", "--principal", "care-agent", "--data-dir", data.toString(),
        "--lifetime", "PT1H");
    assertThat(tooLong.code()).isEqualTo(CdrVaultCli.USAGE_ERROR);
  }

  @Test
  void withTheNodesKeyInAFile_mintsWhatTheApiAccepts_andAMissingFileIsAUsageError() throws Exception {
    Path keyFile = dir.resolve("assertion.key");
    Files.writeString(keyFile, FIXTURE_KEY_B64 + "\n");
    try (ApiFixture api = ApiFixture.start(dir.resolve("store"))) {
      Minted minted = mint(Map.of(), "--customer", ApiFixture.CUSTOMER.value(), "--principal",
          "care-unbound", "--key-file", keyFile.toString());
      assertThat(minted.code()).as(minted.err()).isZero();
      assertThat(careRead(api, minted.token()).statusCode()).isEqualTo(200);
    }
    Path missing = dir.resolve("absent.key");
    Minted none = mint(Map.of(), "--customer", "C-1001", "--principal", "care-agent", "--key-file",
        missing.toString());
    assertThat(none.code()).isEqualTo(CdrVaultCli.USAGE_ERROR);
    assertThat(none.err()).contains(missing.toString()).contains("does not exist");
  }
}
