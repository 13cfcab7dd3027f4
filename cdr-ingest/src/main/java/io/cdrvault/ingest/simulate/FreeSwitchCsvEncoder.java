package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes FreeSWITCH {@code mod_cdr_csv} lines (template {@code example}, 15 quoted columns, no
 * escaping, local stamps) of switch {@code fs-csv-1}.
 */
final class FreeSwitchCsvEncoder implements FormatEncoder {
  static final String FORMAT = "freeswitch-csv";
  private final List<SourceContext> sources;

  FreeSwitchCsvEncoder(String region) {
    this.sources = List.of(new SourceContext("fs-csv-1", region, ZoneId.of("America/Los_Angeles")));
  }

  @Override public String format() { return FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return true; }
  @Override public boolean carriesSms() { return false; }
  @Override public boolean localTimes() { return true; }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    return line(c, source, r, r.name());
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Encoded ok = line(c, source, r, "Pat \"PJ\" " + r.name()); // a quote in the caller name: unrecoverable
    return Encoded.reject(ok.value(), ok.originId(), RejectReason.MALFORMED);
  }

  private Encoded line(SimCall c, SourceContext source, SimRandom r, String callerName) {
    ZoneId zone = source.zone();
    String caller = r.raw(c.calling(), false);
    String dest = r.raw(c.called(), false);
    String uuid = r.uuid();
    String cause = Expect.freeswitchCause(c.disposition(), r)[0];
    String[] cols = {
        callerName, caller, dest, "default",
        SimRandom.local(c.start(), zone),
        c.answered() ? SimRandom.local(c.answer(), zone) : "",
        SimRandom.local(c.end(), zone),
        Long.toString(c.durationSeconds()), Long.toString(c.billableSeconds()),
        cause, uuid, c.answered() && r.nextBoolean() ? r.uuid() : "",
        c.account() == null ? "" : c.account(), c.codec(), c.codec()};
    StringBuilder b = new StringBuilder(256);
    for (int i = 0; i < cols.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"').append(cols[i]).append('"');
    }
    Cdr e = Expect.base(c, source.sourceName(), uuid, caller, dest, r)
        .account(c.account()).cause(cause).codec(c.codec()).build();
    return Encoded.ok(Expect.utf8(b.toString()), e, 0);
  }
}
