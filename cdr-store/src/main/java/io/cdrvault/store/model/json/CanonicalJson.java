package io.cdrvault.store.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJsonException.Problem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code canonical-json} format, version 1: one JSON object per record, as described by
 * {@code cdr-store/src/main/resources/schema/canonical-cdr-v1.schema.json}. Used by the
 * canonical-json decoder, by {@code cdrvault decode} output, and (projected) by record streams.
 *
 * <p>Input is read a little more leniently than output is written: {@code recordId} may be absent
 * (it is derived from origin and originId; when present it must match), a party may be a plain
 * string (its raw text, handed to a party normaliser), {@code durationSeconds} /
 * {@code billableSeconds} may be absent (derived from the times), content fields ({@link
 * #CONTENT_FIELDS}) are dropped and counted, and other unknown fields are ignored. Times must carry
 * an offset ({@code Z} or {@code ±hh:mm}); they are converted to UTC.
 *
 * <p>Stateless and thread-safe.
 */
public final class CanonicalJson {

  /** The {@code schema} value every v1 object carries. */
  public static final String SCHEMA = "cdrvault.cdr/1";

  /** Field names that carry message content: accepted on input, dropped, never stored. */
  public static final Set<String> CONTENT_FIELDS =
      Set.of("text", "content", "body", "msg", "short_message");

  /** The result of {@link #readCounting}: the record and how many content fields were dropped. */
  public record Result(Cdr cdr, int droppedContentFields) {
    public Result {
      Objects.requireNonNull(cdr, "cdr");
      if (droppedContentFields < 0) {
        throw new IllegalArgumentException("droppedContentFields must not be negative");
      }
    }
  }

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
      .build();
  private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Normaliser used by {@link #read(byte[])} for parties given as plain strings: no E.164 guess. */
  private static final Function<String, PhoneNumber> RAW_ONLY = raw ->
      raw.isEmpty() ? PhoneNumber.EMPTY : PhoneNumber.other(raw, NumberKind.UNKNOWN);

  private CanonicalJson() {}

  /**
   * Parses one canonical-json object. Parties given as plain strings are kept raw with kind
   * {@code UNKNOWN} (use {@link #readCounting} with a normaliser to get E.164).
   *
   * @throws CanonicalJsonException naming the offending field (never its value)
   */
  public static Cdr read(byte[] json) {
    return readCounting(json, RAW_ONLY).cdr();
  }

  /**
   * Parses one canonical-json object, normalising parties given as plain strings with
   * {@code partyNormalizer}, and reports how many content fields were dropped.
   *
   * @param partyNormalizer maps raw party text (never null, may be empty) to a PhoneNumber
   * @throws CanonicalJsonException naming the offending field (never its value)
   */
  public static Result readCounting(byte[] json, Function<String, PhoneNumber> partyNormalizer) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(partyNormalizer, "partyNormalizer");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CanonicalJsonException(Problem.MALFORMED, null,
          "canonical-json record is not valid JSON (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")", null);
    } catch (IOException e) {
      throw new CanonicalJsonException(Problem.MALFORMED, null,
          "canonical-json record cannot be read", null);
    }
    if (root == null || !root.isObject()) {
      throw new CanonicalJsonException(Problem.MALFORMED, null,
          "canonical-json record is not a JSON object", null);
    }
    return fromTree(root, partyNormalizer);
  }

  private static Result fromTree(JsonNode o, Function<String, PhoneNumber> norm) {
    JsonNode schema = o.get("schema");
    if (schema == null || schema.isNull()) {
      throw missing("schema");
    }
    if (!schema.isTextual() || !SCHEMA.equals(schema.textValue())) {
      throw new CanonicalJsonException(Problem.UNSUPPORTED_SCHEMA, "schema",
          "field 'schema' of canonical-json record names an unsupported schema", null);
    }
    int dropped = 0;
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      if (CONTENT_FIELDS.contains(it.next())) {
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
    return new Result(cdr, dropped);
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

  // ---------------------------------------------------------------- writing

  /** Writes the record as one compact JSON object (no trailing newline). */
  public static String write(Cdr cdr) {
    Objects.requireNonNull(cdr, "cdr");
    StringWriter w = new StringWriter(512);
    try (JsonGenerator gen = FACTORY.createGenerator(w)) {
      write(gen, cdr);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string failed", e);
    }
    return w.toString();
  }

  /** Writes the record as one JSON object to {@code gen} (the caller owns and closes it). */
  public static void write(JsonGenerator gen, Cdr cdr) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("schema", SCHEMA);
    gen.writeStringField("recordId", cdr.id().hex());
    gen.writeStringField("origin", cdr.origin());
    gen.writeStringField("originId", cdr.originId());
    gen.writeStringField("type", cdr.type().name());
    str(gen, "account", cdr.account());
    if (cdr.accountDirection() != null) {
      gen.writeStringField("accountDirection", cdr.accountDirection().name());
    }
    party(gen, "calling", cdr.calling());
    party(gen, "called", cdr.called());
    party(gen, "redirecting", cdr.redirecting());
    time(gen, "start", cdr.start());
    time(gen, "answer", cdr.answer());
    time(gen, "end", cdr.end());
    gen.writeNumberField("durationSeconds", cdr.durationSeconds());
    gen.writeNumberField("billableSeconds", cdr.billableSeconds());
    if (cdr.disposition() != null) {
      gen.writeStringField("disposition", cdr.disposition().name());
    }
    if (cdr.causeCode() != null) {
      gen.writeNumberField("causeCode", cdr.causeCode());
    }
    str(gen, "cause", cdr.cause());
    gen.writeNumberField("smsSegments", cdr.smsSegments());
    if (cdr.deliveryStatus() != null) {
      gen.writeStringField("deliveryStatus", cdr.deliveryStatus().name());
    }
    str(gen, "trunk", cdr.trunk());
    str(gen, "codec", cdr.codec());
    str(gen, "sourceIp", cdr.sourceIp());
    str(gen, "destinationIp", cdr.destinationIp());
    str(gen, "userAgent", cdr.userAgent());
    str(gen, "imsi", cdr.imsi());
    str(gen, "imei", cdr.imei());
    str(gen, "cellId", cdr.cellId());
    charge(gen, cdr.charge());
    gen.writeEndObject();
  }

  /**
   * Writes an attributed record projected to exactly {@code fields} (names per
   * {@link CdrField#jsonName()}): one JSON object, nothing outside the set. Absent (null) values
   * are omitted. {@link CdrField#CUSTOMER} writes the served customer's id, {@link
   * CdrField#DIRECTION} the direction relative to that customer, and {@link CdrField#CAUSE} covers
   * both the numeric {@code causeCode} and the textual {@code cause}.
   */
  public static void writeProjected(JsonGenerator gen, CustomerCdr record, Set<CdrField> fields)
      throws IOException {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(fields, "fields");
    Cdr c = record.cdr();
    gen.writeStartObject();
    for (CdrField f : CdrField.values()) {
      if (!fields.contains(f)) {
        continue;
      }
      SerializableString name = NAMES[f.ordinal()];
      switch (f) {
        case RECORD_ID -> field(gen, name, c.id().hex());
        case ORIGIN -> field(gen, name, c.origin());
        case ORIGIN_ID -> field(gen, name, c.originId());
        case TYPE -> field(gen, name, c.type().name());
        case DIRECTION -> field(gen, name, record.direction().name());
        case CUSTOMER -> field(gen, name, record.customer().value());
        case CALLING -> party(gen, name, c.calling());
        case CALLED -> party(gen, name, c.called());
        case REDIRECTING -> party(gen, name, c.redirecting());
        case START -> time(gen, name, c.start());
        case ANSWER -> time(gen, name, c.answer());
        case END -> time(gen, name, c.end());
        case DURATION -> number(gen, name, c.durationSeconds());
        case BILLABLE -> number(gen, name, c.billableSeconds());
        case DISPOSITION -> {
          if (c.disposition() != null) {
            field(gen, name, c.disposition().name());
          }
        }
        case CAUSE -> {
          if (c.causeCode() != null) {
            gen.writeFieldName(CAUSE_CODE);
            gen.writeNumber(c.causeCode());
          }
          str(gen, name, c.cause());
        }
        case SMS_SEGMENTS -> number(gen, name, c.smsSegments());
        case DELIVERY_STATUS -> {
          if (c.deliveryStatus() != null) {
            field(gen, name, c.deliveryStatus().name());
          }
        }
        case TRUNK -> str(gen, name, c.trunk());
        case CODEC -> str(gen, name, c.codec());
        case SOURCE_IP -> str(gen, name, c.sourceIp());
        case DESTINATION_IP -> str(gen, name, c.destinationIp());
        case USER_AGENT -> str(gen, name, c.userAgent());
        case IMSI -> str(gen, name, c.imsi());
        case IMEI -> str(gen, name, c.imei());
        case CELL_ID -> str(gen, name, c.cellId());
        case CHARGE -> charge(gen, c.charge());
        default -> throw new IllegalStateException("unhandled field " + f);
      }
    }
    gen.writeEndObject();
  }

  /** A new JSON generator factory configured like this codec's (for writing record streams). */
  public static JsonFactory jsonFactory() {
    return FACTORY;
  }

  /** Field names, encoded once (Jackson then copies their bytes instead of quoting them). */
  private static final SerializableString[] NAMES = java.util.Arrays.stream(CdrField.values())
      .map(f -> new SerializedString(f.jsonName())).toArray(SerializableString[]::new);
  private static final SerializableString CAUSE_CODE = new SerializedString("causeCode");
  private static final SerializableString RAW = new SerializedString("raw");
  private static final SerializableString E164 = new SerializedString("e164");
  private static final SerializableString KIND = new SerializedString("kind");

  private static void number(JsonGenerator gen, SerializableString name, long v) throws IOException {
    gen.writeFieldName(name);
    gen.writeNumber(v);
  }

  private static void field(JsonGenerator gen, SerializableString name, String v) throws IOException {
    gen.writeFieldName(name);
    gen.writeString(v);
  }

  private static void str(JsonGenerator gen, SerializableString name, String v) throws IOException {
    if (v != null) {
      field(gen, name, v);
    }
  }

  private static void time(JsonGenerator gen, SerializableString name, Instant t) throws IOException {
    if (t != null) {
      field(gen, name, IsoInstant.format(t));
    }
  }

  private static void party(JsonGenerator gen, SerializableString name, PhoneNumber p) throws IOException {
    if (p == null) {
      return;
    }
    gen.writeFieldName(name);
    gen.writeStartObject();
    field(gen, RAW, p.raw());
    if (p.e164() != null) {
      field(gen, E164, p.e164());
    }
    field(gen, KIND, p.kind().name());
    gen.writeEndObject();
  }

  private static void str(JsonGenerator gen, String name, String v) throws IOException {
    if (v != null) {
      gen.writeStringField(name, v);
    }
  }

  private static void time(JsonGenerator gen, String name, Instant t) throws IOException {
    if (t != null) {
      gen.writeStringField(name, IsoInstant.format(t));
    }
  }

  private static void party(JsonGenerator gen, String name, PhoneNumber p) throws IOException {
    if (p != null) {
      party(gen, new SerializedString(name), p);
    }
  }

  private static void charge(JsonGenerator gen, Charge c) throws IOException {
    if (c == null) {
      return;
    }
    gen.writeObjectFieldStart("charge");
    gen.writeNumberField("amountMicros", c.amountMicros());
    gen.writeStringField("currency", c.currency());
    gen.writeEndObject();
  }
}
