package io.cdrvault.store.rocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON form of a {@link LegalRequest} (the plaintext inside a sealed {@code legal} value), with a
 * format version {@code v}. Stateless and thread-safe; errors name fields, never values.
 */
final class LegalRequestCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int VERSION = 1;

  private LegalRequestCodec() {}

  static byte[] encode(LegalRequest r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("v", VERSION);
    n.put("id", r.id());
    n.put("instrument", r.instrument().name());
    n.put("issuingAuthority", r.issuingAuthority());
    n.put("caseNumber", r.caseNumber());
    ArrayNode ts = n.putArray("targets");
    for (LegalTarget t : r.targets()) {
      ts.addObject().put("kind", t.kind().name()).put("value", t.value());
    }
    n.put("from", r.from().toString());
    n.put("to", r.to().toString());
    n.put("expiresAt", r.expiresAt().toString());
    n.put("servedDocumentSha256", r.servedDocumentSha256());
    n.put("gag", r.gag());
    n.put("registeredBy", r.registeredBy());
    n.put("registeredAt", r.registeredAt().toString());
    r.approvedBy().ifPresent(p -> n.put("approvedBy", p));
    r.approvedAt().ifPresent(t -> n.put("approvedAt", t.toString()));
    r.revokedBy().ifPresent(p -> n.put("revokedBy", p));
    r.revokedAt().ifPresent(t -> n.put("revokedAt", t.toString()));
    n.put("state", r.state().name());
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new CdrVaultException("a legal request could not be serialised", e);
    }
  }

  static LegalRequest decode(byte[] json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject() || n.path("v").asInt(-1) != VERSION) {
        throw new CdrVaultException("a stored legal request has an unknown format version");
      }
      List<LegalTarget> targets = new ArrayList<>();
      for (JsonNode t : required(n, "targets")) {
        targets.add(new LegalTarget(LegalTarget.Kind.valueOf(text(t, "kind")), text(t, "value")));
      }
      return new LegalRequest(text(n, "id"), Instrument.valueOf(text(n, "instrument")),
          text(n, "issuingAuthority"), text(n, "caseNumber"), targets, instant(n, "from"),
          instant(n, "to"), instant(n, "expiresAt"), text(n, "servedDocumentSha256"),
          required(n, "gag").asBoolean(), text(n, "registeredBy"), instant(n, "registeredAt"),
          optText(n, "approvedBy"), optText(n, "approvedAt").map(Instant::parse),
          optText(n, "revokedBy"), optText(n, "revokedAt").map(Instant::parse),
          LegalRequest.State.valueOf(text(n, "state")));
    } catch (IOException | RuntimeException e) {
      if (e instanceof CdrVaultException c) {
        throw c;
      }
      // IllegalArgumentException / DateTimeParseException messages may quote values: drop them
      throw new CdrVaultException("a stored legal request is malformed ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new CdrVaultException("a stored legal request lacks field '" + field + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new CdrVaultException("field '" + field + "' of a stored legal request is not text");
    }
    return v.asText();
  }

  private static Optional<String> optText(JsonNode n, String field) {
    return n.hasNonNull(field) ? Optional.of(text(n, field)) : Optional.empty();
  }

  private static Instant instant(JsonNode n, String field) {
    return Instant.parse(text(n, field));
  }
}
