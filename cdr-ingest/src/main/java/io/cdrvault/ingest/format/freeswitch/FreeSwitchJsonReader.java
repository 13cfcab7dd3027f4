package io.cdrvault.ingest.format.freeswitch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.DupDetector;
import com.fasterxml.jackson.core.json.JsonReadContext;
import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.RejectReason;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the parts of a FreeSWITCH {@code mod_json_cdr} document that the mapping needs into a
 * {@link FreeSwitchLeg}, with Jackson's streaming parser (everything else is skipped unread), and
 * unwraps {@code cdr=} form bodies. Problems are thrown as {@link DecodeFailure} naming a JSON path
 * or position, never a value. Stateless; thread-safe.
 *
 * <p>Duplicate keys are a syntax error everywhere except one place: {@code callflow} may repeat at
 * the top level, which is how FreeSWITCH up to 1.4.19 printed one callflow object per caller
 * profile. Jackson's duplicate detection is therefore not switched on for the whole parser; the
 * reader checks the top-level keys itself and installs Jackson's detector on every value container
 * of the top-level object, from which every deeper object inherits it (see {@link #strict}).
 */
final class FreeSwitchJsonReader {
  private static final String P = FreeSwitchJsonDecoder.FORMAT + " ";

  /** Duplicate detection is installed per container by {@link #strict}, not parser-wide. */
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** Variable (and top-level) names that carry message content: dropped and counted, never read. */
  static final Set<String> CONTENT = Set.of("body", "content", "message", "msg", "short_message", "text");

  private FreeSwitchJsonReader() {}

  // ---------------------------------------------------------------- cdr= form body

  /**
   * The URL-decoded value of the form parameter {@code cdr} if the payload is a form body
   * ({@code cdr=…}, possibly among other {@code name=value&} pairs); null if it is not a form body.
   */
  static String formBody(byte[] b, int from) {
    int end = b.length;
    while (end > from && isSpace(b[end - 1])) {
      end--;
    }
    int pos = from;
    while (pos < end) {
      int amp = pos;
      while (amp < end && b[amp] != '&') {
        amp++;
      }
      if (amp - pos >= 4 && b[pos] == 'c' && b[pos + 1] == 'd' && b[pos + 2] == 'r' && b[pos + 3] == '=') {
        int vFrom = pos + 4;
        for (int i = vFrom; i < amp; i++) {
          if (b[i] == '%' && (i + 2 >= amp || hex(b[i + 1]) < 0 || hex(b[i + 2]) < 0)) {
            throw new DecodeFailure(RejectReason.MALFORMED,
                P + "cdr= body: bad %-escape at byte " + i);
          }
        }
        String raw = new String(b, vFrom, amp - vFrom, StandardCharsets.UTF_8);
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
      }
      pos = amp + 1;
    }
    return null;
  }

  // ---------------------------------------------------------------- JSON reading

  /**
   * Parses one document ({@code text}, or {@code bytes} when text is null) into {@code leg} and
   * {@code flow}; {@code label} ("document" or "cdr= body") prefixes the details of syntax rejects.
   */
  static void parse(FreeSwitchLeg leg, FreeSwitchJsonCallflow flow, String text, byte[] bytes, String label) {
    JsonParser p = null;
    try {
      p = text != null ? JSON.createParser(text) : JSON.createParser(bytes);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeFailure(RejectReason.MALFORMED_JSON, P + label + ": not a JSON object");
      }
      readRoot(p, leg, flow, label);
      if (p.nextToken() != null) {
        throw new DecodeFailure(RejectReason.MALFORMED_JSON,
            P + label + ": content after the JSON object at " + position(p.currentLocation()));
      }
    } catch (StreamConstraintsException e) {
      throw new DecodeFailure(RejectReason.MALFORMED_JSON,
          P + label + ": exceeds the JSON parser limits (nesting, length) at " + position(p));
    } catch (JsonProcessingException e) {
      String orig = e.getOriginalMessage();
      String kind = orig != null && orig.startsWith("Duplicate field") ? "duplicate key" : "not well-formed JSON";
      throw new DecodeFailure(RejectReason.MALFORMED_JSON,
          P + label + ": " + kind + " at " + position(e.getLocation() != null ? e.getLocation()
              : p == null ? null : p.currentLocation()));
    } catch (IOException e) {
      throw new DecodeFailure(RejectReason.MALFORMED_JSON,
          P + label + ": unreadable JSON (" + e.getClass().getSimpleName() + ")");
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException ignored) {
          // nothing held but the in-memory input
        }
      }
    }
  }

  private static String position(JsonParser p) {
    return position(p == null ? null : p.currentLocation());
  }

  private static String position(JsonLocation loc) {
    if (loc == null) {
      return "an unknown position";
    }
    return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static void readRoot(JsonParser p, FreeSwitchLeg leg, FreeSwitchJsonCallflow flow, String label)
      throws IOException {
    Set<String> seen = new HashSet<>();
    boolean callflowObjectsOnly = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonLocation repeatedAt = seen.add(name) ? null : p.currentTokenLocation(); // where the name starts
      JsonToken t = p.nextToken();
      if (name.equals("callflow")) {
        callflowObjectsOnly &= t == JsonToken.START_OBJECT;
      }
      if (repeatedAt != null && !(name.equals("callflow") && callflowObjectsOnly)) {
        throw new DecodeFailure(RejectReason.MALFORMED_JSON, P + label + ": duplicate key at " + position(repeatedAt));
      }
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        strict(p);
      }
      switch (name) {
        case "core-uuid" -> leg.coreUuid = scalar(p, t, "core-uuid");
        case "switchname" -> leg.switchName = scalar(p, t, "switchname");
        case "variables" -> readVariables(p, t, leg);
        case "callflow" -> readCallflow(p, t, flow);
        case "times" -> readTopTimes(p, t, flow);
        default -> {
          if (CONTENT.contains(name)) {
            leg.content++;
          }
          p.skipChildren();
        }
      }
    }
  }

  /**
   * Installs Jackson's duplicate-key detector on the container the parser has just entered (a
   * value of the top-level object). Jackson creates every deeper context from its parent's
   * detector, so the whole subtree is checked, skipped parts included.
   */
  private static void strict(JsonParser p) {
    JsonStreamContext ctx = p.getParsingContext();
    if (!(ctx instanceof JsonReadContext read)) {
      // fail closed: without a detector the document must not be read at all
      throw new IllegalStateException("parser context without duplicate detection");
    }
    if (read.getDupDetector() == null) {
      read.withDupDetector(DupDetector.rootDetector(p));
    }
  }

  private static void readVariables(JsonParser p, JsonToken t, FreeSwitchLeg leg) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, P + "variables: not an object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      JsonToken v = p.nextToken();
      switch (k) {
        case "uuid" -> leg.uuid = var(p, v, k, leg);
        case "call_uuid" -> leg.callUuid = var(p, v, k, leg);
        case "originating_leg_uuid" -> leg.originatingLegUuid = var(p, v, k, leg);
        case "start_epoch" -> leg.startEpoch = var(p, v, k, leg);
        case "answer_epoch" -> leg.answerEpoch = var(p, v, k, leg);
        case "end_epoch" -> leg.endEpoch = var(p, v, k, leg);
        case "start_stamp" -> leg.startStamp = var(p, v, k, leg);
        case "answer_stamp" -> leg.answerStamp = var(p, v, k, leg);
        case "end_stamp" -> leg.endStamp = var(p, v, k, leg);
        case "duration" -> leg.duration = var(p, v, k, leg);
        case "billsec" -> leg.billsec = var(p, v, k, leg);
        case "hangup_cause" -> leg.hangupCause = var(p, v, k, leg);
        case "hangup_cause_q850" -> leg.q850 = var(p, v, k, leg);
        case "accountcode" -> leg.accountcode = var(p, v, k, leg);
        case "read_codec" -> leg.readCodec = var(p, v, k, leg);
        case "sip_user_agent" -> leg.userAgent = var(p, v, k, leg);
        case "sip_network_ip" -> leg.networkIp = var(p, v, k, leg);
        case "caller_id_number" -> leg.varCallerIdNumber = var(p, v, k, leg);
        case "ani" -> leg.varAni = var(p, v, k, leg);
        case "destination_number" -> leg.varDestination = var(p, v, k, leg);
        default -> {
          if (CONTENT.contains(k)) {
            leg.content++;
          }
          p.skipChildren();
        }
      }
    }
  }

  private static void readCallflow(JsonParser p, JsonToken t, FreeSwitchJsonCallflow flow) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t == JsonToken.START_OBJECT) { // FreeSWITCH up to 1.4.19: one "callflow" object per profile, repeated
      readCallflowEntry(p, flow.add(), flow.count() - 1);
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, P + "callflow: not an array or object");
    }
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e == null) {
        throw new DecodeFailure(RejectReason.MALFORMED_JSON, P + "callflow: unterminated array");
      }
      if (e != JsonToken.START_OBJECT) {
        throw new DecodeFailure(RejectReason.INVALID_FIELD, P + "callflow[" + flow.count() + "]: not an object");
      }
      readCallflowEntry(p, flow.add(), flow.count() - 1);
    }
  }

  /** Reads one callflow entry (the parser is inside its object) into {@code profile}. */
  private static void readCallflowEntry(JsonParser p, FreeSwitchJsonCallflow.Profile profile, int index)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("caller_profile") && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          JsonToken v = p.nextToken();
          switch (k) {
            case "caller_id_number" -> profile.callerIdNumber = scalar(p, v, index, "caller_profile.", k);
            case "destination_number" -> profile.destinationNumber = scalar(p, v, index, "caller_profile.", k);
            default -> p.skipChildren();
          }
        }
      } else if (name.equals("times") && t == JsonToken.START_OBJECT) {
        readTimes(p, profile, index);
      } else if (name.equals("caller_profile") || name.equals("times")) {
        if (t != JsonToken.VALUE_NULL) {
          throw new DecodeFailure(RejectReason.INVALID_FIELD,
              P + "callflow[" + index + "]." + name + ": not an object");
        }
      } else {
        p.skipChildren();
      }
    }
  }

  /** A {@code times} block of the top-level object (where some writers put it) instead of a callflow entry. */
  private static void readTopTimes(JsonParser p, JsonToken t, FreeSwitchJsonCallflow flow) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, P + "times: not an object");
    }
    flow.topTimes = new FreeSwitchJsonCallflow.Profile();
    readTimes(p, flow.topTimes, -1);
  }

  /** The times of a callflow entry ({@code index} ≥ 0) or of the top level ({@code index} -1). */
  private static void readTimes(JsonParser p, FreeSwitchJsonCallflow.Profile profile, int index) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      JsonToken v = p.nextToken();
      switch (k) {
        case "created_time" -> profile.created = scalar(p, v, index, "times.", k);
        case "answered_time" -> profile.answered = scalar(p, v, index, "times.", k);
        case "hangup_time" -> profile.hangup = scalar(p, v, index, "times.", k);
        default -> p.skipChildren();
      }
    }
  }

  /** Like {@link #scalar(JsonParser, JsonToken, String)}, for a field of callflow entry {@code index} (-1: top level). */
  private static String scalar(JsonParser p, JsonToken t, int index, String group, String key) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == null || !t.isScalarValue()) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD,
          P + (index < 0 ? "" : "callflow[" + index + "].") + group + key + ": not a string");
    }
    return p.getText();
  }

  /** A scalar's text (strings, numbers, booleans); null for JSON null; objects/arrays are invalid. */
  private static String scalar(JsonParser p, JsonToken t, String path) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == null || !t.isScalarValue()) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, P + path + ": not a string");
    }
    return p.getText();
  }

  /** A variable's value, URL-decoded when the source encodes values. */
  private static String var(JsonParser p, JsonToken t, String key, FreeSwitchLeg leg) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == null || !t.isScalarValue()) {
      throw new DecodeFailure(RejectReason.INVALID_FIELD, P + "variables." + key + ": not a string");
    }
    String v = p.getText();
    return leg.decodeValues ? urlDecode(v, key) : v;
  }

  /** Percent-decoding (UTF-8, {@code +} as space) with the escapes checked first, so bad ones are positioned. */
  private static String urlDecode(String v, String key) {
    boolean escaped = false;
    int n = v.length();
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c == '%') {
        if (i + 2 >= n || hex(v.charAt(i + 1)) < 0 || hex(v.charAt(i + 2)) < 0) {
          throw new DecodeFailure(RejectReason.INVALID_FIELD,
              P + "variables." + key + ": bad %-escape at character " + i);
        }
        escaped = true;
      } else if (c == '+') {
        escaped = true;
      }
    }
    return escaped ? URLDecoder.decode(v, StandardCharsets.UTF_8) : v;
  }

  private static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

}
