package io.cdrvault.query.legal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageZipTest {
  private static final ExportSigner SIGNER = ExportSigner.generate();

  @TempDir Path tmp;

  private static byte[] pack(Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PackageZip.pack(dir, out);
    return out.toByteArray();
  }

  private static byte[] zipOf(String name, String content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  @Test
  void packThenUnpack_givesAPackageThatVerifies() throws Exception {
    LegalExports.writePackage(tmp.resolve("pkg"), SIGNER);

    int entries = PackageZip.unpack(new ByteArrayInputStream(pack(tmp.resolve("pkg"))),
        tmp.resolve("out"), 1 << 20);

    assertThat(entries).isEqualTo(6);
    assertThat(ExportVerifier.verify(tmp.resolve("out"), Optional.of(SIGNER.publicKeyDer())).ok())
        .isTrue();
  }

  @Test
  void identicalFiles_packToIdenticalBytes_evenWrittenAtDifferentTimes() throws Exception {
    LegalExports.writePackage(tmp.resolve("a"), SIGNER);
    byte[] first = pack(tmp.resolve("a"));
    Thread.sleep(1100); // file modification times differ by more than the DOS 2-second grain
    Path b = tmp.resolve("b");
    Files.createDirectories(b);
    try (var files = Files.list(tmp.resolve("a"))) {
      for (Path f : files.toList()) {
        Files.write(b.resolve(f.getFileName()), Files.readAllBytes(f));
      }
    }
    Thread.sleep(1100);
    assertThat(pack(b)).isEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil.txt", "/etc/evil", "sub/records.csv", "..\\evil", ".hidden"})
  void entriesThatAreNotPlainFileNames_areRefused_andNothingEscapes(String name) throws Exception {
    Path out = tmp.resolve("out");

    assertThatThrownBy(() -> PackageZip.unpack(new ByteArrayInputStream(zipOf(name, "x")), out,
        1 << 20)).isInstanceOf(PackageZip.UnsafeArchiveException.class)
        .hasMessageContaining("entry 1");
    assertThat(Files.exists(tmp.resolve("evil.txt"))).isFalse();
    try (var s = Files.list(out)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void anOversizedEntry_isRefused() throws Exception {
    assertThatThrownBy(() -> PackageZip.unpack(new ByteArrayInputStream(zipOf("big.txt",
        "x".repeat(100))), tmp.resolve("out"), 10))
        .isInstanceOf(PackageZip.UnsafeArchiveException.class).hasMessageContaining("larger");
  }

  @Test
  void aNonEmptyTarget_isRefused() throws Exception {
    Files.createDirectories(tmp.resolve("out"));
    Files.writeString(tmp.resolve("out/x"), "x");

    assertThatThrownBy(() -> PackageZip.unpack(new ByteArrayInputStream(zipOf("a.txt", "x")),
        tmp.resolve("out"), 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
