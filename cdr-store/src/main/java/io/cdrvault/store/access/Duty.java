package io.cdrvault.store.access;

/**
 * Administrative duties a role may be given beside the CPNI purposes (docs/adr/0035). A duty reads
 * or keeps no call detail: it works on the audit trail (pseudonyms only) and on the compliance
 * registers, so it is not a {@link Purpose} (DESIGN.md §7's purposes stay a closed set of reads
 * of records). Every use of a duty is authenticated, checked against the roles and audited like a
 * purpose's administrative action, with no purpose in the entry.
 */
public enum Duty {
  /**
   * The compliance officer's: browse the audit trail, see its verification status and the last
   * signed checkpoint, run disclosure reports, keep the breach and complaint registers and build
   * the annual CPNI certification report.
   */
  OVERSIGHT
}
