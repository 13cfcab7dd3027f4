package io.cdrvault.ingest.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes OpenSIPS {@code event_kafka} {@code E_ACC_CDR} notifications of {@code opensips-1}
 * (epoch times, extras src_user / dst_user / src_ip; numeric params sometimes as strings).
 */
final class OpenSipsJsonEncoder implements FormatEncoder {
  static final String FORMAT = "opensips-json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<SourceContext> sources;

  OpenSipsJsonEncoder(String region) {
    this.sources = List.of(new SourceContext("opensips-1", region, ZoneOffset.UTC));
  }

  @Override public String format() { return FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return true; }
  @Override public boolean carriesSms() { return false; }
  @Override public boolean carriesAccount() { return false; }
  @Override public boolean localTimes() { return false; }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    Event ev = event(c, source, r);
    return Encoded.ok(Expect.utf8(ev.json.toString()), ev.expected, 0);
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Event ev = event(c, source, r);
    return Encoded.reject(Expect.truncated(Expect.utf8(ev.json.toString())), ev.expected.originId(),
        RejectReason.MALFORMED_JSON);
  }

  private record Event(ObjectNode json, Cdr expected) {}

  private Event event(SimCall c, SourceContext source, SimRandom r) {
    String callid = r.hex(10) + "@" + r.ip();
    String fromTag = r.hex(4);
    String toTag = r.hex(5);
    int code = Expect.sipCode(c.disposition(), r);
    String reason = Expect.sipReason(code);
    long created = c.start().getEpochSecond();
    long time = (c.answered() ? c.answer() : c.end()).getEpochSecond();
    long duration = c.billableSeconds();
    String src = r.raw(c.calling(), false);
    String dst = r.raw(c.called(), false);
    String ip = r.ip();
    boolean strings = r.nextInt(4) == 0;
    ObjectNode o = JSON.createObjectNode();
    o.put("jsonrpc", "2.0");
    o.put("method", "E_ACC_CDR");
    ObjectNode p = o.putObject("params");
    p.put("method", "INVITE");
    p.put("from_tag", fromTag);
    p.put("to_tag", toTag);
    p.put("callid", callid);
    p.put("sip_code", Integer.toString(code));
    p.put("sip_reason", reason);
    num(p, "time", time, strings);
    num(p, "duration", duration, strings);
    num(p, "ms_duration", duration * 1000, strings);
    num(p, "setuptime", time - created, strings);
    num(p, "created", created, strings);
    p.put("src_user", src);
    p.put("dst_user", dst);
    p.put("src_ip", ip);
    Cdr e = Expect.base(c, source.sourceName(), callid + ";" + fromTag + ";" + toTag, src, dst, r)
        .causeCode(code).cause(code + " " + reason).sourceIp(ip).build();
    return new Event(o, e);
  }

  private static void num(ObjectNode p, String field, long v, boolean asString) {
    if (asString) {
      p.put(field, Long.toString(v));
    } else {
      p.put(field, v);
    }
  }
}
