package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Writes FreeSWITCH {@code mod_cdr_csv} lines (template {@code example}, quoted columns, no
 * escaping, local stamps): switch {@code fs-csv-1} with the shipped template (15 columns, A legs
 * only, an A leg's {@code bleg_uuid} sometimes set); switch {@code fs-csv-2} configured
 * {@code legs=ab} with {@code "${originator}"} appended as column 16 (options {@code columns=16},
 * {@code legColumn=16}), which writes a bridged call's B leg line first, then its A leg.
 */
final class FreeSwitchCsvEncoder implements FormatEncoder {
  static final String FORMAT = "freeswitch-csv";
  private final List<SourceContext> sources;

  FreeSwitchCsvEncoder(String region) {
    this.sources = List.of(new SourceContext("fs-csv-1", region, ZoneId.of("America/Los_Angeles")),
        new SourceContext("fs-csv-2", region, ZoneId.of("America/Denver"),
            Map.of("columns", "16", "legColumn", "16")));
  }

  @Override public String format() { return FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return true; }
  @Override public boolean carriesSms() { return false; }
  @Override public boolean localTimes() { return true; }

  private static boolean bothLegs(SourceContext s) {
    return s.options().containsKey("legColumn");
  }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    if (!bothLegs(source) || !c.answered()) {
      return line(c, source, r, r.name(), r.uuid(), null, c.answered() && r.nextBoolean() ? r.uuid() : "");
    }
    String bleg = r.uuid();
    Encoded a = line(c, source, r, r.name(), r.uuid(), null, bleg);
    // the B leg: same caller, the callee's leg; its uuid is the A leg's bleg_uuid, originator set
    Encoded b = line(c, source, r, r.name(), bleg, a.originId(), "");
    Encoded bLeg = Encoded.skip(b.value(), bleg, SkipKind.DUPLICATE_LEG);
    return a.after(List.of(bLeg));
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Encoded ok = line(c, source, r, "Pat \"PJ\" " + r.name(), r.uuid(), null, ""); // a quote in the caller name
    return Encoded.reject(ok.value(), ok.originId(), RejectReason.MALFORMED);
  }

  /** One line of leg {@code uuid}; {@code originator} non-null makes it a B leg of that A-leg uuid. */
  private Encoded line(SimCall c, SourceContext source, SimRandom r, String callerName, String uuid,
      String originator, String bleg) {
    ZoneId zone = source.zone();
    String caller = r.raw(c.calling(), false);
    String dest = r.raw(c.called(), false);
    String cause = Expect.freeswitchCause(c.disposition(), r)[0];
    StringBuilder b = new StringBuilder(300);
    column(b, callerName);
    column(b, caller);
    column(b, dest);
    column(b, "default");
    column(b, SimRandom.local(c.start(), zone));
    column(b, c.answered() ? SimRandom.local(c.answer(), zone) : "");
    column(b, SimRandom.local(c.end(), zone));
    column(b, Long.toString(c.durationSeconds()));
    column(b, Long.toString(c.billableSeconds()));
    column(b, cause);
    column(b, uuid);
    column(b, bleg);
    column(b, c.account() == null ? "" : c.account());
    column(b, c.codec());
    column(b, c.codec());
    if (bothLegs(source)) {
      column(b, originator == null ? "" : originator);
    }
    Cdr e = Expect.base(c, source.sourceName(), uuid, caller, dest, r)
        .account(c.account()).cause(cause).codec(c.codec()).build();
    return Encoded.ok(Expect.utf8(b.toString()), e, 0);
  }

  private static void column(StringBuilder b, String value) {
    if (!b.isEmpty()) {
      b.append(',');
    }
    b.append('"').append(value).append('"');
  }
}
