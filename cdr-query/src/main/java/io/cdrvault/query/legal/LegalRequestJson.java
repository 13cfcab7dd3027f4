package io.cdrvault.query.legal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON form of legal requests in the HTTP API: parsing a registration body into a
 * {@link NewLegalRequest}, and writing a {@link LegalRequest}. Parse problems name the member
 * ({@code targets[1].value}), never its value.
 *
 * <p>Stateless and thread-safe.
 */
public final class LegalRequestJson {
  /** The members of a registration body. */
  static final Set<String> MEMBERS = Set.of("instrument", "issuingAuthority", "caseNumber",
      "targets", "from", "to", "expiresAt", "servedDocumentSha256", "gag");
  /** The most targets one request may name. */
  public static final int MAX_TARGETS = 1000;

  private LegalRequestJson() {}

  /** A parsed body, or the problem with it (naming a member, never a value). */
  public record Parsed(NewLegalRequest request, String problem) {
    static Parsed ok(NewLegalRequest r) {
      return new Parsed(r, null);
    }

    static Parsed bad(String problem) {
      return new Parsed(null, problem);
    }

    public boolean isOk() {
      return problem == null;
    }
  }

  /** Parses a registration body. */
  public static Parsed parse(ObjectMapper json, byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      return Parsed.bad("the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return Parsed.bad("the body must be a JSON object");
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      if (!MEMBERS.contains(names.next())) {
        return Parsed.bad("the body has an unknown member (allowed: " + MEMBERS.stream().sorted().toList() + ")");
      }
    }
    String instrumentName = text(root, "instrument");
    if (instrumentName == null) {
      return Parsed.bad(required("instrument") + " one of " + Arrays.toString(Instrument.values()));
    }
    Instrument instrument;
    try {
      instrument = Instrument.valueOf(instrumentName.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Parsed.bad("member 'instrument' must be one of " + Arrays.toString(Instrument.values()));
    }
    for (String m : List.of("issuingAuthority", "caseNumber", "from", "to", "expiresAt",
        "servedDocumentSha256")) {
      if (text(root, m) == null) {
        return Parsed.bad(required(m) + " a non-empty string");
      }
    }
    Targets parsedTargets = targets(root.get("targets"));
    if (parsedTargets.problem() != null) {
      return Parsed.bad(parsedTargets.problem());
    }
    List<LegalTarget> targets = parsedTargets.targets();
    Instant from = RequestScope.instant(text(root, "from"));
    if (from == null) {
      return Parsed.bad(instantProblem("from"));
    }
    Instant to = RequestScope.instant(text(root, "to"));
    if (to == null) {
      return Parsed.bad(instantProblem("to"));
    }
    String outside = RequestScope.outsideStoreTimes(from, to);
    if (outside != null) {
      return Parsed.bad("member '" + outside + "' must lie " + RequestScope.STORE_TIMES);
    }
    if (!from.isBefore(to)) {
      return Parsed.bad("member 'from' must be before 'to'");
    }
    Instant expiresAt = RequestScope.instant(text(root, "expiresAt"));
    if (expiresAt == null) {
      return Parsed.bad(instantProblem("expiresAt"));
    }
    String sha = text(root, "servedDocumentSha256").strip().toLowerCase(Locale.ROOT);
    if (!sha.matches("[0-9a-f]{64}")) {
      return Parsed.bad("member 'servedDocumentSha256' must be 64 hex digits (the SHA-256 of the "
          + "served document)");
    }
    JsonNode gagNode = root.get("gag");
    if (gagNode != null && !gagNode.isBoolean()) {
      return Parsed.bad("member 'gag' must be true or false");
    }
    boolean gag = gagNode != null && gagNode.booleanValue();
    try {
      return Parsed.ok(new NewLegalRequest(instrument, text(root, "issuingAuthority").strip(),
          text(root, "caseNumber").strip(), targets, from, to, expiresAt, sha, gag));
    } catch (IllegalArgumentException e) {
      // NewLegalRequest's messages name components, never values
      return Parsed.bad(e.getMessage());
    }
  }

  /** The request as the API returns it (targets included: the caller is authorised to see them). */
  public static ObjectNode write(ObjectMapper json, LegalRequest r, Instant now) {
    ObjectNode o = json.createObjectNode();
    o.put("id", r.id());
    o.put("state", r.state().name());
    o.put("usability", r.usabilityAt(now).name());
    o.put("instrument", r.instrument().name());
    o.put("issuingAuthority", r.issuingAuthority());
    o.put("caseNumber", r.caseNumber());
    ArrayNode targets = o.putArray("targets");
    for (LegalTarget t : r.targets()) {
      targets.addObject().put("kind", t.kind().name()).put("value", t.value());
    }
    o.put("from", r.from().toString());
    o.put("to", r.to().toString());
    o.put("expiresAt", r.expiresAt().toString());
    o.put("servedDocumentSha256", r.servedDocumentSha256());
    o.put("gag", r.gag());
    o.put("registeredBy", r.registeredBy());
    o.put("registeredAt", r.registeredAt().toString());
    r.approvedBy().ifPresent(v -> o.put("approvedBy", v));
    r.approvedAt().ifPresent(v -> o.put("approvedAt", v.toString()));
    r.revokedBy().ifPresent(v -> o.put("revokedBy", v));
    r.revokedAt().ifPresent(v -> o.put("revokedAt", v.toString()));
    return o;
  }

  /** Targets parsed from a JSON array, or the problem (naming the member, never a value). */
  public record Targets(List<LegalTarget> targets, String problem) {}

  /** Parses a {@code targets} member: a non-empty array of distinct {@code {kind, value}}. */
  public static Targets targets(JsonNode targetsNode) {
    if (targetsNode == null || !targetsNode.isArray() || targetsNode.isEmpty()) {
      return new Targets(null, required("targets") + " a non-empty array of {kind, value}");
    }
    if (targetsNode.size() > MAX_TARGETS) {
      return new Targets(null, "member 'targets' may name at most " + MAX_TARGETS + " targets");
    }
    List<LegalTarget> targets = new ArrayList<>();
    for (int i = 0; i < targetsNode.size(); i++) {
      JsonNode t = targetsNode.get(i);
      String at = "targets[" + i + "]";
      if (!t.isObject()) {
        return new Targets(null, "member '" + at + "' must be an object {kind, value}");
      }
      String kind = text(t, "kind");
      String value = text(t, "value");
      if (kind == null) {
        return new Targets(null, required(at + ".kind") + " NUMBER or CUSTOMER");
      }
      if (value == null) {
        return new Targets(null, required(at + ".value") + " a non-empty string");
      }
      String k = kind.strip().toUpperCase(Locale.ROOT);
      if (k.equals("NUMBER")) {
        if (!PhoneNumber.isE164(value.strip())) {
          return new Targets(null, "member '" + at + ".value' must be an E.164 number (+ and 2..15 digits)");
        }
        targets.add(LegalTarget.number(value.strip()));
      } else if (k.equals("CUSTOMER")) {
        try {
          targets.add(LegalTarget.customer(CustomerId.of(value.strip())));
        } catch (IllegalArgumentException e) {
          return new Targets(null, "member '" + at + ".value' must be a customer id (1..64 characters of "
              + "[A-Za-z0-9._:-])");
        }
      } else {
        return new Targets(null, "member '" + at + ".kind' must be NUMBER or CUSTOMER");
      }
    }
    if (targets.stream().distinct().count() != targets.size()) {
      return new Targets(null, "member 'targets' names a target twice");
    }
    return new Targets(List.copyOf(targets), null);
  }

  /** The instant of a string member (ISO-8601 with offset, or a date), or null. */
  static Instant instantOf(JsonNode root, String member) {
    String v = text(root, member);
    return v == null ? null : RequestScope.instant(v);
  }

  static String instantProblemOf(String member) {
    return instantProblem(member);
  }

  static String textOf(JsonNode root, String member) {
    return text(root, member);
  }

  /** A target as written in export manifests: {@code number:+1...} or {@code customer:ID}. */
  public static String targetLabel(LegalTarget t) {
    return t.kind().name().toLowerCase(Locale.ROOT) + ":" + t.value();
  }

  private static String text(JsonNode node, String member) {
    JsonNode v = node.get(member);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      return null;
    }
    return v.asText();
  }

  private static String required(String member) {
    return "member '" + member + "' is required:";
  }

  private static String instantProblem(String member) {
    return "member '" + member + "' must be an ISO-8601 date-time with offset "
        + "(2024-01-31T00:00:00Z) or a date (2024-01-31, midnight UTC)";
  }
}
