package io.cdrvault.query.legal.export;

import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.model.CdrField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a signed legal export package (layout in {@code docs/legal-export.md}) into a directory:
 * the records as NDJSON and CSV projected to exactly the allowed fields, a custodian certification,
 * a manifest listing the SHA-256 of each of those files, its Ed25519 signature, and the signer's
 * public key. The bytes are produced by {@link StreamingExportWriter} (which the HTTP export streams
 * as a zip), here with every record in memory, since the caller already holds them all.
 *
 * <p>Records are sorted by start time, then record id, then direction ({@link #ORDER}), so
 * exporting the same records twice gives byte-identical record files; only the manifest and
 * certification carry the generation time. A stored record passed twice (same customer, start and
 * record id) is written once.
 *
 * <p>Stateless and thread-safe. Arguments are non-null. The caller is responsible for having
 * checked the request (approval, expiry) and for passing only records of its targets; this class
 * rejects records outside the window. It logs nothing.
 */
public final class ExportWriter {
  /** Package order of records (ties between customers: see {@link ExportLine#ORDER}). */
  static final Comparator<GrantedCdr> ORDER = Comparator
      .comparing((GrantedCdr r) -> r.start())
      .thenComparing(r -> r.id().hex())
      .thenComparing(r -> r.direction());

  private ExportWriter() {}

  /**
   * Writes the package into {@code dir} (created if missing; must be empty).
   *
   * @throws IllegalArgumentException if {@code dir} is not empty, {@code fields} is empty, or a
   *     record starts outside the request window (named by its position, not its content)
   * @throws UncheckedIOException if a file cannot be written
   */
  public static ExportResult write(Path dir, ExportRequestInfo req, List<GrantedCdr> records,
      Set<CdrField> fields, ExportSigner signer, Clock clock) {
    return write(dir, req, Optional.empty(), records, fields, signer, clock);
  }

  /**
   * As {@link #write(Path, ExportRequestInfo, List, Set, ExportSigner, Clock)}, recording in the
   * manifest's {@code query} member how the records were obtained (purpose, operation, principal,
   * scope kind, audit entry of the decision). Leaves the record files unchanged.
   */
  public static ExportResult write(Path dir, ExportRequestInfo req, Optional<ExportQuery> query,
      List<GrantedCdr> records, Set<CdrField> fields, ExportSigner signer, Clock clock) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(req, "req");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(fields, "fields");
    try (StreamingExportWriter writer = StreamingExportWriter.inMemory(req, fields)) {
      for (GrantedCdr r : records) {
        writer.add(r); // checks the window before anything is written
      }
      prepare(dir);
      PackageSummary s = writer.writeTo(new DirectoryPackage(dir), query, signer, clock);
      return new ExportResult(dir, s.recordCount(), s.fileSha256(), s.signerFingerprint(),
          s.generatedAt());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export package", e);
    }
  }

  private static void prepare(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        throw new IllegalArgumentException("export directory must be empty");
      }
    }
  }
}
