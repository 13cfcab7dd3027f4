package io.cdrvault.ingest.format;

/**
 * Why a well-formed payload yields no record and is not a dead letter. The {@link #code()} is used
 * as a metric tag.
 */
public enum SkipKind {
  /** A line that is not a CDR: log markers ({@code Log begins}), delivery reports, non-call SIP transactions. */
  NOT_A_RECORD("not-a-record"),
  /** Another leg of a call already carried by its first leg (e.g. a FreeSWITCH B leg): a duplicate. */
  DUPLICATE_LEG("duplicate-leg");

  private final String code;

  SkipKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
