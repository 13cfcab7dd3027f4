package io.cdrvault.ingest.format;

/**
 * How a file of a format is cut into payloads (one payload = one Kafka record value) by the
 * {@code decode} and {@code produce} tools.
 */
public enum Framing {
  /** One payload per non-empty line (CSV and log formats, NDJSON). */
  LINES,
  /** One payload per JSON value; values may be pretty-printed over many lines or one per line. */
  JSON_VALUES
}
