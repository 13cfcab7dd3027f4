package io.cdrvault.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedSpoolTest {
  private static final byte[] MARKER = "+15551230001 cust-0042".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  /** ~3.5 chunks of random bytes with a recognisable plaintext marker repeated through them. */
  private static byte[] payload() {
    byte[] data = new byte[EncryptedSpool.CHUNK_BYTES * 3 + 12_345];
    new Random(7).nextBytes(data);
    for (int at = 0; at + MARKER.length < data.length; at += 4096) {
      System.arraycopy(MARKER, 0, data, at, MARKER.length);
    }
    return data;
  }

  private static void writeAll(EncryptedSpool.SpoolFile f, byte[] data) throws IOException {
    try (OutputStream out = f.write()) {
      out.write(data, 0, 100);
      out.write(data[100]);
      out.write(data, 101, data.length - 101);
    }
  }

  private static byte[] readAll(EncryptedSpool.SpoolFile f) throws IOException {
    try (InputStream in = f.read()) {
      return in.readAllBytes();
    }
  }

  @Test
  void roundTrip_returnsTheBytes_andTheFileHoldsNoPlaintext() throws Exception {
    byte[] data = payload();
    try (EncryptedSpool spool = EncryptedSpool.create(tmp)) {
      EncryptedSpool.SpoolFile f = spool.newFile();
      writeAll(f, data);

      assertThat(readAll(f)).isEqualTo(data);
      assertThat(readAll(f)).as("readable more than once").isEqualTo(data);
      byte[] disk = Files.readAllBytes(f.path());
      assertThat(disk.length).isGreaterThan(data.length);
      assertThat(indexOf(disk, MARKER)).as("plaintext marker on disk").isEqualTo(-1);
      assertThat(indexOf(disk, Arrays.copyOfRange(data, 5000, 5032))).isEqualTo(-1);
    }
  }

  @Test
  void anEmptyFile_readsAsEmpty() throws Exception {
    try (EncryptedSpool spool = EncryptedSpool.create(tmp)) {
      EncryptedSpool.SpoolFile f = spool.newFile();
      f.write().close();
      assertThat(readAll(f)).isEmpty();
    }
  }

  @Test
  void aFlippedBit_failsAuthentication_namingTheChunkNotTheData() throws Exception {
    byte[] data = payload();
    try (EncryptedSpool spool = EncryptedSpool.create(tmp)) {
      EncryptedSpool.SpoolFile f = spool.newFile();
      writeAll(f, data);
      byte[] disk = Files.readAllBytes(f.path());
      disk[EncryptedSpool.CHUNK_BYTES + 100] ^= 0x01; // inside chunk 1
      Files.write(f.path(), disk);

      assertThatThrownBy(() -> readAll(f)).isInstanceOf(IOException.class)
          .hasMessageContaining("chunk 1").hasMessageContaining("failed authentication");
    }
  }

  @Test
  void aTruncatedFile_fails_evenAtAChunkBoundary() throws Exception {
    byte[] data = payload();
    try (EncryptedSpool spool = EncryptedSpool.create(tmp)) {
      EncryptedSpool.SpoolFile f = spool.newFile();
      writeAll(f, data);
      byte[] disk = Files.readAllBytes(f.path());
      int firstChunk = 5 + EncryptedSpool.CHUNK_BYTES + 16;
      Files.write(f.path(), Arrays.copyOf(disk, firstChunk * 2));

      assertThatThrownBy(() -> readAll(f)).isInstanceOf(IOException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void aChunkFromAnotherFile_isRefused() throws Exception {
    try (EncryptedSpool spool = EncryptedSpool.create(tmp)) {
      EncryptedSpool.SpoolFile a = spool.newFile();
      EncryptedSpool.SpoolFile b = spool.newFile();
      writeAll(a, "first".repeat(30).getBytes(StandardCharsets.UTF_8));
      writeAll(b, "other".repeat(30).getBytes(StandardCharsets.UTF_8));
      Files.copy(a.path(), b.path(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      assertThatThrownBy(() -> readAll(b)).isInstanceOf(IOException.class)
          .hasMessageContaining("failed authentication");
    }
  }

  @Test
  void anotherSpool_cannotReadTheFile_theKeyIsPerSpool() throws Exception {
    try (EncryptedSpool one = EncryptedSpool.create(tmp);
        EncryptedSpool two = EncryptedSpool.create(tmp)) {
      EncryptedSpool.SpoolFile a = one.newFile();
      EncryptedSpool.SpoolFile b = two.newFile();
      writeAll(a, payload());
      b.write().close();
      Files.copy(a.path(), b.path(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      assertThatThrownBy(() -> readAll(b)).isInstanceOf(IOException.class)
          .hasMessageContaining("failed authentication");
    }
  }

  @Test
  void close_deletesEveryFileAndTheDirectory_andTheFileCannotBeReadAfterwards() throws Exception {
    EncryptedSpool spool = EncryptedSpool.create(tmp);
    Path dir = spool.directory();
    assertThat(dir.getFileName().toString()).startsWith("cdrvault-export-");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    EncryptedSpool.SpoolFile a = spool.newFile();
    EncryptedSpool.SpoolFile b = spool.newFile();
    writeAll(a, payload());
    OutputStream half = b.write(); // left open, as after a failure mid-write
    half.write(payload(), 0, 70_000);
    assertThat(Files.list(dir).count()).isEqualTo(2);

    spool.close();
    spool.close();

    assertThat(dir).doesNotExist();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s).isEmpty();
    }
    assertThatThrownBy(spool::newFile).isInstanceOf(IllegalStateException.class);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
