package io.cdrvault.store.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJsonException.Problem;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.function.Function;

/**
 * Reads a parsed canonical-json v1 object into a {@link Cdr}, with the lenient input rules
 * {@link CanonicalJson} describes. Errors name the field, never its value. Stateless.
 */
final class CanonicalJsonReader {
  private CanonicalJsonReader() {}

  static CanonicalJson.Result fromTree(JsonNode o, Function<String, PhoneNumber> norm) {
    JsonNode schema = o.get("schema");
    if (schema == null || schema.isNull()) {
      throw missing("schema");
    }
    if (!schema.isTextual() || !CanonicalJson.SCHEMA.equals(schema.textValue())) {
      throw new CanonicalJsonException(Problem.UNSUPPORTED_SCHEMA, "schema",
          "field 'schema' of canonical-json record names an unsupported schema", null);
    }
    int dropped = 0;
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      if (CanonicalJson.CONTENT_FIELDS.contains(it.next())) {
        dropped++;
      }
    }
    String origin = requiredText(o, "origin");
    String originId = requiredText(o, "originId");
    RecordId derived = RecordId.of(origin, originId);
    String idHex = optText(o, "recordId");
    if (idHex != null) {
      if (!isLowerHex16(idHex)) {
        throw invalid("recordId", "is not 16 lowercase hex digits");
      }
      if (Long.parseUnsignedLong(idHex, 16) != derived.value()) {
        throw invalid("recordId", "does not match origin and originId");
      }
    }
    ServiceType type = requiredEnum(o, "type", ServiceType.class);
    Instant start = requiredTime(o, "start");
    Instant answer = optTime(o, "answer");
    Instant end = optTime(o, "end");
    Long duration = optLong(o, "durationSeconds");
    Long billable = optLong(o, "billableSeconds");
    if (duration == null) {
      duration = end == null ? 0L : Math.max(0, end.getEpochSecond() - start.getEpochSecond());
    }
    if (billable == null) {
      billable = answer == null || end == null
          ? 0L : Math.max(0, end.getEpochSecond() - answer.getEpochSecond());
    }
    Long segments = optLong(o, "smsSegments");
    Cdr.Builder b = Cdr.builder()
        .id(derived)
        .origin(origin)
        .originId(originId)
        .type(type)
        .account(optText(o, "account"))
        .accountDirection(optEnum(o, "accountDirection", Direction.class))
        .calling(requiredParty(o, "calling", norm))
        .called(requiredParty(o, "called", norm))
        .redirecting(optParty(o, "redirecting", norm))
        .start(start)
        .answer(answer)
        .end(end)
        .durationSeconds(duration)
        .billableSeconds(billable)
        .disposition(optEnum(o, "disposition", Disposition.class))
        .causeCode(optInt(o, "causeCode"))
        .cause(optText(o, "cause"))
        .smsSegments(segments == null ? (type == ServiceType.SMS ? 1 : 0) : toInt(segments, "smsSegments"))
        .deliveryStatus(optEnum(o, "deliveryStatus", DeliveryStatus.class))
        .trunk(optText(o, "trunk"))
        .codec(optText(o, "codec"))
        .sourceIp(optText(o, "sourceIp"))
        .destinationIp(optText(o, "destinationIp"))
        .userAgent(optText(o, "userAgent"))
        .imsi(optText(o, "imsi"))
        .imei(optText(o, "imei"))
        .cellId(optText(o, "cellId"))
        .charge(optCharge(o));
    if (type == ServiceType.VOICE && o.get("disposition") == null) {
      throw missing("disposition");
    }
    Cdr cdr;
    try {
      cdr = b.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      // the model's messages name relations between fields, never values
      throw new CanonicalJsonException(Problem.INVALID_FIELD, null,
          "canonical-json record is inconsistent: " + e.getMessage(), null);
    }
    return new CanonicalJson.Result(cdr, dropped);
  }

  // ---------------------------------------------------------------- field readers

  private static boolean isLowerHex16(String s) {
    if (s.length() != 16) {
      return false;
    }
    for (int i = 0; i < 16; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static CanonicalJsonException missing(String field) {
    return new CanonicalJsonException(Problem.MISSING_FIELD, field,
        "field '" + field + "' of canonical-json record is missing", null);
  }

  private static CanonicalJsonException invalid(String field, String why) {
    return new CanonicalJsonException(Problem.INVALID_FIELD, field,
        "field '" + field + "' of canonical-json record " + why, null);
  }

  private static JsonNode present(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n;
  }

  private static String optText(JsonNode o, String field) {
    JsonNode n = present(o, field);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw invalid(field, "must be a string");
    }
    String s = n.textValue();
    return s.isEmpty() ? null : s;
  }

  private static String requiredText(JsonNode o, String field) {
    String s = optText(o, field);
    if (s == null) {
      throw missing(field);
    }
    return s;
  }

  private static <E extends Enum<E>> E optEnum(JsonNode o, String field, Class<E> type) {
    String s = optText(o, field);
    if (s == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      throw invalid(field, "is not one of the allowed values");
    }
  }

  private static <E extends Enum<E>> E requiredEnum(JsonNode o, String field, Class<E> type) {
    E e = optEnum(o, field, type);
    if (e == null) {
      throw missing(field);
    }
    return e;
  }

  private static Long optLong(JsonNode o, String field) {
    JsonNode n = present(o, field);
    if (n == null) {
      return null;
    }
    if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
      throw invalid(field, "must be an integer");
    }
    long v = n.asLong();
    if (v < 0) {
      throw invalid(field, "must not be negative");
    }
    return v;
  }

  private static int toInt(long v, String field) {
    if (v > Integer.MAX_VALUE) {
      throw invalid(field, "is out of range");
    }
    return (int) v;
  }

  private static Integer optInt(JsonNode o, String field) {
    Long v = optLong(o, field);
    return v == null ? null : toInt(v, field);
  }

  private static Instant optTime(JsonNode o, String field) {
    String s = optText(o, field);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeException e2) {
        throw invalid(field, "is not an ISO-8601 instant with offset");
      }
    }
  }

  private static Instant requiredTime(JsonNode o, String field) {
    Instant t = optTime(o, field);
    if (t == null) {
      throw missing(field);
    }
    return t;
  }

  private static PhoneNumber optParty(JsonNode o, String field, Function<String, PhoneNumber> norm) {
    JsonNode n = present(o, field);
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      PhoneNumber p = norm.apply(n.textValue());
      if (p == null) {
        throw invalid(field, "could not be normalised");
      }
      return p;
    }
    if (!n.isObject()) {
      throw invalid(field, "must be a party object or a string");
    }
    JsonNode raw = present(n, "raw");
    if (raw != null && !raw.isTextual()) {
      throw invalid(field, "has a non-string 'raw'");
    }
    JsonNode e164 = present(n, "e164");
    JsonNode kind = present(n, "kind");
    if (e164 != null && !e164.isTextual() || kind != null && !kind.isTextual()) {
      throw invalid(field, "has a non-string 'e164' or 'kind'");
    }
    String rawText = raw == null ? (e164 == null ? "" : e164.textValue()) : raw.textValue();
    if (kind == null && e164 == null) {
      PhoneNumber p = norm.apply(rawText);
      if (p == null) {
        throw invalid(field, "could not be normalised");
      }
      return p;
    }
    NumberKind k;
    try {
      k = kind == null ? NumberKind.E164 : NumberKind.valueOf(kind.textValue());
    } catch (IllegalArgumentException e) {
      throw invalid(field, "has an unknown 'kind'");
    }
    try {
      return new PhoneNumber(rawText, e164 == null ? null : e164.textValue(), k);
    } catch (IllegalArgumentException e) {
      throw invalid(field, "has an 'e164' that does not fit its 'kind'");
    }
  }

  private static PhoneNumber requiredParty(JsonNode o, String field, Function<String, PhoneNumber> norm) {
    PhoneNumber p = optParty(o, field, norm);
    if (p == null) {
      throw missing(field);
    }
    return p;
  }

  private static Charge optCharge(JsonNode o) {
    JsonNode n = present(o, "charge");
    if (n == null) {
      return null;
    }
    if (!n.isObject()) {
      throw invalid("charge", "must be an object");
    }
    JsonNode amount = present(n, "amountMicros");
    JsonNode currency = present(n, "currency");
    if (amount == null || currency == null) {
      throw missing("charge");
    }
    if (!amount.canConvertToExactIntegral() || !amount.canConvertToLong() || !currency.isTextual()) {
      throw invalid("charge", "must have an integer 'amountMicros' and a string 'currency'");
    }
    try {
      return new Charge(amount.asLong(), currency.textValue());
    } catch (IllegalArgumentException e) {
      throw invalid("charge", "has a currency that is not an ISO 4217 code");
    }
  }

}
