package io.cdrvault.store.rocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.consent.ConsentKind;
import io.cdrvault.store.consent.ConsentVersion;
import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.time.Instant;

/**
 * JSON form of a {@link ConsentVersion} (the plaintext inside a sealed {@code consent} value), with
 * a format version {@code v}. The customer is not in it: the storage key (customer tag) holds it and
 * is the sealing's associated data. Stateless and thread-safe; errors name fields, never values.
 */
final class ConsentVersionCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int FORMAT = 1;

  private ConsentVersionCodec() {}

  static byte[] encode(ConsentVersion v) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("v", FORMAT);
    n.put("version", v.version());
    n.put("kind", v.kind().name());
    n.put("effectiveAt", v.effectiveAt().toString());
    n.put("recordedAt", v.recordedAt().toString());
    n.put("recordedBy", v.recordedBy());
    n.put("note", v.note());
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new CdrVaultException("a consent version could not be serialised", e);
    }
  }

  static ConsentVersion decode(byte[] json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject() || n.path("v").asInt(-1) != FORMAT) {
        throw new CdrVaultException("a stored consent version has an unknown format version");
      }
      JsonNode version = required(n, "version");
      if (!version.isInt()) {
        throw new CdrVaultException("field 'version' of a stored consent version is not an int");
      }
      return new ConsentVersion(version.asInt(), ConsentKind.valueOf(text(n, "kind")),
          Instant.parse(text(n, "effectiveAt")), Instant.parse(text(n, "recordedAt")),
          text(n, "recordedBy"), text(n, "note"));
    } catch (IOException | RuntimeException e) {
      if (e instanceof CdrVaultException c) {
        throw c;
      }
      throw new CdrVaultException("a stored consent version is malformed ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new CdrVaultException("a stored consent version lacks field '" + field + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new CdrVaultException("field '" + field + "' of a stored consent version is not text");
    }
    return v.asText();
  }
}
