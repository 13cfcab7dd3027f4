package io.cdrvault.store.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.PhoneNumber;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Writes records as canonical-json v1 objects: whole ({@link #write}) or projected to a set of
 * fields ({@link #writeProjected}). Field names are encoded once. Stateless.
 */
final class CanonicalJsonWriter {
  private CanonicalJsonWriter() {}

  /** Writes the record as one JSON object to {@code gen} (the caller owns and closes it). */
  static void write(JsonGenerator gen, Cdr cdr) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("schema", CanonicalJson.SCHEMA);
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
  static void writeProjected(JsonGenerator gen, CustomerCdr record, Set<CdrField> fields)
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
