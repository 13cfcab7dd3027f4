package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.legal.export.ExportRequestInfo;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.legal.export.ExportWriter;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportVerifyCommandTest {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final ExportSigner SIGNER = ExportSigner.generate();

  @TempDir
  Path tmp;
  Path pkg;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writePackage() {
    pkg = tmp.resolve("pkg");
    CustomerId customer = CustomerId.of("cust-0042");
    ExportRequestInfo req = new ExportRequestInfo("lr-2026-0009", Instrument.COURT_ORDER,
        "US District Court", "1:26-mc-00042", List.of(SampleCdrs.SUBSCRIBER.e164()),
        FROM, FROM.plusSeconds(30 * 86_400), "a".repeat(64), "alice", "bob");
    Set<CdrField> fields =
        EnumSet.of(CdrField.RECORD_ID, CdrField.DIRECTION, CdrField.CALLING, CdrField.CALLED,
            CdrField.START);
    ExportWriter.write(pkg, req, GrantedRecords.as(Purpose.LEGAL_PROCESS, fields, List.of(
            SampleCdrs.voice(customer, Direction.ORIGINATING, FROM.plusSeconds(100), Disposition.ANSWERED, 42),
            SampleCdrs.sms(customer, Direction.TERMINATING, FROM.plusSeconds(200), 1))),
        fields,
        SIGNER, Clock.fixed(FROM.plusSeconds(40 * 86_400), ZoneOffset.UTC));
  }

  private int run(String... args) {
    var cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void anIntactPackage_exits0() throws Exception {
    Path key = Files.write(tmp.resolve("trusted.pub"), SIGNER.publicKeyDer());

    assertThat(run("export", "verify", pkg.toString())).isZero();
    assertThat(out.toString()).contains("export OK: 6 files verified");
    assertThat(run("export", "verify", pkg.toString(), "--trusted-key", key.toString())).isZero();
  }

  @Test
  void aTamperedRecordFile_exits1_namingTheFile() throws Exception {
    Path csv = pkg.resolve("records.csv");
    Files.writeString(csv, Files.readString(csv).replace("+1", "+2"));

    assertThat(run("export", "verify", pkg.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("export BROKEN: records.csv: SHA-256 does not match the manifest");
    assertThat(out.toString()).doesNotContain("555");
  }

  @Test
  void anotherTrustedKey_exits1() throws Exception {
    Path key = Files.write(tmp.resolve("other.pub"), ExportSigner.generate().publicKeyDer());

    assertThat(run("export", "verify", pkg.toString(), "--trusted-key", key.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("signer.pub: signer key is not the trusted key");
  }

  @Test
  void usageErrors_exit2() throws Exception {
    Path garbageKey = Files.writeString(tmp.resolve("garbage.pub"), "not a key");

    assertThat(run("export", "verify", tmp.resolve("nope").toString())).isEqualTo(2);
    assertThat(run("export", "verify")).isEqualTo(2);
    assertThat(run("export")).isEqualTo(2);
    assertThat(run("export", "verify", pkg.toString(), "--trusted-key",
        tmp.resolve("missing.pub").toString())).isEqualTo(2);
    assertThat(run("export", "verify", pkg.toString(), "--trusted-key", garbageKey.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("export directory not found");
  }
}
