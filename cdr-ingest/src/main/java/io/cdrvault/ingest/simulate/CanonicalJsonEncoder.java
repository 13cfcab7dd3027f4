package io.cdrvault.ingest.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJson;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Writes {@code canonical-json}: our own schema, parties as raw strings or party objects. */
final class CanonicalJsonEncoder implements FormatEncoder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<SourceContext> sources;

  CanonicalJsonEncoder(List<String> origins, String region) {
    List<SourceContext> s = new ArrayList<>();
    for (String o : origins) {
      s.add(new SourceContext(o, region, ZoneOffset.UTC));
    }
    this.sources = List.copyOf(s);
  }

  @Override public String format() { return CanonicalJsonDecoder.FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return true; }
  @Override public boolean carriesSms() { return true; }
  @Override public boolean carriesTerminatingAccount() { return true; }
  @Override public boolean localTimes() { return false; }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    String originId = originId(r);
    Built b = build(c, source, originId, r);
    return Encoded.ok(Expect.utf8(b.json.toString()), b.expected, c.type() == ServiceType.SMS ? 1 : 0);
  }

  private record Built(ObjectNode json, Cdr expected) {}

  private static String originId(SimRandom r) {
    long n = r.nextSeq();
    return (1_700_000_000L + n) + "." + n;
  }

  private Built build(SimCall c, SourceContext source, String originId, SimRandom r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("schema", CanonicalJson.SCHEMA);
    o.put("origin", source.sourceName());
    o.put("originId", originId);
    o.put("type", c.type().name());
    if (c.account() != null) {
      o.put("account", c.account());
      o.put("accountDirection", c.accountDirection().name());
    }
    String calling = party(o, "calling", c.calling(), r);
    String called = party(o, "called", c.called(), r);
    o.put("start", c.start().toString());
    Cdr.Builder e = Expect.base(c, source.sourceName(), originId, calling, called, r)
        .account(c.account()).accountDirection(c.accountDirection());
    if (c.type() == ServiceType.SMS) {
      o.put("end", c.end().toString());
      o.put("smsSegments", c.segments());
      o.put("deliveryStatus", c.deliveryStatus().name());
      o.put("text", c.text());
      return new Built(o, e.build());
    }
    String trunk = "trunk-" + (1 + r.nextInt(3));
    o.put("trunk", trunk);
    o.put("codec", c.codec());
    e.trunk(trunk).codec(c.codec());
    if (c.answered()) {
      o.put("answer", c.answer().toString());
    }
    o.put("end", c.end().toString());
    o.put("durationSeconds", c.durationSeconds());
    o.put("billableSeconds", c.billableSeconds());
    o.put("disposition", c.disposition().name());
    String[] cause = Expect.freeswitchCause(c.disposition(), r);
    int code = Integer.parseInt(cause[1]);
    o.put("causeCode", code);
    e.causeCode(code);
    if (c.answered()) {
      o.put("cause", cause[0]);
      e.cause(cause[0]);
    }
    return new Built(o, e.build());
  }

  /** Writes the party as a raw string or as a party object; returns its raw text. */
  private static String party(ObjectNode o, String field, String party, SimRandom r) {
    String raw = r.raw(party, true);
    PhoneNumber p = r.normalize(raw);
    if (r.nextInt(5) == 0) {
      ObjectNode n = o.putObject(field);
      n.put("raw", p.raw());
      if (p.e164() != null) {
        n.put("e164", p.e164());
      }
      n.put("kind", p.kind().name());
    } else {
      o.put(field, raw);
    }
    return raw;
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    String originId = originId(r);
    ObjectNode o = build(c, source, originId, r).json;
    return switch (r.nextInt(3)) {
      case 0 -> Encoded.reject(Expect.truncated(Expect.utf8(o.toString())), originId, RejectReason.MALFORMED_JSON);
      case 1 -> {
        o.remove("start");
        yield Encoded.reject(Expect.utf8(o.toString()), originId, RejectReason.MISSING_FIELD);
      }
      default -> {
        o.put("schema", "cdrvault.cdr/9");
        yield Encoded.reject(Expect.utf8(o.toString()), originId, RejectReason.UNSUPPORTED_SCHEMA);
      }
    };
  }
}
