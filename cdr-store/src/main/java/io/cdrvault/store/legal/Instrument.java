package io.cdrvault.store.legal;

/**
 * The kind of legal process served on the carrier; it decides which fields a legal export may
 * carry (DESIGN §7, {@code LEGAL_PROCESS}).
 */
public enum Instrument {
  /** 18 U.S.C. 2703(c)(2) subpoena: connection records only. */
  SUBPOENA,
  /** 2703(d) court order: all non-content fields except cell-site location. */
  COURT_ORDER,
  /** Search warrant: all non-content fields. */
  WARRANT,
  /** 2703(f) preservation letter: records are held, not disclosed. */
  PRESERVATION
}
