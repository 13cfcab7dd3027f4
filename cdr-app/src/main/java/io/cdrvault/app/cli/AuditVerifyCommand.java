package io.cdrvault.app.cli;

import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.crypto.ManifestSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault audit verify [--data-dir DIR] [--trusted-key FILE]}: re-computes the audit
 * ledger's hash chain and checks its signed checkpoints (against the trusted key when given).
 * Exit 0 when intact, 1 when broken ({@code audit ledger BROKEN at entry N: problem} — also for a
 * write-ahead log or table file RocksDB reports damaged, naming the file), 2 when the data
 * directory is missing or holds no store.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify the audit ledger's hash chain (no keys needed).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the ledger is intact",
        "1:the ledger is broken: tampered, truncated, behind its anchor file, or damaged on disk",
        "2:usage or configuration error"})
final class AuditVerifyCommand implements Callable<Integer> {
  static final int BROKEN = 1;

  private final LedgerVerifier verifier;

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
      description = "The node's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  AuditVerifyCommand(LedgerVerifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  @Option(names = "--trusted-key", paramLabel = "FILE",
      description = "Ed25519 public key (raw 32 bytes or X.509 DER) every signed checkpoint must "
          + "be signed with. Without it checkpoints are checked against the key they carry, "
          + "which an attacker with a key of their own could forge.")
  Path trustedKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(dataDir)) {
      err.println("cdrvault: data directory not found: " + dataDir);
      return CdrVaultCli.USAGE_ERROR;
    }
    VerificationResult r;
    if (trustedKey != null) {
      byte[] key;
      try {
        key = ManifestSigner.decodePublicKey(Files.readAllBytes(trustedKey));
      } catch (IOException | IllegalArgumentException e) {
        err.println("cdrvault: --trusted-key " + trustedKey + " is not a readable Ed25519 public key");
        return CdrVaultCli.USAGE_ERROR;
      }
      r = verifier.verify(dataDir, key);
    } else {
      r = verifier.verify(dataDir);
    }
    if (r.ok()) {
      out.println("audit ledger OK: " + r.entriesChecked() + " entries verified"
          + (r.anchorSequence() > 0 ? " from retention anchor " + r.anchorSequence() : "")
          + ", " + r.checkpointsChecked() + " signed checkpoints"
          + (r.keyPinned() ? " (trusted key)" : r.checkpointsChecked() > 0
              ? " (key NOT pinned: signed by " + String.join(", ", r.signers())
                  + "; pass --trusted-key to pin it)" : ""));
      return 0;
    }
    out.println("audit ledger BROKEN at entry " + r.firstBadSequence().getAsLong() + ": " + r.problem());
    return BROKEN;
  }
}
