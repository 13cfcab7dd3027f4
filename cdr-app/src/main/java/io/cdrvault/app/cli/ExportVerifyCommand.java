package io.cdrvault.app.cli;

import io.cdrvault.query.legal.export.ExportVerifier;
import io.cdrvault.query.legal.export.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault export verify DIR [--trusted-key FILE]}: checks a legal export package's manifest
 * signature, file hashes and file list. Exit 0 when intact ({@code export OK: N files verified}),
 * 1 with the first problem ({@code export BROKEN: file: problem}), 2 on usage errors (missing
 * directory, unreadable or invalid trusted key).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify a legal export package (signature, file hashes, no extra files).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the package is intact", "1:the package is altered or incomplete",
        "2:usage error"})
final class ExportVerifyCommand implements Callable<Integer> {
  static final int BROKEN = 1;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The export package directory.")
  Path dir;

  @Option(names = "--trusted-key", paramLabel = "FILE",
      description = "The expected signer public key (X.509 DER or raw 32 bytes), e.g. a copy of "
          + "signer.pub obtained out of band. Without it the package's own key is used, which "
          + "proves integrity but not origin.")
  Path trustedKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(dir)) {
      err.println("cdrvault: export directory not found: " + dir);
      return CdrVaultCli.USAGE_ERROR;
    }
    Optional<byte[]> trusted = Optional.empty();
    if (trustedKey != null) {
      try {
        trusted = Optional.of(Files.readAllBytes(trustedKey));
      } catch (IOException e) {
        err.println("cdrvault: cannot read trusted key file: " + trustedKey);
        return CdrVaultCli.USAGE_ERROR;
      }
    }
    VerificationReport report;
    try {
      report = ExportVerifier.verify(dir, trusted);
    } catch (IllegalArgumentException e) {
      err.println("cdrvault: trusted key file is not an Ed25519 public key: " + trustedKey);
      return CdrVaultCli.USAGE_ERROR;
    }
    if (report.ok()) {
      out.println("export OK: " + report.filesVerified() + " files verified");
      return 0;
    }
    out.println("export BROKEN: " + report.problem().orElseThrow());
    return BROKEN;
  }
}
