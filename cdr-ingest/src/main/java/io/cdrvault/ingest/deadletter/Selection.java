package io.cdrvault.ingest.deadletter;

/**
 * Which dead letters an operator means: by reason code, by source (switch), and by partition and
 * offset range (inclusive) of the dead-letter topic. A null field (or -1 partition) matches all.
 * Immutable.
 */
public record Selection(String reason, String source, int partition, long fromOffset, long toOffset) {
  /** Every dead letter. */
  public static final Selection ALL = new Selection(null, null, -1, 0, Long.MAX_VALUE);

  public Selection {
    if (fromOffset < 0 || toOffset < fromOffset) {
      throw new IllegalArgumentException("offset range must satisfy 0 <= from <= to");
    }
  }

  public boolean matches(DeadLetter d) {
    return (reason == null || reason.equals(d.reason())) && (source == null || source.equals(d.source()))
        && (partition < 0 || partition == d.partition()) && d.offset() >= fromOffset && d.offset() <= toOffset;
  }

  /** A description for logs and the replay ledger (codes, switch names and positions only). */
  public String describe() {
    return "reason=" + (reason == null ? "*" : reason) + " source=" + (source == null ? "*" : DeadLetterSummary.printable(source))
        + " partition=" + (partition < 0 ? "*" : Integer.toString(partition)) + " offsets=" + fromOffset + ".."
        + (toOffset == Long.MAX_VALUE ? "" : Long.toString(toOffset));
  }
}
