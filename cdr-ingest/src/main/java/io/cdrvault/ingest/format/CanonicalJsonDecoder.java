package io.cdrvault.ingest.format;

import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.json.CanonicalJson;
import io.cdrvault.store.model.json.CanonicalJsonException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoder for {@code canonical-json} (our own schema, {@link CanonicalJson}). Parties given as
 * plain strings are normalised with the source's default region; content fields are dropped and
 * counted. Stateless apart from a cache of normalisers per region; thread-safe.
 */
public final class CanonicalJsonDecoder implements CdrDecoder {
  public static final String FORMAT = "canonical-json";

  private final Map<String, NumberNormalizer> normalizers = new ConcurrentHashMap<>();

  public static CanonicalJsonDecoder create() {
    return new CanonicalJsonDecoder();
  }

  private CanonicalJsonDecoder() {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public DecodeResult decode(byte[] payload, SourceContext source) {
    if (payload == null || payload.length == 0) {
      return DecodeResult.reject(RejectReason.MALFORMED_JSON, "empty canonical-json record");
    }
    NumberNormalizer norm = normalizers.computeIfAbsent(source.defaultRegion(), NumberNormalizer::forRegion);
    try {
      CanonicalJson.Result r = CanonicalJson.readCounting(payload, norm::normalize);
      return DecodeResult.ok(List.of(r.cdr()), r.droppedContentFields());
    } catch (CanonicalJsonException e) {
      RejectReason reason = switch (e.problem()) {
        case MALFORMED -> RejectReason.MALFORMED_JSON;
        case MISSING_FIELD -> RejectReason.MISSING_FIELD;
        case INVALID_FIELD -> RejectReason.INVALID_FIELD;
        case UNSUPPORTED_SCHEMA -> RejectReason.UNSUPPORTED_SCHEMA;
      };
      return DecodeResult.reject(reason, e.getMessage());
    }
  }
}
