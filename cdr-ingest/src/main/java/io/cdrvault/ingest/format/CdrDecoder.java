package io.cdrvault.ingest.format;

/**
 * Decodes one payload of a switch's native format (one Kafka record value) into canonical
 * records. Implementations drop content fields and never throw for bad input: they return
 * {@link DecodeResult#reject}. Implementations are thread-safe.
 */
public interface CdrDecoder {

  /** The format name, as in the {@code cdr.format} header (e.g. {@code canonical-json}). */
  String format();

  /** Decodes one payload from the given source; never null, never throws for bad input. */
  DecodeResult decode(byte[] payload, SourceContext source);

  /** How a file of this format is cut into payloads (default: one per line). */
  default Framing framing() {
    return Framing.LINES;
  }
}
