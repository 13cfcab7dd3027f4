package io.cdrvault.store;

import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.PolicySources;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.errors.RetriableException;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.model.StoreTimes;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The encrypted CDR store. Every record is sealed under its customer's data key for the month;
 * plaintext leaves only through methods that take an {@link AccessGrant}.
 *
 * <p>Implementations are thread-safe. {@link #close()} is idempotent.
 */
public interface CdrStore extends PolicySources, AutoCloseable {
  /** The earliest start time a record can have ({@link StoreTimes#EARLIEST}). */
  Instant EARLIEST_TIME = StoreTimes.EARLIEST;
  /**
   * The end (exclusive) of the times the store can hold ({@link StoreTimes#END}). A time window
   * must lie within {@code [EARLIEST_TIME, END_OF_TIME]}.
   */
  Instant END_OF_TIME = StoreTimes.END;

  /**
   * Seals and writes the batch's records together with its offsets in one atomic write. A record
   * whose storage key already exists, in the store or earlier in the batch (a resend), is not
   * stored again and is counted as a duplicate.
   *
   * @return how many records were newly written and how many were duplicates
   * @throws RetriableException when a retry may succeed (disk full, I/O; see
   *     {@link RetriableException#kind()}); nothing was written
   * @throws CdrVaultException on any other failure; nothing was written
   */
  WriteResult write(IngestBatch batch);

  /** The next offset to consume per input partition, as last written with a batch. */
  Map<SourcePartition, Long> storedOffsets();

  /**
   * The records the grant {@link AccessGrant#admits admits}, decrypted and projected to the
   * grant's fields ({@link GrantedCdr}: no other field answers). The caller must close the
   * iterator and reports the count with {@code PolicyEngine.complete}.
   *
   * <p>Order by scope target: one customer — start time; a number or a destination prefix — start
   * time, each record once (an on-net call appears once per customer it was stored for); all
   * customers — grouped by customer (in the order of their tags, see
   * {@link #records(AccessGrant, String)}), each customer's records in start-time order.
   */
  RecordCursor records(AccessGrant grant);

  /**
   * For an all-customers grant: as {@link #records(AccessGrant)}, starting with the first customer
   * whose tag ({@link CustomerTagger#tagHex}) sorts after {@code afterCustomerTagHex} (a resume
   * point; null = from the first customer).
   *
   * @throws IllegalArgumentException if the grant's scope is not all customers, or the tag is not
   *     32 hex digits
   */
  RecordCursor records(AccessGrant grant, String afterCustomerTagHex);

  /** The audit ledger kept in this store. */
  @Override
  AuditLedger auditLedger();

  /** Keyed pseudonyms for customer ids, with this store's index key. */
  @Override
  CustomerTagger customerTagger();

  /** The registry of legal requests (two-person rule) kept in this store. */
  @Override
  LegalRegistry legalRegistry();

  /**
   * Erases a customer: unless a legal hold or a statutory minimum retention applies, destroys all
   * of the customer's data keys now (reads then fail with {@code CustomerErasedException}) and
   * queues the physical purge; otherwise records a deferred erasure that runs by itself when the
   * obstacle ends, and says until when and why. Audited. Takes the erasure capability, not a read
   * grant.
   */
  io.cdrvault.store.lifecycle.ErasureResult erase(
      io.cdrvault.store.access.ErasureGrant grant, java.time.Instant now);

  /** Legal holds (preservation) kept in this store; the retention sweep honours them. */
  io.cdrvault.store.lifecycle.HoldRegistry holdRegistry();

  /** Customers' CPNI marketing approval kept in this store. */
  @Override
  ConsentRegistry consentRegistry();

  /**
   * The compliance officer's registers kept (sealed) in this store: CPNI breaches and customer
   * complaints (47 CFR 64.2011, 64.2009(e)). Never purged.
   */
  io.cdrvault.store.compliance.ComplianceRegistry complianceRegistry();

  @Override
  void close();

  /** A closeable iterator over decrypted records; not thread-safe. */
  interface RecordCursor extends Iterator<GrantedCdr>, AutoCloseable {
    @Override
    void close();
  }
}
