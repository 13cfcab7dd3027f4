package io.cdrvault.store.compliance;

/**
 * The categories of customer complaints about the unauthorised release of CPNI that the annual
 * certification summarises (47 CFR 64.2009(e)).
 */
public enum ComplaintCategory {
  /** Improper access by employees. */
  EMPLOYEE_ACCESS,
  /** Improper disclosure to individuals not authorised to receive the information. */
  UNAUTHORISED_DISCLOSURE,
  /** Improper access to online information by individuals not authorised to view it. */
  ONLINE_ACCESS,
  /** Any other release of CPNI the customer complained of. */
  OTHER
}
