package io.cdrvault.store.access;

import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.legal.LegalRegistry;

/**
 * What the policy engine decides with: the ledger it audits every decision into, the customer
 * pseudonyms, the legal requests and the marketing consent. A store is one ({@code CdrStore}
 * extends it), so an engine can be made over a store without this package depending on the store
 * API.
 */
public interface PolicySources {
  /** The audit ledger every decision is written to. */
  AuditLedger auditLedger();

  /** Keyed pseudonyms for customer ids. */
  CustomerTagger customerTagger();

  /** The registry of legal requests (two-person rule). */
  LegalRegistry legalRegistry();

  /** Customers' CPNI marketing approval. */
  ConsentRegistry consentRegistry();
}
