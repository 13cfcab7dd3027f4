package io.cdrvault.store.access;

/** The operation names a request is decided for (and audited under). */
public final class Operations {
  private Operations() {}

  /** Usage totals of one customer. */
  public static final String USAGE = "usage";
  /** Records of a scope (customer, number, prefix). */
  public static final String RECORDS = "records";
  /** A billing run: every customer's usage for a period. */
  public static final String BILLING_RUN = "billing-run";
  /** Service types and usage volumes of consenting customers. */
  public static final String MARKETING_USAGE = "marketing-usage";
  /** Counts and sums by group over many customers. */
  public static final String AGGREGATE = "aggregate";
  /** A signed export package for a legal request. */
  public static final String LEGAL_EXPORT = "legal-export";
  /** Reading or recording a customer's CPNI marketing approval (consent). */
  public static final String CONSENT = "consent";
  /** The customer's request to erase their records (crypto-shredding; may be deferred). */
  public static final String ERASURE = "erasure";
  /** The customer's own "who accessed my data" view. */
  public static final String ACCESS_LOG = "access-log";
}
