package io.cdrvault.store.rocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.compliance.Breach;
import io.cdrvault.store.compliance.BreachNotification;
import io.cdrvault.store.compliance.BreachText;
import io.cdrvault.store.compliance.Complaint;
import io.cdrvault.store.compliance.ComplaintCategory;
import io.cdrvault.store.errors.CdrVaultException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON form of a {@link Breach} and a {@link Complaint} (the plaintext inside a sealed
 * {@code compliance} value), with a format version {@code v}. Stateless and thread-safe; errors
 * name fields, never values.
 */
final class ComplianceCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int VERSION = 1;

  private ComplianceCodec() {}

  static byte[] encode(Breach b) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("v", VERSION);
    n.put("id", b.id());
    n.put("recordedBy", b.recordedBy());
    n.put("recordedAt", b.recordedAt().toString());
    n.put("discoveredAt", b.discoveredAt().toString());
    n.put("determinedAt", b.determinedAt().toString());
    n.put("description", b.text().description());
    n.put("circumstances", b.text().circumstances());
    n.put("cpniInvolved", b.text().cpniInvolved());
    n.put("customersAffected", b.customersAffected());
    ArrayNode ns = n.putArray("notifications");
    for (BreachNotification x : b.notifications()) {
      ObjectNode o = ns.addObject();
      o.put("kind", x.kind().name());
      o.put("at", x.at().toString());
      o.put("reference", x.reference());
      if (x.delayUntil() != null) {
        o.put("delayUntil", x.delayUntil().toString());
      }
      o.put("recordedBy", x.recordedBy());
      o.put("recordedAt", x.recordedAt().toString());
    }
    return write(n);
  }

  static Breach decodeBreach(byte[] json) {
    try {
      JsonNode n = read(json);
      List<BreachNotification> ns = new ArrayList<>();
      for (JsonNode o : required(n, "notifications")) {
        ns.add(new BreachNotification(BreachNotification.Kind.valueOf(text(o, "kind")),
            instant(o, "at"), text(o, "reference"),
            o.hasNonNull("delayUntil") ? LocalDate.parse(text(o, "delayUntil")) : null,
            text(o, "recordedBy"), instant(o, "recordedAt")));
      }
      return new Breach(text(n, "id"), text(n, "recordedBy"), instant(n, "recordedAt"),
          instant(n, "discoveredAt"), instant(n, "determinedAt"),
          new BreachText(text(n, "description"), text(n, "circumstances"), text(n, "cpniInvolved")),
          required(n, "customersAffected").asLong(), ns);
    } catch (RuntimeException e) {
      throw malformed("breach", e);
    }
  }

  static byte[] encode(Complaint c) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("v", VERSION);
    n.put("id", c.id());
    n.put("receivedAt", c.receivedAt().toString());
    n.put("category", c.category().name());
    c.noteText().ifPresent(t -> n.put("note", t));
    n.put("recordedBy", c.recordedBy());
    n.put("recordedAt", c.recordedAt().toString());
    return write(n);
  }

  static Complaint decodeComplaint(byte[] json) {
    try {
      JsonNode n = read(json);
      return new Complaint(text(n, "id"), instant(n, "receivedAt"),
          ComplaintCategory.valueOf(text(n, "category")),
          n.hasNonNull("note") ? text(n, "note") : null, text(n, "recordedBy"),
          instant(n, "recordedAt"));
    } catch (RuntimeException e) {
      throw malformed("complaint", e);
    }
  }

  private static byte[] write(ObjectNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new CdrVaultException("a compliance record could not be serialised", e);
    }
  }

  private static JsonNode read(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new CdrVaultException("a stored compliance record is not JSON");
    }
    if (n == null || !n.isObject() || n.path("v").asInt(-1) != VERSION) {
      throw new CdrVaultException("a stored compliance record has an unknown format version");
    }
    return n;
  }

  private static CdrVaultException malformed(String what, RuntimeException e) {
    if (e instanceof CdrVaultException c) {
      return c;
    }
    // IllegalArgumentException / DateTimeParseException messages may quote values: drop them
    return new CdrVaultException("a stored " + what + " is malformed (" + e.getClass().getSimpleName() + ")");
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new CdrVaultException("a stored compliance record lacks field '" + field + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = required(n, field);
    if (!v.isTextual()) {
      throw new CdrVaultException("field '" + field + "' of a stored compliance record is not text");
    }
    return v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    return Instant.parse(text(n, field));
  }
}
