package io.cdrvault.store.model;

/**
 * What a party address turned out to be after normalisation. Only {@link #E164} carries an E.164
 * form; everything else is kept raw and marked, never forced into E.164.
 */
public enum NumberKind {
  /** A valid international number; {@link PhoneNumber#e164()} is present. */
  E164,
  /** A PBX extension or other private-plan address. */
  EXTENSION,
  /** A network short code (service numbers, SMS short codes). */
  SHORT_CODE,
  /** An alphanumeric SMS sender id. */
  ALPHANUMERIC,
  /** Presentation restricted / anonymous caller. */
  ANONYMOUS,
  /** No address was given. */
  EMPTY,
  /** Digits that could not be interpreted in the source's numbering plan. */
  UNKNOWN
}
