package io.cdrvault.ingest.simulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes FreeSWITCH {@code mod_json_cdr} documents of switch {@code fs-edge-1}: URL-encoded
 * variables, epochs and local stamps, callflow times in µs; sometimes posted as
 * {@code cdr=<url-encoded JSON>}; occasional B legs (skipped as duplicate legs).
 *
 * <p>One document in 8 has the layout of FreeSWITCH up to 1.4.19: one repeated {@code "callflow"}
 * key per caller profile instead of an array. Some calls have a second caller profile, newest
 * printed first: a 302 redirect before the answer (the new profile's destination is the redirect
 * contact's user name) or, for answered calls, a transfer after the answer (destination an
 * extension). The expected record keeps what the caller dialled, the original profile's
 * destination, and the billable seconds of {@code variables.billsec}.
 */
final class FreeSwitchJsonEncoder implements FormatEncoder {
  static final String FORMAT = "freeswitch-json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] AGENTS = {"Yealink SIP-T46S 66.86.0.15", "Polycom/6.4.3 VVX-450", "Zoiper rv2.10"};
  private final List<SourceContext> sources;
  private String coreUuid;

  FreeSwitchJsonEncoder(String region) {
    this.sources = List.of(new SourceContext("fs-edge-1", region, ZoneId.of("America/New_York")));
  }

  @Override public String format() { return FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return true; }
  @Override public boolean carriesSms() { return false; }
  @Override public boolean localTimes() { return false; }

  private String coreUuid(SimRandom r) {
    if (coreUuid == null) {
      coreUuid = r.uuid();
    }
    return coreUuid;
  }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    Doc d = doc(c, source, r, null);
    byte[] value = Expect.utf8(d.json);
    if (r.nextInt(10) == 0) {
      value = Expect.utf8("cdr=" + enc(d.json));
    }
    return Encoded.ok(value, d.expected, 0);
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Doc d = doc(c, source, r, null);
    return Encoded.reject(Expect.truncated(Expect.utf8(d.json)), d.expected.originId(), RejectReason.MALFORMED_JSON);
  }

  @Override
  public Encoded noise(SimCall c, SourceContext source, SimRandom r) {
    Doc d = doc(c, source, r, r.uuid());
    return Encoded.skip(Expect.utf8(d.json), d.expected.originId(), SkipKind.DUPLICATE_LEG);
  }

  private record Doc(String json, Cdr expected) {}

  /** A second caller profile: from {@code at} on, the channel is routed to {@code target}. */
  private record Transfer(Instant at, String target) {}

  /** A leg of the call; {@code aLeg} non-null makes it a B leg of that A-leg uuid. */
  private Doc doc(SimCall c, SourceContext source, SimRandom r, String aLeg) {
    ZoneId zone = source.zone();
    String uuid = r.uuid();
    String caller = r.raw(c.calling(), false);
    String dest = r.raw(c.called(), false);
    String ip = r.ip();
    String agent = AGENTS[r.nextInt(AGENTS.length)];
    String[] cause = Expect.freeswitchCause(c.disposition(), r);
    ObjectNode o = JSON.createObjectNode();
    o.put("core-uuid", coreUuid(r));
    o.put("switchname", source.sourceName());
    ObjectNode ch = o.putObject("channel_data");
    ch.put("state", "CS_REPORTING");
    ch.put("direction", aLeg == null ? "inbound" : "outbound");
    ch.put("state_number", "11");
    ObjectNode v = o.putObject("variables");
    v.put("uuid", uuid);
    if (aLeg != null) {
      v.put("originating_leg_uuid", aLeg);
      v.put("call_uuid", aLeg);
    }
    v.put("direction", aLeg == null ? "inbound" : "outbound");
    if (c.account() != null) {
      v.put("accountcode", enc(c.account()));
    }
    v.put("sip_call_id", r.hex(8) + "@" + ip);
    v.put("sip_user_agent", enc(agent));
    v.put("sip_network_ip", ip);
    v.put("read_codec", c.codec());
    v.put("write_codec", c.codec());
    v.put("caller_id", enc("\"" + r.name() + "\" <" + caller + ">"));
    v.put("start_stamp", enc(SimRandom.local(c.start(), zone)));
    v.put("answer_stamp", c.answered() ? enc(SimRandom.local(c.answer(), zone)) : "");
    v.put("end_stamp", enc(SimRandom.local(c.end(), zone)));
    v.put("start_epoch", Long.toString(c.start().getEpochSecond()));
    v.put("answer_epoch", c.answered() ? Long.toString(c.answer().getEpochSecond()) : "0");
    v.put("end_epoch", Long.toString(c.end().getEpochSecond()));
    v.put("duration", Long.toString(c.durationSeconds()));
    v.put("billsec", Long.toString(c.billableSeconds()));
    v.put("hangup_cause", cause[0]);
    v.put("hangup_cause_q850", cause[1]);
    Transfer transfer = aLeg == null ? transfer(c, r) : null;
    if (transfer != null) {
      v.put("max_forwards", "69");
      v.put("transfer_history", enc(transfer.at.getEpochSecond() + ":" + r.uuid() + ":bl_xfer:" + transfer.target
          + "/default/XML"));
    }
    // callflow entries newest first, as FreeSWITCH prints them; the last is the original profile
    ObjectNode original = profile(r, "1", caller, dest, "", uuid, ip, c.start(), c.start(),
        transfer == null ? c.answer() : c.answered() && !c.answer().isAfter(transfer.at) ? c.answer() : null,
        transfer == null ? c.end() : null, transfer == null ? null : transfer.at);
    List<ObjectNode> flows = transfer == null ? List.of(original)
        : List.of(profile(r, "2", caller, transfer.target, dest, uuid, ip, c.start(), transfer.at, c.answer(),
            c.end(), null), original);
    String json = r.nextInt(8) == 0 ? repeatedCallflowKeys(o, flows) : withCallflowArray(o, flows);
    Cdr e = Expect.base(c, source.sourceName(), coreUuid(r) + "/" + uuid, caller, dest, r)
        .account(c.account()).causeCode(Integer.parseInt(cause[1])).cause(cause[0]).codec(c.codec())
        .sourceIp(ip).userAgent(agent).build();
    return new Doc(json, e);
  }

  /** Sometimes a redirect (302 before the answer) or, for an answered call, a transfer after it; else null. */
  private static Transfer transfer(SimCall c, SimRandom r) {
    if (r.nextInt(6) != 0) {
      return null;
    }
    if (c.answered() && r.nextBoolean()) {
      Duration talk = Duration.between(c.answer(), c.end());
      return new Transfer(c.answer().plus(talk.dividedBy(2)), Integer.toString(2000 + r.nextInt(8000)));
    }
    Duration ring = Duration.between(c.start(), c.answered() ? c.answer() : c.end());
    return new Transfer(c.start().plus(ring.dividedBy(2)), r.name().toLowerCase(Locale.ROOT));
  }

  /**
   * One callflow entry as {@code switch_ivr_generate_json_cdr} prints it; a null answer/hangup is
   * written as {@code 0} (older profiles keep the values they had when the next one replaced them).
   */
  private static ObjectNode profile(SimRandom r, String index, String caller, String dest, String rdnis, String uuid,
      String ip, Instant created, Instant profileCreated, Instant answered, Instant hangup, Instant transferred) {
    ObjectNode flow = JSON.createObjectNode();
    flow.put("dialplan", "XML");
    flow.put("profile_index", index);
    ObjectNode p = flow.putObject("caller_profile");
    p.put("username", caller);
    p.put("caller_id_name", r.name());
    p.put("ani", caller);
    p.put("caller_id_number", caller);
    p.put("network_addr", ip);
    p.put("rdnis", rdnis);
    p.put("destination_number", dest);
    p.put("uuid", uuid);
    p.put("source", "mod_sofia");
    p.put("context", "default");
    ObjectNode t = flow.putObject("times");
    t.put("created_time", micros(created));
    t.put("profile_created_time", micros(profileCreated));
    t.put("answered_time", answered != null ? micros(answered) : "0");
    t.put("hangup_time", hangup != null ? micros(hangup) : "0");
    t.put("resurrect_time", "0");
    t.put("transfer_time", transferred != null ? micros(transferred) : "0");
    return flow;
  }

  /** The current layout: {@code "callflow": [newest, ..., original]}. */
  private static String withCallflowArray(ObjectNode o, List<ObjectNode> flows) {
    o.putArray("callflow").addAll(flows);
    return o.toString();
  }

  /**
   * The layout of FreeSWITCH up to 1.4.19: the document's keys, then one {@code "callflow"} key per
   * profile, newest first (a tree cannot hold repeated keys, so the generator writes them).
   */
  private static String repeatedCallflowKeys(ObjectNode o, List<ObjectNode> flows) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        g.writeFieldName(f.getKey());
        g.writeTree(f.getValue());
      }
      for (ObjectNode flow : flows) {
        g.writeFieldName("callflow");
        g.writeTree(flow);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String micros(Instant t) {
    return Long.toString(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
  }

  /** Percent-encoding as FreeSWITCH writes it (space as %20, never {@code +}). */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
