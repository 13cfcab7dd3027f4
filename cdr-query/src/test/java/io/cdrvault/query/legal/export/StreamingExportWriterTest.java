package io.cdrvault.query.legal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingExportWriterTest {
  private static final ExportSigner SIGNER = ExportSigner.generate();
  private static final Set<CdrField> FIELDS = EnumSet.allOf(CdrField.class);
  private static final Clock CLOCK = LegalExports.clockAt("2026-04-02T10:15:30Z");

  @TempDir Path tmp;

  private Path spoolParent() throws IOException {
    return Files.createDirectories(tmp.resolve("spool"));
  }

  private static GrantedCdr granted(CustomerCdr r) {
    return GrantedRecords.as(Purpose.LEGAL_PROCESS, FIELDS, r);
  }

  private byte[] zip(List<CustomerCdr> records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamingExportWriter w = StreamingExportWriter.spooling(LegalExports.subpoena(), FIELDS,
        spoolParent(), ExternalSortTest.SMALL)) {
      for (CustomerCdr r : records) {
        w.add(granted(r));
      }
      assertThat(w.spooledRuns()).isGreaterThan(1);
      PackageSummary s = w.writeTo(new ZipPackageStream(out), Optional.empty(), SIGNER, CLOCK);
      assertThat(s.recordCount()).isEqualTo(w.recordsWritten());
    }
    return out.toByteArray();
  }

  private static List<String> entryNames(byte[] zip) {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      // a cut archive: the entries before the cut
    }
    return names;
  }

  private void assertSpoolDeleted() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("spool"))) {
      assertThat(s).as("spool directories left").isEmpty();
    }
  }

  @Test
  void aSpooledZip_verifies_andHoldsExactlyTheFilesOfTheDirectoryWriter() throws Exception {
    List<CustomerCdr> records = ExternalSortTest.cursorOrder(30, 40, 11);
    byte[] zip = zip(records);
    assertSpoolDeleted();

    Path unpacked = tmp.resolve("unpacked");
    assertThat(PackageZip.unpack(new ByteArrayInputStream(zip), unpacked, 1 << 26)).isEqualTo(6);
    assertThat(ExportVerifier.verify(unpacked, Optional.of(SIGNER.publicKeyDer())).ok()).isTrue();
    assertThat(entryNames(zip)).containsExactly("records.ndjson", "records.csv",
        "certification.txt", "manifest.json", "manifest.sig", "signer.pub");

    Path dir = tmp.resolve("dir");
    ExportResult inMemory = ExportWriter.write(dir, LegalExports.subpoena(),
        LegalExports.granted(records, FIELDS), FIELDS, SIGNER,
        CLOCK);
    assertThat(inMemory.recordCount()).isEqualTo(30 * 40);
    for (String f : List.of("records.ndjson", "records.csv", "certification.txt", "manifest.json")) {
      assertThat(Files.readAllBytes(unpacked.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(dir.resolve(f)));
    }
    assertThat(Files.readAllBytes(unpacked.resolve("records.ndjson")))
        .isEqualTo(ExternalSortTest.expectedNdjson(records, FIELDS));
  }

  @Test
  void theSameRecordsTwice_giveTheSameArchive() throws Exception {
    List<CustomerCdr> records = ExternalSortTest.cursorOrder(10, 30, 12);
    assertThat(zip(records)).isEqualTo(zip(records));
  }

  @Test
  void aClientThatGoesAway_failsTheWrite_andTheSpoolIsDeleted() throws Exception {
    OutputStream goesAway = new OutputStream() {
      long n;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        n += len;
        if (n > 20_000) {
          throw new IOException("connection reset");
        }
      }
    };
    StreamingExportWriter w = StreamingExportWriter.spooling(LegalExports.subpoena(), FIELDS,
        spoolParent(), ExternalSortTest.SMALL);
    for (CustomerCdr r : ExternalSortTest.cursorOrder(20, 40, 13)) {
      w.add(granted(r));
    }
    assertThatThrownBy(() -> w.writeTo(new ZipPackageStream(goesAway), Optional.empty(), SIGNER,
        CLOCK)).isInstanceOf(IOException.class);
    assertThat(w.recordsWritten()).isBetween(1, 20 * 40 - 1);
    w.close();
    assertSpoolDeleted();
  }

  @Test
  void aSpoolThatFailsAuthentication_midStream_leavesNoManifestNoSignatureNoCentralDirectory()
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamingExportWriter w = StreamingExportWriter.spooling(LegalExports.subpoena(), FIELDS,
        spoolParent(), new ExternalSort.Limits(50, 1L << 20, 64));
    for (CustomerCdr r : ExternalSortTest.cursorOrder(20, 40, 14)) {
      w.add(granted(r));
    }
    Path run;
    try (Stream<Path> dirs = Files.list(tmp.resolve("spool"))) {
      Path dir = dirs.findFirst().orElseThrow();
      run = dir.resolve("spool-3.bin");
    }
    byte[] bytes = Files.readAllBytes(run);
    bytes[bytes.length - 40] ^= 0x01; // late in the run: the merge has already written lines
    Files.write(run, bytes);

    assertThatThrownBy(() -> w.writeTo(new ZipPackageStream(out), Optional.empty(), SIGNER, CLOCK))
        .isInstanceOf(IOException.class).hasMessageContaining("failed authentication");
    w.close();
    assertSpoolDeleted();

    byte[] partial = out.toByteArray();
    assertThat(partial.length).isGreaterThan(0);
    assertThat(entryNames(partial)).doesNotContain("manifest.json", "manifest.sig", "records.csv");
    Path cut = Files.write(tmp.resolve("cut.zip"), partial);
    assertThatThrownBy(() -> new ZipFile(cut.toFile()).close()).isInstanceOf(IOException.class);
  }

  @Test
  void aRecordOutsideTheWindow_isRefusedByPosition_beforeAnythingIsWritten() throws Exception {
    List<CustomerCdr> records = new ArrayList<>(LegalExports.records());
    records.add(io.cdrvault.query.testing.SampleCdrs.sms(LegalExports.CUSTOMER,
        io.cdrvault.store.model.Direction.ORIGINATING, LegalExports.TO, 1));
    try (StreamingExportWriter w = StreamingExportWriter.spooling(LegalExports.subpoena(), FIELDS,
        spoolParent())) {
      for (int i = 0; i < 4; i++) {
        w.add(granted(records.get(i)));
      }
      assertThatThrownBy(() -> w.add(granted(records.get(4)))).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("record 4 starts outside the request window");
    }
  }
}
