package io.cdrvault.query.cli;

import io.cdrvault.store.audit.VerificationResult;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * Verifies the audit ledger kept in a data directory, without keys. The CLI's {@code audit verify}
 * runs one; tests pass their own.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface LedgerVerifier {

  /**
   * Checks the ledger's hash chain in {@code dataDir}.
   *
   * @throws RuntimeException when the ledger cannot be opened or read (a usage/config error,
   *     not a broken chain)
   */
  VerificationResult verify(Path dataDir);

  /**
   * The store's verifier, {@code io.cdrvault.store.audit.AuditVerifier.verify(Path)}.
   *
   * <p>Bound by name because that class is written in parallel on another branch; once merged,
   * this can become {@code return AuditVerifier::verify;}. Until then a call fails with an
   * {@link IllegalStateException} saying verification is not available in this build.
   */
  static LedgerVerifier store() {
    return dataDir -> {
      MethodHandle verify;
      try {
        Class<?> c = Class.forName("io.cdrvault.store.audit.AuditVerifier");
        verify = MethodHandles.publicLookup().findStatic(c, "verify",
            MethodType.methodType(VerificationResult.class, Path.class));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("audit verification is not available in this build", e);
      }
      try {
        return (VerificationResult) verify.invokeExact(dataDir);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("audit verification failed", t);
      }
    };
  }
}
