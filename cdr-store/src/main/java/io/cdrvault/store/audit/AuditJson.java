package io.cdrvault.store.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The ledger's canonical JSON of an event's {@link LedgerForm}: members always in the same order,
 * every original member present (null when absent; members added later only when set), instants
 * as ISO-8601 UTC, no whitespace. The hash of an entry is
 * {@code SHA-256(prevHash (32 bytes) ‖ canonical bytes of {seq, event members}))}. Parsing reads
 * an entry back as the kind of {@link AuditEvent} it was written from.
 *
 * <p>Stateless and thread-safe.
 */
final class AuditJson {
  static final String GENESIS_HASH = "0".repeat(64);

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private AuditJson() {}

  /** Canonical bytes of sequence and event (what the hash covers). */
  static byte[] body(long seq, AuditEvent e) {
    return write(seq, e, null, null);
  }

  /** The stored value: body fields, then prevHash and hash. */
  static byte[] entry(AuditEntry en) {
    return write(en.sequence(), en.event(), en.previousHash(), en.hash());
  }

  static String hash(String previousHash, byte[] body) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    sha.update(HEX.parseHex(previousHash));
    sha.update(body);
    return HEX.formatHex(sha.digest());
  }

  private static byte[] write(long seq, AuditEvent event, String prev, String hash) {
    LedgerForm e = LedgerForm.of(event);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("seq", seq);
      g.writeStringField("time", e.time().toString());
      g.writeStringField("principal", e.principal());
      g.writeStringField("purpose", e.purpose());
      g.writeStringField("operation", e.operation());
      g.writeStringField("subject", e.subject());
      g.writeStringField("from", e.from() == null ? null : e.from().toString());
      g.writeStringField("to", e.to() == null ? null : e.to().toString());
      g.writeArrayFieldStart("fields");
      for (String f : e.fields()) {
        g.writeString(f);
      }
      g.writeEndArray();
      g.writeStringField("outcome", e.outcome());
      g.writeStringField("rule", e.rule());
      g.writeStringField("caseRef", e.caseRef());
      if (e.resultCount() == null) {
        g.writeNullField("resultCount");
      } else {
        g.writeNumberField("resultCount", e.resultCount());
      }
      // members added after the first release are written only when set, so entries written
      // before them keep their canonical bytes (and hashes)
      if (e.scopeKind() != null) {
        g.writeStringField("scopeKind", e.scopeKind());
      }
      if (e.decisionSeq() != null) {
        g.writeNumberField("decisionSeq", e.decisionSeq());
      }
      if (!e.subjects().isEmpty()) {
        g.writeArrayFieldStart("subjects");
        for (String sub : e.subjects()) {
          g.writeString(sub);
        }
        g.writeEndArray();
      }
      if (prev != null) {
        g.writeStringField("prevHash", prev);
        g.writeStringField("hash", hash);
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  /**
   * Parses a stored value.
   *
   * @throws IllegalArgumentException if it is not a well-formed entry
   */
  static AuditEntry parse(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    List<String> fields = new ArrayList<>();
    JsonNode fa = n.get("fields");
    if (fa == null || !fa.isArray()) {
      throw new IllegalArgumentException("fields");
    }
    fa.forEach(f -> fields.add(f.asText()));
    JsonNode rc = n.get("resultCount");
    AuditEvent ev = new LedgerForm(
        Instant.parse(required(n, "time")),
        required(n, "principal"),
        optional(n, "purpose"),
        required(n, "operation"),
        optional(n, "subject"),
        instantOrNull(optional(n, "from")),
        instantOrNull(optional(n, "to")),
        fields,
        required(n, "outcome"),
        required(n, "rule"),
        optional(n, "caseRef"),
        rc == null || rc.isNull() ? null : rc.asLong(),
        optional(n, "scopeKind"),
        longOrNull(n.get("decisionSeq")),
        strings(n.get("subjects"))).event();
    JsonNode seq = n.get("seq");
    if (seq == null || !seq.canConvertToLong()) {
      throw new IllegalArgumentException("seq");
    }
    return new AuditEntry(seq.asLong(), ev, hex(required(n, "prevHash")), hex(required(n, "hash")));
  }

  private static Long longOrNull(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToLong()) {
      throw new IllegalArgumentException("not a number");
    }
    return v.asLong();
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    if (a == null || a.isNull()) {
      return out;
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException("not an array");
    }
    a.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static String hex(String s) {
    if (s.length() != 64) {
      throw new IllegalArgumentException("hash length");
    }
    HEX.parseHex(s);
    return s;
  }

  private static Instant instantOrNull(String s) {
    return s == null ? null : Instant.parse(s);
  }

  private static String required(JsonNode n, String name) {
    String v = optional(n, name);
    if (v == null) {
      throw new IllegalArgumentException(name);
    }
    return v;
  }

  private static String optional(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
