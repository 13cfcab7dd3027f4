package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Asterisk {@code cdr_csv} Master.csv lines: {@code pbx1} with 18 columns (uniqueid,
 * userfield), {@code pbx2} with 21 ({@code newcdrcolumns}: peeraccount, linkedid, sequence), times
 * local in the source's zone, RFC-4180 quoting, unquoted empty answer for unanswered calls. Some
 * channels write an earlier CDR first — a dial attempt that was busy or failed — with the same
 * uniqueid (and, on pbx2, its own sequence): a record of its own, not a resend.
 */
final class AsteriskCsvEncoder implements FormatEncoder {
  static final String FORMAT = "asterisk-csv";
  private final List<SourceContext> sources;

  AsteriskCsvEncoder(String region) {
    this.sources = List.of(
        new SourceContext("pbx1", region, ZoneId.of("America/New_York")),
        new SourceContext("pbx2", region, ZoneId.of("America/Chicago")));
  }

  @Override public String format() { return FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return true; }
  @Override public boolean carriesSms() { return false; }
  @Override public boolean localTimes() { return true; }

  private static boolean wide(SourceContext s) {
    return s.sourceName().equals("pbx2");
  }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    Line l = line(c, source, r, null);
    Encoded main = Encoded.ok(Expect.utf8(String.join(",", l.columns)), l.expected, 0);
    if (!c.answered() || c.fraud() != null || r.nextInt(8) != 0) {
      return main;
    }
    // the channel's first Dial() found the peer busy (or failed) at once; same uniqueid
    Disposition first = r.nextBoolean() ? Disposition.BUSY : Disposition.FAILED;
    SimCall attempt = new SimCall(c.type(), c.calling(), c.called(), c.account(), c.accountDirection(),
        c.start(), null, c.start(), first, c.codec(), c.text(), c.coding(), c.udh(), c.segments(),
        c.deliveryStatus(), c.fraud());
    Line a = line(attempt, source, r, l.uniqueid);
    return main.after(List.of(Encoded.ok(Expect.utf8(String.join(",", a.columns)), a.expected, 0)));
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Line l = line(c, source, r, null);
    l.columns.remove(l.columns.size() - 1); // 17 or 20 columns: not a known layout
    return Encoded.reject(Expect.utf8(String.join(",", l.columns)), l.expected.originId(), RejectReason.MALFORMED);
  }

  private record Line(List<String> columns, Cdr expected, String uniqueid) {}

  /** One CDR line; {@code uniqueid} null = a new channel. */
  private Line line(SimCall c, SourceContext source, SimRandom r, String channelId) {
    ZoneId zone = source.zone();
    String src = r.raw(c.calling(), false);
    String dst = r.raw(c.called(), false);
    boolean outbound = c.account() != null || r.nextBoolean();
    String uniqueid = channelId != null ? channelId
        : source.sourceName() + "-" + c.start().getEpochSecond() + "." + r.nextSeq();
    String trunk = null;
    String dstchannel = "";
    if (c.disposition() != Disposition.FAILED && c.disposition() != Disposition.CONGESTION) {
      trunk = outbound ? (r.nextBoolean() ? "trunk-out" : "carrier-b") : "desk-" + (1 + r.nextInt(40));
      dstchannel = "PJSIP/" + trunk + "-" + r.hex(4);
    }
    String disposition = switch (c.disposition()) {
      case ANSWERED -> "ANSWERED";
      case NO_ANSWER -> "NO ANSWER";
      case BUSY -> "BUSY";
      case FAILED -> "FAILED";
      case CONGESTION -> "CONGESTION";
      case CANCELLED -> "CANCEL";
    };
    List<String> col = new ArrayList<>(21);
    col.add(q(c.account() == null ? "" : c.account()));
    col.add(q(src));
    col.add(q(dst));
    col.add(q(outbound ? "from-internal" : "from-trunk"));
    col.add(q("\"" + (r.nextInt(6) == 0 ? "O'Brien, Pat" : r.name()) + "\" <" + src + ">"));
    col.add(q("PJSIP/" + (outbound ? "desk-" + (1 + r.nextInt(40)) : "trunk-in") + "-" + r.hex(4)));
    col.add(q(dstchannel));
    col.add(q("Dial"));
    col.add(q("PJSIP/" + dst + "@trunk-out,60"));
    col.add(q(SimRandom.local(c.start(), zone)));
    col.add(c.answered() ? q(SimRandom.local(c.answer(), zone)) : "");
    col.add(q(SimRandom.local(c.end(), zone)));
    col.add(Long.toString(c.durationSeconds()));
    col.add(Long.toString(c.billableSeconds()));
    col.add(q(disposition));
    col.add(q(r.nextInt(10) == 0 ? "DOCUMENTATION" : "BILLING"));
    col.add(q(uniqueid));
    col.add(q(r.nextInt(8) == 0 ? "project x" : ""));
    String originId;
    if (wide(source)) {
      long sequence = r.nextSeq();
      col.add(q(""));
      col.add(q(uniqueid));
      col.add(Long.toString(sequence));
      originId = uniqueid + "/" + sequence;
    } else {
      originId = uniqueid + "/" + Expect.lineId(String.join(",", col)); // no sequence column
    }
    Cdr e = Expect.base(c, source.sourceName(), originId, src, dst, r)
        .account(c.account()).cause(disposition).trunk(trunk).build();
    return new Line(col, e, uniqueid);
  }

  /** RFC-4180 quoting with doubled quotes. */
  static String q(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
