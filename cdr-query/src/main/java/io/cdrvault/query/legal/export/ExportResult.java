package io.cdrvault.query.legal.export;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ExportWriter#write} produced.
 *
 * <p>Immutable and thread-safe; all components non-null.
 *
 * @param fileSha256 lowercase hex SHA-256 of each file listed in the manifest, by file name
 * @param signerFingerprint {@code sha256:<hex>} of the signing public key
 */
public record ExportResult(Path dir, int recordCount, Map<String, String> fileSha256,
    String signerFingerprint, Instant generatedAt) {
  public ExportResult {
    Objects.requireNonNull(dir, "dir");
    if (recordCount < 0) {
      throw new IllegalArgumentException("recordCount must not be negative");
    }
    fileSha256 = Map.copyOf(fileSha256);
    Objects.requireNonNull(signerFingerprint, "signerFingerprint");
    Objects.requireNonNull(generatedAt, "generatedAt");
  }
}
