package io.cdrvault.query.legal;

import io.cdrvault.query.legal.export.ExportQuery;
import io.cdrvault.query.legal.export.ExportRequestInfo;
import io.cdrvault.query.legal.export.ExportResult;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.legal.export.ExportWriter;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the signed export package of a legal request, reading only with a grant the policy engine
 * minted for it ({@link Purpose#LEGAL_PROCESS}, operation {@code legal-export}, scope
 * {@code AccessScope.legalRequest(request)}). The store returns a record once per target it
 * matches; the package holds each stored record (customer, record id) once. Records are
 * projected to the grant's fields, i.e. what the instrument allows.
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
   * What an export wrote and whose records it held (for the completion audit entry).
   *
   * @param customers the customers whose records are in the package
   */
  public record Export(ExportResult result, Set<CustomerId> customers) {
    public Export {
      Objects.requireNonNull(result, "result");
      customers = Set.copyOf(customers);
    }
  }

  /**
   * Reads the grant's records and writes the package into {@code dir} (created if missing; must be
   * empty).
   *
   * @throws IllegalArgumentException if the grant is not a LEGAL_PROCESS export grant for an
   *     approved request
   * @throws java.io.UncheckedIOException if the package cannot be written
   */
  public Export export(AccessGrant grant, Path dir) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(dir, "dir");
    if (grant.purpose() != Purpose.LEGAL_PROCESS || !grant.operation().equals(Operations.LEGAL_EXPORT)
        || grant.legalRequest().isEmpty()) {
      throw new IllegalArgumentException("an export needs a LEGAL_PROCESS legal-export grant");
    }
    LegalRequest request = grant.legalRequest().get();
    List<CustomerCdr> records = new ArrayList<>();
    Set<CustomerId> customers = new HashSet<>();
    Set<String> seen = new HashSet<>();
    try (CdrStore.RecordCursor cursor = store.records(grant)) {
      while (cursor.hasNext()) {
        CustomerCdr r = cursor.next();
        if (!grant.admits(r)) {
          continue;
        }
        // a record matching two targets (its customer and a number) comes back twice
        if (seen.add(r.customer().value() + '\u0000' + r.cdr().id().hex())) {
          records.add(r);
          customers.add(r.customer());
        }
      }
    }
    ExportQuery query = new ExportQuery(grant.purpose().name(), grant.operation(),
        grant.principal().name(), grant.scope().target().kind(), grant.auditSequence());
    ExportResult result = ExportWriter.write(dir, info(request), Optional.of(query), records,
        grant.fields(), signer, clock);
    return new Export(result, customers);
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
