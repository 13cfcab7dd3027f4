package io.cdrvault.store.access;

/** The CPNI purposes a read may be made for (DESIGN.md §7). Anything else is denied. */
public enum Purpose {
  BILLING,
  FRAUD,
  LEGAL_PROCESS,
  CUSTOMER_ACCESS,
  MARKETING,
  AGGREGATE
}
