package io.cdrvault.bench.support;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessRequest;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Decision;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import java.util.Optional;

/**
 * A store-level read as one API request makes it, without HTTP: one audited decision of the real
 * {@link PolicyEngine} for operation {@code records}, then a full pass over the grant's cursor
 * (RocksDB scan or index lookups, AES-GCM open, decode). Stateless.
 */
public final class GrantedRead {
  private GrantedRead() {}

  /**
   * @param records records the cursor yielded
   * @param billableSeconds their billable seconds (a value that depends on every decoded record)
   */
  public record Result(long records, long billableSeconds) {}

  /**
   * Decides and reads; {@code caseRef} is the case reference (FRAUD needs one).
   *
   * @throws IllegalStateException if the policy denies the read
   */
  public static Result read(PolicyEngine engine, CdrStore store, Principal principal, Purpose purpose,
      AccessScope scope, Optional<String> caseRef) {
    Decision d = engine.decide(new AccessRequest(principal, purpose, scope, "records", caseRef));
    if (!(d instanceof Decision.Allowed allowed)) {
      throw new IllegalStateException(purpose + " read denied: " + d);
    }
    AccessGrant grant = allowed.grant();
    long n = 0;
    long seconds = 0;
    try (CdrStore.RecordCursor cursor = store.records(grant)) {
      while (cursor.hasNext()) {
        seconds += cursor.next().billableSeconds();
        n++;
      }
    }
    return new Result(n, seconds);
  }
}
