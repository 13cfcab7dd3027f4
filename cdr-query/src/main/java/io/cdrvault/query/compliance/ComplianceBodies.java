package io.cdrvault.query.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the JSON bodies of the compliance routes: an object with only the members a route knows,
 * times as an instant with offset ({@code 2026-11-20T16:00:00Z}) or a date, which means its
 * midnight in the carrier's zone ({@link io.cdrvault.store.compliance.BreachRules#zone()}), so the
 * day typed is the day the clocks count from. Problems name members, never values.
 *
 * <p>Stateless and thread-safe.
 */
final class ComplianceBodies {
  private ComplianceBodies() {}

  /** A parse problem, answered 400; its message names members only. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Problem(String message) {
      super(message, null, false, false);
    }
  }

  static JsonNode object(ObjectMapper json, byte[] body, Set<String> members) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new Problem("the body must be a JSON object with members "
          + members.stream().sorted().toList());
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      if (!members.contains(it.next())) {
        throw new Problem("the body has an unknown member (allowed: "
            + members.stream().sorted().toList() + ")");
      }
    }
    return root;
  }

  static String text(JsonNode root, String member) {
    JsonNode v = root.get(member);
    if (v == null || !v.isTextual()) {
      throw new Problem("member '" + member + "' is required: text");
    }
    return v.asText();
  }

  /** The text of an optional member, or null when absent or null. */
  static String optionalText(JsonNode root, String member) {
    JsonNode v = root.get(member);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Problem("member '" + member + "' must be text");
    }
    return v.asText();
  }

  static Instant instant(JsonNode root, String member, ZoneId zone) {
    JsonNode v = root.get(member);
    if (v != null && v.isTextual()) {
      String s = v.asText().strip();
      try {
        return LocalDate.parse(s).atStartOfDay(zone).toInstant();
      } catch (DateTimeParseException e) {
        // not a plain date: an instant with offset, or nothing
      }
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        // answered below
      }
    }
    throw new Problem("member '" + member + "' is required: an instant (2026-11-20T16:00:00Z) "
        + "or a date (YYYY-MM-DD, midnight in " + zone.getId() + ")");
  }

  static LocalDate date(JsonNode root, String member) {
    JsonNode v = root.get(member);
    try {
      if (v != null && v.isTextual()) {
        return LocalDate.parse(v.asText().strip());
      }
    } catch (DateTimeParseException e) {
      // answered below
    }
    throw new Problem("member '" + member + "' is required: a date (YYYY-MM-DD)");
  }

  static long count(JsonNode root, String member) {
    JsonNode v = root.get(member);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new Problem("member '" + member + "' is required: a whole number, 0 or more");
    }
    return v.asLong();
  }

  static <E extends Enum<E>> E oneOf(JsonNode root, String member, Class<E> kind) {
    JsonNode v = root.get(member);
    if (v != null && v.isTextual()) {
      for (E e : kind.getEnumConstants()) {
        if (e.name().equals(v.asText())) {
          return e;
        }
      }
    }
    throw new Problem("member '" + member + "' is required: one of "
        + java.util.Arrays.toString(kind.getEnumConstants()));
  }

  /** The {@code year} query parameter: 4 digits, 1970..9999; null when absent. */
  static Integer year(String raw, boolean required) {
    if (raw == null || raw.isEmpty()) {
      if (required) {
        throw new Problem("query parameter 'year' is required: a calendar year (YYYY)");
      }
      return null;
    }
    if (!raw.matches("[0-9]{4}") || Integer.parseInt(raw) < 1970) {
      throw new Problem("query parameter 'year' must be a calendar year (YYYY, from 1970)");
    }
    return Integer.parseInt(raw);
  }
}
