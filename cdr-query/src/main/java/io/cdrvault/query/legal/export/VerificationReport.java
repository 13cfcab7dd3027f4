package io.cdrvault.query.legal.export;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link ExportVerifier#verify}: either every file checked out, or the first problem
 * found, naming the file and what is wrong with it (never file content).
 *
 * <p>Immutable and thread-safe.
 *
 * @param filesVerified files found intact (all of them when {@link #ok()})
 * @param problem the first problem, empty when the package is intact
 */
public record VerificationReport(int filesVerified, Optional<Problem> problem) {
  public VerificationReport {
    if (filesVerified < 0) {
      throw new IllegalArgumentException("filesVerified must not be negative");
    }
    Objects.requireNonNull(problem, "problem");
  }

  /** What is wrong with a file. */
  public enum Kind {
    /** A required or listed file is absent. */
    MISSING("missing"),
    /** A file the manifest does not list. */
    UNEXPECTED("unexpected file (not listed in the manifest)"),
    /** The file's SHA-256 differs from the manifest's. */
    HASH_MISMATCH("SHA-256 does not match the manifest"),
    /** The manifest signature does not verify with the package's public key. */
    BAD_SIGNATURE("bad signature over manifest.json (manifest.json or manifest.sig was changed)"),
    /** The package's public key is not the key the manifest names. */
    KEY_MISMATCH("public key does not match the manifest's signer.keyFingerprint"),
    /** The package's public key is not the trusted key. */
    UNTRUSTED_KEY("signer key is not the trusted key"),
    /** The file is not in the expected format. */
    MALFORMED("malformed");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** One problem: the file (package-relative name) and its kind. */
  public record Problem(String file, Kind kind) {
    public Problem {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
      return file + ": " + kind.description();
    }
  }

  static VerificationReport intact(int files) {
    return new VerificationReport(files, Optional.empty());
  }

  static VerificationReport failed(int filesVerified, String file, Kind kind) {
    return new VerificationReport(filesVerified, Optional.of(new Problem(file, kind)));
  }

  public boolean ok() {
    return problem.isEmpty();
  }
}
