package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.model.json.CanonicalJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static String record(String originId, String start) {
    return "{\"schema\":\"" + CanonicalJson.SCHEMA + "\",\"origin\":\"pbx1\",\"originId\":\"" + originId
        + "\",\"type\":\"VOICE\",\"calling\":\"2025550143\",\"called\":\"+442079460958\",\"start\":\"" + start
        + "\",\"end\":\"2026-03-01T09:21:44Z\",\"disposition\":\"ANSWERED\",\"durationSeconds\":461,"
        + "\"billableSeconds\":455,\"answer\":\"2026-03-01T09:14:09Z\"}";
  }

  @Test
  void canonicalJsonFile_withABadLine_printsTheGoodRecords_andNamesTheBadLine_exit1() throws Exception {
    Path file = dir.resolve("cdrs.ndjson");
    Files.writeString(file, record("a-1", "2026-03-01T09:14:03Z") + "\n"
        + "{\"schema\":\"" + CanonicalJson.SCHEMA + "\",\"origin\":\"pbx1\",\"originId\":\"a-2\",\"type\":\"VOICE\"\n"
        + "\n"
        + record("a-3", "2026-03-01T09:14:05Z") + "\r\n", StandardCharsets.UTF_8);

    int code = run("decode", "--format", "canonical-json", file.toString());

    assertThat(code).isEqualTo(1);
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(CanonicalJson.read(lines[0].getBytes(StandardCharsets.UTF_8)).originId()).isEqualTo("a-1");
    var second = CanonicalJson.read(lines[1].getBytes(StandardCharsets.UTF_8));
    assertThat(second.originId()).isEqualTo("a-3");
    assertThat(second.calling().e164()).isEqualTo("+12025550143");
    assertThat(second.billableSeconds()).isEqualTo(455);
    assertThat(err.toString()).contains("3 payloads, 2 records, 0 skipped, 1 rejected")
        .contains("line 2: malformed-json")
        .contains("rejected malformed-json: 1")
        .doesNotContain("2025550143");
  }

  private static String fsLine(String caller, String uuid, String bleg) {
    return "\"Front Desk\",\"" + caller + "\",\"12025550177\",\"default\",\"2026-03-01 09:05:10\","
        + "\"2026-03-01 09:05:15\",\"2026-03-01 09:09:02\",\"232\",\"227\",\"NORMAL_CLEARING\",\"" + uuid
        + "\",\"" + bleg + "\",\"\",\"PCMU\",\"PCMU\"";
  }

  @Test
  void freeswitchCsvWithBothLegs_printsOnlyTheALegs_andEachSkippedLegWithWhy() throws Exception {
    Path file = dir.resolve("Master.csv");
    Files.writeString(file, fsLine("2025550143", "b-leg-1", "") + "\n"
        + fsLine("2025550143", "a-leg-1", "b-leg-1") + "\n"
        + "\n"
        + fsLine("2025550168", "a-leg-2", "b-leg-2") + "\n"
        + fsLine("2025550168", "b-leg-2", "") + "\n", StandardCharsets.UTF_8);

    int code = run("decode", "--format", "freeswitch-csv", file.toString());

    assertThat(code).isZero();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(CanonicalJson.read(lines[0].getBytes(StandardCharsets.UTF_8)).originId()).isEqualTo("a-leg-1");
    assertThat(CanonicalJson.read(lines[1].getBytes(StandardCharsets.UTF_8)).originId()).isEqualTo("a-leg-2");
    assertThat(err.toString()).contains("4 payloads, 2 records, 2 skipped, 0 rejected")
        .contains("skipped duplicate-leg: 2")
        .contains("skipped line 1: duplicate-leg: another payload of the same origin names this record as a leg")
        .contains("skipped line 5: duplicate-leg: another payload")
        .doesNotContain("2025550143").doesNotContain("b-leg-1");
  }

  @Test
  void allGood_exit0() throws Exception {
    Path file = dir.resolve("ok.ndjson");
    Files.writeString(file, record("b-1", "2026-03-01T09:14:03Z") + "\n", StandardCharsets.UTF_8);

    assertThat(run("decode", "--format", "canonical-json", file.toString())).isZero();
    assertThat(out.toString().strip().split("\n")).hasSize(1);
  }

  @Test
  void unknownFormat_exit2_andListsTheKnownFormats() throws Exception {
    Path file = dir.resolve("x.csv");
    Files.writeString(file, "a,b\n");

    int code = run("decode", "--format", "nortel-dms", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown format 'nortel-dms'").contains("known: ").contains("canonical-json");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void sourceConfig_setsTheRegionOfNationalNumbers() throws Exception {
    Path file = dir.resolve("nl.ndjson");
    Files.writeString(file, record("c-1", "2026-03-01T09:14:03Z").replace("\"2025550143\"", "\"0201234567\"") + "\n");
    Path sources = dir.resolve("sources.yaml");
    Files.writeString(sources, "sources:\n  ams-1:\n    region: NL\n    zone: Europe/Amsterdam\n");

    int code = run("decode", "--format", "canonical-json", "--source-config", sources.toString(), "--source", "ams-1",
        file.toString());

    assertThat(code).isZero();
    assertThat(CanonicalJson.read(out.toString().strip().getBytes(StandardCharsets.UTF_8)).calling().e164())
        .isEqualTo("+31201234567");
    assertThat(err.toString()).contains("source ams-1, region NL, zone Europe/Amsterdam");
  }
}
