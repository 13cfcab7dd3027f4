package io.cdrvault.query.legal.export;

import static io.cdrvault.query.legal.export.LegalExports.CELL;
import static io.cdrvault.query.legal.export.LegalExports.IMSI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.Direction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExportSigner SIGNER = ExportSigner.generate();

  @TempDir
  Path tmp;

  @Test
  void write_createsEveryPackageFile() {
    Path dir = tmp.resolve("pkg");
    ExportResult result = LegalExports.writePackage(dir, SIGNER);

    assertThat(dir).isDirectoryContaining("glob:**/records.ndjson")
        .isDirectoryContaining("glob:**/records.csv")
        .isDirectoryContaining("glob:**/manifest.json")
        .isDirectoryContaining("glob:**/manifest.sig")
        .isDirectoryContaining("glob:**/signer.pub")
        .isDirectoryContaining("glob:**/certification.txt");
    assertThat(result.recordCount()).isEqualTo(4);
    assertThat(result.generatedAt()).isEqualTo(Instant.parse("2026-04-02T10:15:30Z"));
    assertThat(result.signerFingerprint()).isEqualTo(SIGNER.fingerprint());
  }

  @Test
  void manifest_listsTheSha256OfEveryOtherFile_andDescribesTheRequest() throws Exception {
    Path dir = tmp.resolve("pkg");
    LegalExports.writePackage(dir, SIGNER);

    JsonNode m = JSON.readTree(dir.resolve("manifest.json").toFile());
    JsonNode files = m.get("files");
    assertThat(files.size()).isEqualTo(3);
    for (String name : List.of("records.ndjson", "records.csv", "certification.txt")) {
      assertThat(files.get(name).asText()).as(name).isEqualTo(sha256(dir.resolve(name)));
    }
    assertThat(m.get("format").asText()).isEqualTo("cdrvault.legal-export/1");
    assertThat(m.get("recordCount").asInt()).isEqualTo(4);
    assertThat(m.get("generatedAt").asText()).isEqualTo("2026-04-02T10:15:30Z");
    assertThat(m.at("/request/requestId").asText()).isEqualTo("lr-2026-0007");
    assertThat(m.at("/request/instrument").asText()).isEqualTo("SUBPOENA");
    assertThat(m.at("/request/approvedBy").asText()).isEqualTo("bob");
    assertThat(m.at("/scope/from").asText()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(m.at("/scope/targets/0").asText()).isEqualTo("+15555550100");
    assertThat(m.at("/signer/keyFingerprint").asText()).isEqualTo(SIGNER.fingerprint());
    List<String> fields = new ArrayList<>();
    m.get("fields").forEach(f -> fields.add(f.asText()));
    assertThat(fields).containsExactly("recordId", "type", "direction", "calling", "called", "start",
        "end", "durationSeconds", "smsSegments");
  }

  @Test
  void sameRequestTwice_inAnotherOrderAndAtAnotherTime_givesIdenticalRecordFiles() throws Exception {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    List<CustomerCdr> records = LegalExports.records();
    List<CustomerCdr> reversed = new ArrayList<>(records);
    Collections.reverse(reversed);

    ExportResult a = ExportWriter.write(first, LegalExports.subpoena(),
        LegalExports.granted(records, LegalExports.SUBPOENA_FIELDS),
        LegalExports.SUBPOENA_FIELDS, SIGNER, LegalExports.clockAt("2026-04-02T10:00:00Z"));
    ExportResult b = ExportWriter.write(second, LegalExports.subpoena(),
        LegalExports.granted(reversed, LegalExports.SUBPOENA_FIELDS),
        LegalExports.SUBPOENA_FIELDS, SIGNER, LegalExports.clockAt("2026-04-03T09:00:00Z"));

    for (String name : List.of("records.ndjson", "records.csv")) {
      assertThat(sha256(first.resolve(name))).as(name).isEqualTo(sha256(second.resolve(name)));
      assertThat(a.fileSha256().get(name)).isEqualTo(b.fileSha256().get(name));
    }
    assertThat(Files.readAllBytes(first.resolve("manifest.json")))
        .isNotEqualTo(Files.readAllBytes(second.resolve("manifest.json")));
  }

  @Test
  void records_areSortedByStartTime() throws Exception {
    Path dir = tmp.resolve("pkg");
    LegalExports.writePackage(dir, SIGNER);

    List<String> starts = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("records.ndjson"))) {
      starts.add(JSON.readTree(line).get("start").asText());
    }
    assertThat(starts).hasSize(4).isSortedAccordingTo((x, y) -> Instant.parse(x).compareTo(Instant.parse(y)));
  }

  @Test
  void subpoenaFields_leaveOutIpsDeviceIdsAndCellSites_inNdjsonAndCsv() throws Exception {
    Path dir = tmp.resolve("pkg");
    LegalExports.writePackage(dir, SIGNER);

    String ndjson = Files.readString(dir.resolve("records.ndjson"));
    String csv = Files.readString(dir.resolve("records.csv"));
    String header = csv.substring(0, csv.indexOf("\r\n"));
    for (String forbidden : List.of("cellId", "imsi", "imei", "sourceIp", "userAgent", "trunk")) {
      assertThat(ndjson).doesNotContain("\"" + forbidden + "\"");
      assertThat(List.of(header.split(","))).noneMatch(h -> h.startsWith(forbidden));
    }
    assertThat(ndjson + csv).doesNotContain(IMSI).doesNotContain(CELL).doesNotContain("198.51.100.7");
    for (String line : ndjson.split("\n")) {
      JsonNode r = JSON.readTree(line);
      List<String> names = new ArrayList<>();
      r.fieldNames().forEachRemaining(names::add);
      assertThat(names).isSubsetOf("recordId", "type", "direction", "calling", "called", "start",
          "end", "durationSeconds", "smsSegments");
    }
  }

  @Test
  void warrantFields_doIncludeTheCellSite_soTheFieldFilterIsWhatRemovesIt() throws Exception {
    Path dir = tmp.resolve("pkg");
    ExportWriter.write(dir, LegalExports.subpoena(),
        LegalExports.granted(LegalExports.records(), EnumSet.allOf(CdrField.class)),
        EnumSet.allOf(CdrField.class), SIGNER, LegalExports.clockAt("2026-04-02T10:00:00Z"));

    assertThat(Files.readString(dir.resolve("records.ndjson"))).contains("\"cellId\"").contains(CELL);
    assertThat(Files.readString(dir.resolve("records.csv"))).contains("cellId").contains(IMSI);
  }

  @Test
  void csv_hasAHeaderAndOneQuotedRowPerRecord_matchingTheNdjson() throws Exception {
    Path dir = tmp.resolve("pkg");
    LegalExports.writePackage(dir, SIGNER);

    List<String> lines = List.of(Files.readString(dir.resolve("records.csv")).split("\r\n"));
    assertThat(lines).hasSize(5);
    List<String> header = List.of(lines.get(0).split(","));
    assertThat(header).startsWith("recordId", "type", "direction", "calling.raw", "calling.e164",
        "calling.kind");
    List<String> ndjson = Files.readAllLines(dir.resolve("records.ndjson"));
    for (int i = 0; i < ndjson.size(); i++) {
      JsonNode rec = JSON.readTree(ndjson.get(i));
      List<String> row = List.of(lines.get(i + 1).split(",", -1));
      assertThat(row).hasSameSizeAs(header);
      assertThat(row.get(header.indexOf("recordId"))).isEqualTo(rec.get("recordId").asText());
      assertThat(row.get(header.indexOf("called.e164"))).isEqualTo(rec.at("/called/e164").asText());
      assertThat(row.get(header.indexOf("start"))).isEqualTo(rec.get("start").asText());
    }
    // the UK number's raw form contains spaces but no comma; a comma would be quoted
    assertThat(CsvColumns.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvColumns.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
  }

  @Test
  void certification_namesTheRequestAndCount_butNoPhoneNumberOrTarget() throws Exception {
    Path dir = tmp.resolve("pkg");
    ExportResult result = LegalExports.writePackage(dir, SIGNER);

    String text = Files.readString(dir.resolve("certification.txt"), StandardCharsets.UTF_8);
    assertThat(text).contains("lr-2026-0007").contains("GJ-2026-1138")
        .contains("Number of records:  4").contains("2026-04-02T10:15:30Z")
        .contains("2026-03-01T00:00:00Z").contains(result.fileSha256().get("records.ndjson"));
    assertThat(text).doesNotContain(SampleCdrs.SUBSCRIBER.e164()).doesNotContain("5550100")
        .doesNotContain(SampleCdrs.OTHER_PARTY.e164()).doesNotContain("7946")
        .doesNotContain(IMSI).doesNotContain(CELL);
  }

  @Test
  void aRecordOutsideTheWindow_isRejected_byPosition() {
    List<CustomerCdr> records = new ArrayList<>(LegalExports.records());
    records.add(SampleCdrs.sms(LegalExports.CUSTOMER, Direction.ORIGINATING, LegalExports.TO, 1));

    assertThatThrownBy(() -> ExportWriter.write(tmp.resolve("pkg"), LegalExports.subpoena(),
        LegalExports.granted(records, LegalExports.SUBPOENA_FIELDS),
        LegalExports.SUBPOENA_FIELDS, SIGNER, LegalExports.clockAt("2026-04-02T10:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record 4 starts outside the request window");
    assertThat(tmp.resolve("pkg")).doesNotExist();
  }

  @Test
  void aNonEmptyDirectory_isRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("pkg"));
    Files.writeString(dir.resolve("old.txt"), "x");

    assertThatThrownBy(() -> LegalExports.writePackage(dir, SIGNER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be empty");
  }

  @Test
  void requestInfo_printsNoTargets_andNeedsTwoPeople() {
    assertThat(LegalExports.subpoena().toString()).doesNotContain("555").contains("lr-2026-0007");
    assertThatThrownBy(() -> new ExportRequestInfo("lr-1", Instrument.WARRANT, "court", "c-1",
        List.of("+15555550100"), LegalExports.FROM, LegalExports.TO, "0".repeat(64), "alice", "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("555");
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
