package io.cdrvault.ingest.format.sip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.Framing;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.format.Timestamps;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.ServiceType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Decoder for {@code opensips-json}: OpenSIPS {@code E_ACC_CDR} events as JSON-RPC 2.0
 * notifications (what {@code event_kafka} publishes), one JSON document per payload.
 *
 * <p>Mapping (docs/formats/opensips-json.md): origin = source name; originId =
 * {@code callid;from_tag;to_tag}; start = {@code created}, answer = {@code time} when
 * {@code sip_code} is 2xx, end = {@code time + duration} (answered) or {@code time}; calling /
 * called / sourceIp from the optional extras {@code src_user}, {@code dst_user}, {@code src_ip}
 * (an absent number is {@link io.cdrvault.store.model.PhoneNumber#EMPTY}; the parties are SIP user
 * parts, so {@code alice} is an extension: {@link NumberNormalizer#normalizeSipUser}); cause and disposition
 * from the SIP code ({@link SipOutcomes}). {@code E_ACC_MISSED_EVENT} is an unanswered call (its
 * start falls back to {@code time} when it carries no {@code created}); any other method, or a
 * SIP method other than INVITE, is skipped as {@link SkipKind#NOT_A_RECORD}. Numeric params may be
 * JSON numbers or numeric strings. Duplicate keys are rejected as malformed JSON.
 *
 * <p>Streams the document with one Jackson parser per call (no tree). Stateless; thread-safe.
 */
public final class OpenSipsJsonDecoder implements CdrDecoder {
  public static final String FORMAT = "opensips-json";

  static final String CDR_EVENT = "E_ACC_CDR";
  static final String MISSED_EVENT = "E_ACC_MISSED_EVENT";

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  // indexes of the params this decoder reads
  private static final int P_METHOD = 0;
  private static final int P_FROM_TAG = 1;
  private static final int P_TO_TAG = 2;
  private static final int P_CALLID = 3;
  private static final int P_SIP_CODE = 4;
  private static final int P_SIP_REASON = 5;
  private static final int P_TIME = 6;
  private static final int P_DURATION = 7;
  private static final int P_CREATED = 8;
  private static final int P_SRC_USER = 9;
  private static final int P_DST_USER = 10;
  private static final int P_SRC_IP = 11;
  private static final String[] PARAM_NAMES = {"method", "from_tag", "to_tag", "callid", "sip_code",
      "sip_reason", "time", "duration", "created", "src_user", "dst_user", "src_ip"};

  /** Kind of a collected value: a JSON string or number (both usable as text), or anything else. */
  private static final byte TEXT = 1;
  private static final byte NUMBER = 2;
  private static final byte OTHER = 3;

  public static OpenSipsJsonDecoder create() {
    return new OpenSipsJsonDecoder();
  }

  private OpenSipsJsonDecoder() {}

  @Override
  public String format() {
    return FORMAT;
  }

  /** JSON values: one event per line or pretty-printed events both work. */
  @Override
  public Framing framing() {
    return Framing.JSON_VALUES;
  }

  @Override
  public DecodeResult decode(byte[] payload, SourceContext source) {
    if (payload == null || payload.length == 0) {
      return DecodeResult.reject(RejectReason.MALFORMED_JSON, FORMAT + ": empty payload");
    }
    Event event = new Event();
    JsonParser p = null;
    try {
      p = JSON.createParser(payload);
      readEvent(p, event);
      return map(event, source);
    } catch (DecodeFailure f) {
      return f.toResult();
    } catch (StreamConstraintsException e) {
      return DecodeResult.reject(RejectReason.MALFORMED_JSON,
          FORMAT + ": a value exceeds the parser's length or depth limits near " + (p == null ? "start" : where(p.currentLocation())));
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
      return DecodeResult.reject(RejectReason.MALFORMED_JSON,
          FORMAT + ": not well-formed JSON (syntax error or duplicate key) at " + where(loc));
    } catch (IOException | RuntimeException e) {
      return DecodeResult.reject(RejectReason.MALFORMED, FORMAT + ": cannot decode ("
          + e.getClass().getSimpleName() + ") near " + (p == null ? "start" : where(p.currentLocation())));
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException ignored) {
          // reading from a byte array: nothing to release
        }
      }
    }
  }

  private static String where(JsonLocation loc) {
    if (loc == null) {
      return "an unknown position";
    }
    return "line " + loc.getLineNr() + " column " + loc.getColumnNr();
  }

  /** What one document holds, collected before the method is known (it may follow params). */
  private static final class Event {
    String jsonrpc;
    byte jsonrpcKind;
    String method;
    byte methodKind;
    boolean paramsSeen;
    boolean paramsIsObject;
    final String[] values = new String[PARAM_NAMES.length];
    final byte[] kinds = new byte[PARAM_NAMES.length];
    int droppedContent;
  }

  private static void readEvent(JsonParser p, Event e) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new DecodeFailure(RejectReason.MALFORMED_JSON, FORMAT + ": payload is not a JSON object");
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "jsonrpc" -> {
          e.jsonrpcKind = kindOf(p, v);
          e.jsonrpc = v == JsonToken.VALUE_STRING ? p.getText() : null;
        }
        case "method" -> {
          e.methodKind = kindOf(p, v);
          e.method = v == JsonToken.VALUE_STRING ? p.getText() : null;
        }
        case "params" -> {
          e.paramsSeen = v != JsonToken.VALUE_NULL;
          if (v == JsonToken.START_OBJECT) {
            e.paramsIsObject = true;
            readParams(p, e);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new DecodeFailure(RejectReason.MALFORMED_JSON, FORMAT + ": unexpected token at " + where(p.currentLocation()));
    }
    if (p.nextToken() != null) {
      throw new DecodeFailure(RejectReason.MALFORMED_JSON,
          FORMAT + ": more than one JSON value in the payload, at " + where(p.currentLocation()));
    }
  }

  private static void readParams(JsonParser p, Event e) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      int i = paramIndex(name);
      if (i >= 0) {
        byte kind = kindOf(p, v);
        e.kinds[i] = kind;
        e.values[i] = kind == TEXT || kind == NUMBER ? p.getText() : null;
      } else {
        if (isContent(name) && v != JsonToken.VALUE_NULL) {
          e.droppedContent++;
        }
        p.skipChildren();
      }
    }
  }

  /** The kind of the current value (0 for JSON null); skips structured values. */
  private static byte kindOf(JsonParser p, JsonToken v) throws IOException {
    switch (v) {
      case VALUE_STRING:
        return TEXT;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return NUMBER;
      case VALUE_NULL:
        return 0;
      default:
        p.skipChildren();
        return OTHER;
    }
  }

  private static int paramIndex(String name) {
    for (int i = 0; i < PARAM_NAMES.length; i++) {
      if (PARAM_NAMES[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isContent(String name) {
    return name.equals("msg") || name.equals("content") || name.equals("short_message") || name.equals("body");
  }

  private static DecodeResult map(Event e, SourceContext source) {
    if (e.jsonrpcKind != 0 && !"2.0".equals(e.jsonrpc)) {
      return DecodeResult.reject(RejectReason.UNSUPPORTED_SCHEMA, FORMAT + " field 'jsonrpc': not version 2.0");
    }
    if (e.methodKind == 0) {
      throw SipOutcomes.missing(FORMAT + " field 'method'");
    }
    if (e.methodKind != TEXT) {
      throw SipOutcomes.invalid(FORMAT + " field 'method'", "not a string");
    }
    boolean missedEvent = MISSED_EVENT.equals(e.method);
    if (!missedEvent && !CDR_EVENT.equals(e.method)) {
      return DecodeResult.skip(SkipKind.NOT_A_RECORD, e.droppedContent);
    }
    if (!e.paramsSeen) {
      throw SipOutcomes.missing(FORMAT + " field 'params'");
    }
    if (!e.paramsIsObject) {
      throw SipOutcomes.invalid(FORMAT + " field 'params'", "not an object");
    }
    String sipMethod = text(e, P_METHOD, false);
    if (sipMethod != null && !sipMethod.equals("INVITE")) {
      return DecodeResult.skip(SkipKind.NOT_A_RECORD, e.droppedContent);
    }
    String callid = text(e, P_CALLID, true);
    String fromTag = text(e, P_FROM_TAG, true);
    String toTag = text(e, P_TO_TAG, false);
    if (callid.isEmpty()) {
      throw SipOutcomes.invalid(label(P_CALLID), "empty");
    }
    int code = SipOutcomes.parseCode(numeric(e, P_SIP_CODE, true), label(P_SIP_CODE));
    String reason = text(e, P_SIP_REASON, false);
    Instant time = Timestamps.epochSeconds(numeric(e, P_TIME, true), label(P_TIME));
    boolean answered = SipOutcomes.isSuccess(code);
    if (missedEvent && answered) {
      throw SipOutcomes.invalid(label(P_SIP_CODE), "a success code in a missed-call event");
    }
    String createdText = numeric(e, P_CREATED, !missedEvent);
    Instant start = createdText == null ? time : Timestamps.epochSeconds(createdText, label(P_CREATED));
    if (time.isBefore(start)) {
      throw SipOutcomes.invalid(label(P_CREATED), "after 'time'");
    }
    Instant answer = null;
    Instant end = time;
    long billable = 0;
    if (answered) {
      billable = SipOutcomes.ceilSeconds(numeric(e, P_DURATION, true), label(P_DURATION));
      answer = time;
      end = time.plusSeconds(billable);
    } else {
      String durationText = numeric(e, P_DURATION, false);
      if (durationText != null) {
        SipOutcomes.ceilSeconds(durationText, label(P_DURATION)); // validated; an unanswered call bills nothing
      }
    }
    NumberNormalizer norm = normalizer(source);
    String srcIp = text(e, P_SRC_IP, false);
    Cdr cdr = Cdr.builder()
        .origin(source.sourceName())
        .originId(callid + ';' + fromTag + ';' + (toTag == null ? "" : toTag))
        .type(ServiceType.VOICE)
        .calling(norm.normalizeSipUser(text(e, P_SRC_USER, false)))
        .called(norm.normalizeSipUser(text(e, P_DST_USER, false)))
        .start(start)
        .answer(answer)
        .end(end)
        .durationSeconds(SipOutcomes.ceilSeconds(start, end))
        .billableSeconds(billable)
        .disposition(SipOutcomes.disposition(code))
        .causeCode(code)
        .cause(SipOutcomes.cause(code, reason))
        .sourceIp(srcIp == null || srcIp.isEmpty() ? null : srcIp)
        .build();
    return DecodeResult.ok(List.of(cdr), e.droppedContent);
  }

  private static NumberNormalizer normalizer(SourceContext source) {
    try {
      return NumberNormalizer.forRegion(source.defaultRegion());
    } catch (IllegalArgumentException ex) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, FORMAT + ": the source's default region is unknown");
    }
  }

  private static String label(int param) {
    return FORMAT + " field 'params." + PARAM_NAMES[param] + "'";
  }

  /** A string param (a JSON number is taken as its text); null when absent and not required. */
  private static String text(Event e, int i, boolean required) {
    byte kind = e.kinds[i];
    if (kind == 0) {
      if (required) {
        throw SipOutcomes.missing(label(i));
      }
      return null;
    }
    if (kind == OTHER) {
      throw SipOutcomes.invalid(label(i), "not a string");
    }
    return checkLength(e.values[i], i);
  }

  /** A numeric param given as a JSON number or a numeric string; its text, or null when absent. */
  private static String numeric(Event e, int i, boolean required) {
    byte kind = e.kinds[i];
    if (kind == 0) {
      if (required) {
        throw SipOutcomes.missing(label(i));
      }
      return null;
    }
    if (kind == OTHER) {
      throw SipOutcomes.invalid(label(i), "not a number");
    }
    return checkLength(e.values[i], i);
  }

  private static String checkLength(String v, int i) {
    int max = i == P_SRC_USER || i == P_DST_USER ? SipOutcomes.MAX_PARTY_LENGTH : SipOutcomes.MAX_VALUE_LENGTH;
    if (v.length() > max) {
      throw SipOutcomes.invalid(label(i), "longer than " + max + " characters");
    }
    return v;
  }
}
