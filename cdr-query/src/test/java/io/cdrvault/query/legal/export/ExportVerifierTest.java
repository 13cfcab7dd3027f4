package io.cdrvault.query.legal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.legal.export.VerificationReport.Kind;
import io.cdrvault.query.legal.export.VerificationReport.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportVerifierTest {
  private static final ExportSigner SIGNER = ExportSigner.generate();

  @TempDir
  Path tmp;
  Path dir;

  @BeforeEach
  void writePackage() {
    dir = tmp.resolve("pkg");
    LegalExports.writePackage(dir, SIGNER);
  }

  @Test
  void anUntouchedPackage_verifies_withAndWithoutTheTrustedKey() {
    VerificationReport plain = ExportVerifier.verify(dir, Optional.empty());
    VerificationReport trusted = ExportVerifier.verify(dir, Optional.of(SIGNER.publicKeyDer()));

    assertThat(plain.ok()).isTrue();
    assertThat(plain.filesVerified()).isEqualTo(6);
    assertThat(trusted.ok()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "records.ndjson, records.ndjson, HASH_MISMATCH",
      "records.csv, records.csv, HASH_MISMATCH",
      "certification.txt, certification.txt, HASH_MISMATCH",
      "manifest.json, manifest.sig, BAD_SIGNATURE",
      "manifest.sig, manifest.sig, BAD_SIGNATURE"})
  void flippingOneByte_failsNamingTheFileOrTheSignature(String tampered, String named, Kind kind)
      throws Exception {
    for (int position : new int[] {0, 7, -1}) {
      byte[] original = Files.readAllBytes(dir.resolve(tampered));
      flip(dir.resolve(tampered), position);

      VerificationReport r = ExportVerifier.verify(dir, Optional.empty());

      assertThat(r.ok()).as("byte %d of %s", position, tampered).isFalse();
      assertThat(r.problem()).contains(new Problem(named, kind));
      Files.write(dir.resolve(tampered), original);
      assertThat(ExportVerifier.verify(dir, Optional.empty()).ok()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20, -1})
  void flippingAByteOfTheShippedKey_failsNamingTheKey(int position) throws Exception {
    flip(dir.resolve("signer.pub"), position);

    VerificationReport r = ExportVerifier.verify(dir, Optional.empty());

    assertThat(r.ok()).isFalse();
    Problem p = r.problem().orElseThrow();
    assertThat(p.file()).isEqualTo("signer.pub");
    assertThat(p.kind()).isIn(Kind.MALFORMED, Kind.KEY_MISMATCH);
  }

  @Test
  void aPackageSignedByAnotherKey_failsAgainstTheTrustedKey() {
    ExportSigner other = ExportSigner.generate();

    VerificationReport r = ExportVerifier.verify(dir, Optional.of(other.publicKeyDer()));

    assertThat(r.problem()).contains(new Problem("signer.pub", Kind.UNTRUSTED_KEY));
  }

  @Test
  void aResignedManifest_withSwappedRecords_passesOnlyWithoutTheTrustedKey() throws Exception {
    // an attacker re-writes the whole package with their own key: integrity holds, origin does not
    Path forged = tmp.resolve("forged");
    ExportSigner attacker = ExportSigner.generate();
    LegalExports.writePackage(forged, attacker);

    assertThat(ExportVerifier.verify(forged, Optional.empty()).ok()).isTrue();
    assertThat(ExportVerifier.verify(forged, Optional.of(SIGNER.publicKeyDer())).problem())
        .contains(new Problem("signer.pub", Kind.UNTRUSTED_KEY));
  }

  @Test
  void anExtraFile_fails() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "added later");

    VerificationReport r = ExportVerifier.verify(dir, Optional.empty());

    assertThat(r.problem()).contains(new Problem("notes.txt", Kind.UNEXPECTED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"records.ndjson", "records.csv", "certification.txt", "manifest.json",
      "manifest.sig", "signer.pub"})
  void aMissingFile_fails_namingIt(String name) throws Exception {
    Files.delete(dir.resolve(name));

    VerificationReport r = ExportVerifier.verify(dir, Optional.empty());

    assertThat(r.problem()).contains(new Problem(name, Kind.MISSING));
  }

  @Test
  void problem_readsAsFileAndKind() {
    assertThat(new Problem("records.csv", Kind.HASH_MISMATCH).toString())
        .isEqualTo("records.csv: SHA-256 does not match the manifest");
  }

  private static void flip(Path file, int position) throws Exception {
    byte[] b = Files.readAllBytes(file);
    int i = position < 0 ? b.length + position : position;
    b[i] ^= 0x01;
    Files.write(file, b);
  }
}
