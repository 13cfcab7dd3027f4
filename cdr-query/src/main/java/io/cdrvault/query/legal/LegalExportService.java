package io.cdrvault.query.legal;

import io.cdrvault.query.legal.export.ExportQuery;
import io.cdrvault.query.legal.export.ExportRequestInfo;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.legal.export.PackageSummary;
import io.cdrvault.query.legal.export.StreamingExportWriter;
import io.cdrvault.query.legal.export.ZipPackageStream;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.model.CustomerId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the signed export package of a legal request, reading only with a grant the policy engine
 * minted for it ({@link Purpose#LEGAL_PROCESS}, operation {@code legal-export}, scope
 * {@code AccessScope.legalRequest(request)}). The store returns a record once per target it
 * matches; the package holds each stored record (customer, start, record id) once. Records are
 * projected to the grant's fields, i.e. what the instrument allows.
 *
 * <p>An export runs in two steps so that nothing is sent before every record was read:
 * {@link #prepare} reads and sorts the records (in memory up to one run, beyond that in runs
 * spooled encrypted under a key held only in memory, in a fresh directory under the spool parent);
 * {@link Prepared#writeZip} then streams the package as a zip. Memory use does not depend on the
 * number of records (the set of customers, for the audit, is bounded by the customer count).
 *
 * <p>Thread-safe (stateless apart from its collaborators). Logs nothing.
 */
public final class LegalExportService {
  private final CdrStore store;
  private final ExportSigner signer;
  private final Clock clock;

  public LegalExportService(CdrStore store, ExportSigner signer, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads the grant's records and sorts them for the package. The caller must close the result
   * (it deletes the spool), whether or not the package was written.
   *
   * @param spoolParent the directory under which the encrypted spool directory is created if the
   *     records outgrow one in-memory run
   * @throws IllegalArgumentException if the grant is not a LEGAL_PROCESS export grant for an
   *     approved request
   * @throws UncheckedIOException if a sorted run cannot be spooled
   */
  public Prepared prepare(AccessGrant grant, Path spoolParent) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(spoolParent, "spoolParent");
    if (grant.purpose() != Purpose.LEGAL_PROCESS || !grant.operation().equals(Operations.LEGAL_EXPORT)
        || grant.legalRequest().isEmpty()) {
      throw new IllegalArgumentException("an export needs a LEGAL_PROCESS legal-export grant");
    }
    LegalRequest request = grant.legalRequest().get();
    StreamingExportWriter writer = StreamingExportWriter.spooling(info(request), grant.fields(),
        spoolParent);
    Set<CustomerId> customers = new HashSet<>();
    try (CdrStore.RecordCursor cursor = store.records(grant)) {
      while (cursor.hasNext()) {
        GrantedCdr r = cursor.next();
        if (!grant.admits(r)) {
          continue;
        }
        // a record matching two targets (its customer and a number) comes back twice: the
        // writer drops the repeat when it merges
        writer.add(r);
        customers.add(r.customer());
      }
    } catch (IOException e) {
      writer.close();
      throw new UncheckedIOException("cannot spool the export's sorted records", e);
    } catch (RuntimeException | Error e) {
      writer.close();
      throw e;
    }
    ExportQuery query = new ExportQuery(grant.purpose().name(), grant.operation(),
        grant.principal().name(), grant.scope().target().kind(), grant.auditSequence());
    return new Prepared(writer, query, customers);
  }

  /** The read and sorted records of one export, ready to be written. Not thread-safe. */
  public final class Prepared implements AutoCloseable {
    private final StreamingExportWriter writer;
    private final ExportQuery query;
    private final Set<CustomerId> customers;

    private Prepared(StreamingExportWriter writer, ExportQuery query, Set<CustomerId> customers) {
      this.writer = writer;
      this.query = query;
      this.customers = Set.copyOf(customers);
    }

    /** The customers whose records the package holds (for the completion audit entry). */
    public Set<CustomerId> customers() {
      return customers;
    }

    /** Records written into the package so far (also after a failure part way). */
    public int recordsWritten() {
      return writer.recordsWritten();
    }

    /** Sorted runs spooled to disk, encrypted (0: the export was sorted in memory). */
    public long spooledRuns() {
      return writer.spooledRuns();
    }

    /**
     * Streams the package to {@code out} as a zip (records first, then certification, manifest,
     * signature and public key). Does not close {@code out}. On failure the archive is left
     * without manifest, signature and central directory, and the exception is rethrown.
     *
     * @throws IOException if {@code out} cannot be written (e.g. the client went away) or the
     *     spool cannot be read back intact
     */
    public PackageSummary writeZip(OutputStream out) throws IOException {
      return writer.writeTo(new ZipPackageStream(out), Optional.of(query), signer, clock);
    }

    /** Deletes the spool. Idempotent. */
    @Override
    public void close() {
      writer.close();
    }
  }

  /** The package's description of an approved request. */
  static ExportRequestInfo info(LegalRequest r) {
    return new ExportRequestInfo(r.id(), r.instrument(), r.issuingAuthority(), r.caseNumber(),
        r.targets().stream().map(LegalRequestJson::targetLabel).toList(), r.from(), r.to(),
        r.servedDocumentSha256(), r.registeredBy(),
        r.approvedBy().orElseThrow(() -> new IllegalArgumentException("the request is not approved")),
        r.gag());
  }
}
