package io.cdrvault.app.cli;

import io.cdrvault.query.legal.export.ExportVerifier;
import io.cdrvault.query.legal.export.PackageZip;
import io.cdrvault.query.legal.export.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault legal export ID --out DIR}: downloads the signed export package of an approved
 * request, unpacks it into the empty directory {@code DIR} (refusing entries that are not plain
 * file names: no zip slip), then verifies it exactly as {@code cdrvault export verify DIR} does.
 * Exit 0 when intact, 1 when the package fails verification or is not a safe archive, 2 on a usage
 * or HTTP error (printed with the API's rule, e.g. {@code legal-request-unapproved}).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Download, unpack and verify the export package of an approved legal request.")
final class LegalExportCommand implements Callable<Integer> {
  /** Largest file accepted in a downloaded package. */
  static final long MAX_FILE_BYTES = 8L * 1024 * 1024 * 1024;

  @Spec
  CommandSpec spec;

  @ParentCommand
  LegalCommand parent;

  @Mixin
  LegalCommand.ApiOptions api;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id (LR-...).")
  String id;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Empty or new directory to unpack the package into.")
  Path out;

  @Option(names = "--trusted-key", paramLabel = "FILE",
      description = "The carrier's export public key (X.509 DER or raw 32 bytes) obtained out of "
          + "band; without it the package's own key is used (integrity, not origin).")
  Path trustedKey;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    if (Files.exists(out) && !emptyDirectory(out)) {
      err.println("cdrvault: --out must be an empty or new directory: " + out);
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
    Optional<byte[]> key = trusted;
    return parent.call(api, err, client -> {
      try (InputStream zip = client.stream(client.request(LegalCommand.requestPath(id, "/export"), id)
          .header("Accept", PackageZip.MEDIA_TYPE)
          .POST(HttpRequest.BodyPublishers.noBody()).build())) {
        PackageZip.unpack(zip, out, MAX_FILE_BYTES);
      } catch (PackageZip.UnsafeArchiveException e) {
        err.println("cdrvault: the downloaded package is not a safe archive: " + e.getMessage());
        return ExportVerifyCommand.BROKEN;
      } catch (IOException e) {
        err.println("cdrvault: the package could not be downloaded or unpacked ("
            + e.getClass().getSimpleName() + ")");
        return CdrVaultCli.USAGE_ERROR;
      }
      VerificationReport report;
      try {
        report = ExportVerifier.verify(out, key);
      } catch (IllegalArgumentException e) {
        err.println("cdrvault: trusted key file is not an Ed25519 public key: " + trustedKey);
        return CdrVaultCli.USAGE_ERROR;
      }
      if (!report.ok()) {
        stdout.println("export BROKEN: " + report.problem().orElseThrow());
        return ExportVerifyCommand.BROKEN;
      }
      stdout.println("export OK: " + report.filesVerified() + " files verified in " + out);
      return 0;
    });
  }

  private static boolean emptyDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
