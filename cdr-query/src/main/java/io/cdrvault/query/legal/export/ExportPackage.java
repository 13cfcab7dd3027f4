package io.cdrvault.query.legal.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** File names and format constants of a legal export package (see {@code docs/legal-export.md}). */
public final class ExportPackage {
  /** Value of the manifest's {@code format} member. */
  public static final String FORMAT = "cdrvault.legal-export/1";
  public static final String RECORDS_NDJSON = "records.ndjson";
  public static final String RECORDS_CSV = "records.csv";
  public static final String CERTIFICATION = "certification.txt";
  public static final String MANIFEST = "manifest.json";
  public static final String SIGNATURE = "manifest.sig";
  public static final String SIGNER_KEY = "signer.pub";
  /** The files whose hashes the manifest lists, in manifest order. */
  public static final List<String> HASHED_FILES = List.of(RECORDS_NDJSON, RECORDS_CSV, CERTIFICATION);

  private ExportPackage() {}

  /** Lowercase hex SHA-256 of a file's bytes. */
  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
      byte[] buf = new byte[8192];
      while (in.read(buf) >= 0) {
        // digesting
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.getFileName(), e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
