package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes Kannel bearerbox access-log lines of {@code kannel-1}: SMS events with the text (which
 * may contain {@code ]}) skipped by its byte length, local times; plus DLR and {@code Log begins}
 * lines (not records).
 */
final class KannelLogEncoder implements FormatEncoder {
  static final String FORMAT = "kannel-log";
  private final List<SourceContext> sources;

  KannelLogEncoder(String region) {
    this.sources = List.of(new SourceContext("kannel-1", region, ZoneId.of("America/New_York")));
  }

  @Override public String format() { return FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return false; }
  @Override public boolean carriesSms() { return true; }
  @Override public boolean localTimes() { return true; }

  static String event(DeliveryStatus s, SimRandom r) {
    return switch (s) {
      case SUBMITTED -> "Sent SMS";
      case DELIVERED -> "Receive SMS";
      case REJECTED -> "REJECTED Send SMS";
      case EXPIRED -> "EXPIRED SMS";
      default -> r.nextInt(4) == 0 ? "DISCARDED SMS" : "FAILED Send SMS";
    };
  }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    return line(c, source, r, false);
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Encoded ok = line(c, source, r, true);
    return Encoded.reject(ok.value(), ok.originId(), RejectReason.MALFORMED);
  }

  @Override
  public Encoded noise(SimCall c, SourceContext source, SimRandom r) {
    String t = SimRandom.local(c.start(), source.zone());
    if (r.nextInt(4) == 0) {
      return Encoded.skip(Expect.utf8(t + " Log begins"), "log-begins|" + t + "|" + r.hex(4), SkipKind.NOT_A_RECORD);
    }
    String fid = r.hex(4);
    String report = "id:" + fid + " sub:001 dlvrd:001 submit date:2603010815 done date:2603010815 stat:DELIVRD err:000";
    String line = t + " Receive DLR [SMSC:smsc-a] [SVC:portal] [ACT:] [BINF:] [FID:" + fid + "] [META:] [from:"
        + r.raw(c.called(), false) + "] [to:" + r.raw(c.calling(), false) + "] [flags:-1:-1:-1:-1:1] [msg:"
        + report.length() + ":" + report + "] [udh:0:]";
    return Encoded.skip(Expect.utf8(line), "dlr|" + fid, SkipKind.NOT_A_RECORD);
  }

  private Encoded line(SimCall c, SourceContext source, SimRandom r, boolean overrun) {
    String t = SimRandom.local(c.start(), source.zone());
    String event = event(c.deliveryStatus(), r);
    String from = r.raw(c.calling(), false);
    String to = r.raw(c.called(), false);
    String fid = r.hex(6);
    String act = c.account() == null ? "" : c.account();
    int len = c.text().getBytes(StandardCharsets.UTF_8).length;
    int written = overrun ? len + 40 + r.nextInt(400) : len;
    String udh = c.udh();
    String line = t + " " + event + " [SMSC:smsc-a] [SVC:" + (act.isEmpty() ? "" : "portal") + "] [ACT:" + act
        + "] [BINF:] [FID:" + fid + "] [META:] [from:" + from + "] [to:" + to + "] [flags:-1:" + c.coding()
        + ":-1:0:" + (event.startsWith("Sent") ? 19 : -1) + "] [msg:" + written + ":" + c.text() + "] [udh:"
        + (udh.length() / 2) + ":" + udh + "]";
    String originId = event + "|" + t + "|smsc-a|" + fid + "|" + from + "|" + to + "|" + written;
    Cdr e = Expect.base(c, source.sourceName(), originId, from, to, r).account(c.account()).build();
    return Encoded.ok(Expect.utf8(line), e, 1);
  }

  /** Segments by the contract's rule: 1 with a UDH; else by coding and byte length. */
  static int segments(int coding, int bytes, boolean udh) {
    if (udh) {
      return 1;
    }
    if (coding == 0 || coding == -1) {
      return bytes <= 160 ? 1 : (bytes + 152) / 153;
    }
    return bytes <= 140 ? 1 : (bytes + 133) / 134;
  }
}
