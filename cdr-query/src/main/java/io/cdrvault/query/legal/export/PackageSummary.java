package io.cdrvault.query.legal.export;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a streamed export package holds, as its manifest states it.
 *
 * <p>Immutable and thread-safe; all components non-null.
 *
 * @param recordCount records in the package (each stored record once)
 * @param fileSha256 lowercase hex SHA-256 of each file listed in the manifest, by file name
 * @param signerFingerprint {@code sha256:<hex>} of the signing public key
 * @param bytes bytes of the record files and certification (before compression)
 */
public record PackageSummary(int recordCount, Map<String, String> fileSha256,
    String signerFingerprint, Instant generatedAt, long bytes) {
  public PackageSummary {
    if (recordCount < 0 || bytes < 0) {
      throw new IllegalArgumentException("recordCount and bytes must not be negative");
    }
    fileSha256 = Map.copyOf(fileSha256);
    Objects.requireNonNull(signerFingerprint, "signerFingerprint");
    Objects.requireNonNull(generatedAt, "generatedAt");
  }
}
