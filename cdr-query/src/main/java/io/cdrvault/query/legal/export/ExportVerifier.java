package io.cdrvault.query.legal.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cdrvault.query.legal.export.VerificationReport.Kind;
import io.cdrvault.store.crypto.ManifestSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a legal export package: the Ed25519 signature over the exact bytes of
 * {@code manifest.json} with {@code signer.pub} (and, if given, that {@code signer.pub} is the
 * trusted key), then the SHA-256 of every file the manifest lists, then that no other file is
 * present. Stops at the first problem.
 *
 * <p>Stateless and thread-safe. Arguments are non-null.
 */
public final class ExportVerifier {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private ExportVerifier() {}

  /**
   * Verifies the package in {@code dir}.
   *
   * @param trustedPublicKey the expected signer key (raw 32 bytes or X.509 DER); empty to trust
   *     the key shipped in the package (which proves integrity, not origin)
   * @throws UncheckedIOException if the directory cannot be listed or a file cannot be read
   * @throws IllegalArgumentException if {@code trustedPublicKey} is not an Ed25519 public key
   */
  public static VerificationReport verify(Path dir, Optional<byte[]> trustedPublicKey) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(trustedPublicKey, "trustedPublicKey");
    byte[] trusted = trustedPublicKey.map(ManifestSigner::decodePublicKey).orElse(null);
    try {
      return check(PackageFiles.of(dir), trusted);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the export package", e);
    }
  }

  /**
   * Verifies a package held in memory ({@code files}: file name to content, as {@link
   * PackageZip#read} returns them) with the same checks as {@link #verify(Path, Optional)}.
   *
   * @throws IllegalArgumentException if {@code trustedPublicKey} is not an Ed25519 public key
   */
  public static VerificationReport verify(Map<String, byte[]> files, Optional<byte[]> trustedPublicKey) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(trustedPublicKey, "trustedPublicKey");
    byte[] trusted = trustedPublicKey.map(ManifestSigner::decodePublicKey).orElse(null);
    try {
      return check(PackageFiles.of(files), trusted);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the export package", e);
    }
  }

  private static VerificationReport check(PackageFiles dir, byte[] trusted) throws IOException {
    for (String required : List.of(ExportPackage.MANIFEST, ExportPackage.SIGNATURE, ExportPackage.SIGNER_KEY)) {
      if (!dir.has(required)) {
        return VerificationReport.failed(0, required, Kind.MISSING);
      }
    }
    byte[] publicKey;
    try {
      publicKey = ManifestSigner.decodePublicKey(dir.read(ExportPackage.SIGNER_KEY));
    } catch (IllegalArgumentException e) {
      return VerificationReport.failed(0, ExportPackage.SIGNER_KEY, Kind.MALFORMED);
    }
    if (trusted != null && !Arrays.equals(trusted, publicKey)) {
      return VerificationReport.failed(0, ExportPackage.SIGNER_KEY, Kind.UNTRUSTED_KEY);
    }
    byte[] manifest = dir.read(ExportPackage.MANIFEST);
    byte[] signature = dir.read(ExportPackage.SIGNATURE);
    // diagnosis only (the signature below decides): a replaced or altered signer.pub no longer
    // matches the fingerprint the manifest names, so name signer.pub rather than the signature
    JsonNode parsed = manifest(manifest);
    if (parsed != null && parsed.path("signer").path("keyFingerprint").isTextual()
        && !ManifestSigner.fingerprint(publicKey).equals(
            parsed.path("signer").path("keyFingerprint").asText())) {
      return VerificationReport.failed(0, ExportPackage.SIGNER_KEY, Kind.KEY_MISMATCH);
    }
    if (!ManifestSigner.verify(publicKey, manifest, signature)) {
      return VerificationReport.failed(0, ExportPackage.SIGNATURE, Kind.BAD_SIGNATURE);
    }
    int verified = 3;
    Map<String, String> listed = listedFiles(manifest);
    if (listed == null
        || !ManifestSigner.fingerprint(publicKey).equals(manifest(manifest).path("signer").path("keyFingerprint").asText())) {
      return VerificationReport.failed(verified, ExportPackage.MANIFEST, Kind.MALFORMED);
    }
    for (Map.Entry<String, String> e : listed.entrySet()) {
      if (!dir.has(e.getKey())) {
        return VerificationReport.failed(verified, e.getKey(), Kind.MISSING);
      }
      if (!dir.sha256(e.getKey()).equals(e.getValue())) {
        return VerificationReport.failed(verified, e.getKey(), Kind.HASH_MISMATCH);
      }
      verified++;
    }
    Set<String> known = new HashSet<>(listed.keySet());
    known.addAll(List.of(ExportPackage.MANIFEST, ExportPackage.SIGNATURE, ExportPackage.SIGNER_KEY));
    for (String name : new TreeSet<>(dir.names())) {
      if (!known.contains(name)) {
        return VerificationReport.failed(verified, name, Kind.UNEXPECTED);
      }
    }
    return VerificationReport.intact(verified);
  }

  /** The {@code files} map of a signed manifest, or null if it is not well-formed. */
  private static Map<String, String> listedFiles(byte[] manifest) {
    JsonNode m = manifest(manifest);
    if (m == null || !ExportPackage.FORMAT.equals(m.path("format").asText())
        || !m.path("files").isObject()) {
      return null;
    }
    Map<String, String> files = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = m.path("files").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      // only plain names in the package directory; never a path that escapes it
      if (!SAFE_NAME.matcher(name).matches() || !e.getValue().isTextual()) {
        return null;
      }
      files.put(name, e.getValue().asText());
    }
    return files;
  }

  private static JsonNode manifest(byte[] manifest) {
    try {
      return MAPPER.readTree(manifest);
    } catch (IOException e) {
      return null;
    }
  }
}
