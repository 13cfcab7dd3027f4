package io.cdrvault.store.legal;

/** Whether a legal request may be used for an export at a given instant, or why not. */
public enum Usability {
  /** Approved by a second person, not revoked and not expired. */
  USABLE,
  /** Registered but not yet approved by a second person. */
  UNAPPROVED,
  /** Its expiry instant has passed. */
  EXPIRED,
  /** Revoked. */
  REVOKED,
  /** No request has that id. */
  UNKNOWN;

  /** True only for {@link #USABLE}. */
  public boolean isUsable() {
    return this == USABLE;
  }
}
