package io.cdrvault.ingest.format;

/**
 * Why a record went to the dead-letter topic. A small fixed set: the {@link #code()} is used as
 * the {@code cdr.dlq.reason} header and as a metric tag.
 */
public enum RejectReason {
  /** The payload is not well-formed JSON (or not an object). */
  MALFORMED_JSON("malformed-json"),
  /** The payload is not well-formed in its (non-JSON) format. */
  MALFORMED("malformed"),
  /** A required field is absent. */
  MISSING_FIELD("missing-field"),
  /** A field has a wrong type, an impossible value, or fields contradict each other. */
  INVALID_FIELD("invalid-field"),
  /** The payload names a schema / version this build cannot read. */
  UNSUPPORTED_SCHEMA("unsupported-schema"),
  /** No decoder is registered for the record's format. */
  UNKNOWN_FORMAT("unknown-format"),
  /** Decoded fine, but no served customer could be found for it. */
  UNATTRIBUTED("unattributed");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /** The stable, lowercase code used in headers and metric tags. */
  public String code() {
    return code;
  }
}
