package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.SourceContext;
import java.util.List;

/**
 * Writes simulated calls in one native format, following the mapping contract (docs/formats),
 * and states the canonical record its decoder must produce. Not thread-safe (uses the
 * simulator's random source).
 */
interface FormatEncoder {

  /** The {@code cdr.format} name. */
  String format();

  /** The sources (switches) of this format; the source name is the {@code cdr.source} header. */
  List<SourceContext> sources();

  boolean carriesVoice();

  boolean carriesSms();

  /** Whether the format carries an account code (else account calls become plain outbound calls). */
  default boolean carriesAccount() {
    return true;
  }

  /** Whether the format can say the account received the call (canonical-json only). */
  default boolean carriesTerminatingAccount() {
    return false;
  }

  /** Whether the format writes local times (the generator then avoids ambiguous local times). */
  boolean localTimes();

  /**
   * The call as this format can express it (e.g. Kamailio: answer = start with millisecond times,
   * 1-segment SMS); called before tallying, so the tally counts what is actually written.
   */
  default SimCall adapt(SimCall call, SimRandom r) {
    return call;
  }

  /** A well-formed payload for {@code call}. */
  Encoded encode(SimCall call, SourceContext source, SimRandom r);

  /** A payload of {@code call} broken in this format's own way, with the reject reason. */
  Encoded malformed(SimCall call, SourceContext source, SimRandom r);

  /** A well-formed payload that carries no record (log marker, B leg, BYE, DLR), or null if none. */
  default Encoded noise(SimCall call, SourceContext source, SimRandom r) {
    return null;
  }
}
