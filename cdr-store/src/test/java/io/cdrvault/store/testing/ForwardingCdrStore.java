package io.cdrvault.store.testing;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.WriteResult;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.legal.LegalRegistry;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link CdrStore} that forwards every call to a real store; tests override only the calls they
 * observe or fail (fault injection around the real store, not a fake). Thread-safety is the
 * delegate's.
 */
public abstract class ForwardingCdrStore implements CdrStore {
  protected final CdrStore real;

  protected ForwardingCdrStore(CdrStore real) {
    this.real = Objects.requireNonNull(real, "real");
  }

  @Override
  public WriteResult write(IngestBatch batch) {
    return real.write(batch);
  }

  @Override
  public Map<SourcePartition, Long> storedOffsets() {
    return real.storedOffsets();
  }

  @Override
  public RecordCursor records(AccessGrant grant) {
    return real.records(grant);
  }

  @Override
  public AuditLedger auditLedger() {
    return real.auditLedger();
  }

  @Override
  public CustomerTagger customerTagger() {
    return real.customerTagger();
  }

  @Override
  public LegalRegistry legalRegistry() {
    return real.legalRegistry();
  }

  @Override
  public io.cdrvault.store.lifecycle.ErasureResult erase(
      io.cdrvault.store.access.ErasureGrant grant, java.time.Instant now) {
    return real.erase(grant, now);
  }

  @Override
  public io.cdrvault.store.lifecycle.HoldRegistry holdRegistry() {
    return real.holdRegistry();
  }

  @Override
  public io.cdrvault.store.consent.ConsentRegistry consentRegistry() {
    return real.consentRegistry();
  }

  @Override
  public io.cdrvault.store.compliance.ComplianceRegistry complianceRegistry() {
    return real.complianceRegistry();
  }

  @Override
  public RecordCursor records(io.cdrvault.store.access.AccessGrant grant, String afterCustomerTagHex) {
    return real.records(grant, afterCustomerTagHex);
  }

  @Override
  public void close() {
    real.close();
  }
}
