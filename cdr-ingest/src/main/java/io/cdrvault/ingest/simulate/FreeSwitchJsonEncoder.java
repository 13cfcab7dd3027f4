package io.cdrvault.ingest.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes FreeSWITCH {@code mod_json_cdr} documents of switch {@code fs-edge-1}: URL-encoded
 * variables, epochs and local stamps, callflow times in µs; sometimes posted as
 * {@code cdr=<url-encoded JSON>}; occasional B legs (skipped as duplicate legs).
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
    byte[] value = Expect.utf8(d.json.toString());
    if (r.nextInt(10) == 0) {
      value = Expect.utf8("cdr=" + enc(d.json.toString()));
    }
    return Encoded.ok(value, d.expected, 0);
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Doc d = doc(c, source, r, null);
    return Encoded.reject(Expect.truncated(Expect.utf8(d.json.toString())), d.expected.originId(),
        RejectReason.MALFORMED_JSON);
  }

  @Override
  public Encoded noise(SimCall c, SourceContext source, SimRandom r) {
    Doc d = doc(c, source, r, r.uuid());
    return Encoded.skip(Expect.utf8(d.json.toString()), d.expected.originId(), SkipKind.DUPLICATE_LEG);
  }

  private record Doc(ObjectNode json, Cdr expected) {}

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
    ObjectNode flow = o.putArray("callflow").addObject();
    flow.put("dialplan", "XML");
    flow.put("profile_index", "1");
    ObjectNode p = flow.putObject("caller_profile");
    p.put("username", caller);
    p.put("caller_id_name", r.name());
    p.put("ani", caller);
    p.put("caller_id_number", caller);
    p.put("network_addr", ip);
    p.put("rdnis", "");
    p.put("destination_number", dest);
    p.put("uuid", uuid);
    p.put("source", "mod_sofia");
    p.put("context", "default");
    ObjectNode t = flow.putObject("times");
    t.put("created_time", micros(c.start()));
    t.put("profile_created_time", micros(c.start()));
    t.put("answered_time", c.answered() ? micros(c.answer()) : "0");
    t.put("hangup_time", micros(c.end()));
    t.put("resurrect_time", "0");
    Cdr e = Expect.base(c, source.sourceName(), coreUuid(r) + "/" + uuid, caller, dest, r)
        .account(c.account()).causeCode(Integer.parseInt(cause[1])).cause(cause[0]).codec(c.codec())
        .sourceIp(ip).userAgent(agent).build();
    return new Doc(o, e);
  }

  private static String micros(Instant t) {
    return Long.toString(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
  }

  /** Percent-encoding as FreeSWITCH writes it (space as %20, never {@code +}). */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
