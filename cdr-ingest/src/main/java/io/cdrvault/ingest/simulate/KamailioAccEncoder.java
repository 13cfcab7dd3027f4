package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes Kamailio {@code acc} syslog lines of {@code kamailio-1}: answered calls in CDR mode
 * ({@code ACC: CDR:} with start_time / end_time / duration with milliseconds, local or epoch),
 * missed calls and MESSAGE (SMS) in transaction mode, and BYE transactions and the proxy's other log lines (skipped).
 */
final class KamailioAccEncoder implements FormatEncoder {
  static final String FORMAT = "kamailio-acc";
  private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
  private final List<SourceContext> sources;

  KamailioAccEncoder(String region) {
    this.sources = List.of(new SourceContext("kamailio-1", region, ZoneId.of("America/Denver")));
  }

  @Override public String format() { return FORMAT; }
  @Override public List<SourceContext> sources() { return sources; }
  @Override public boolean carriesVoice() { return true; }
  @Override public boolean carriesSms() { return true; }
  @Override public boolean carriesAccount() { return false; }
  @Override public boolean localTimes() { return true; }

  @Override
  public SimCall adapt(SimCall c, SimRandom r) {
    Instant start = c.start().plusMillis(r.nextInt(1000));
    if (c.type() == ServiceType.SMS) {
      DeliveryStatus st = c.deliveryStatus() == DeliveryStatus.SUBMITTED || c.deliveryStatus() == DeliveryStatus.DELIVERED
          ? DeliveryStatus.SUBMITTED : DeliveryStatus.FAILED;
      Instant t = c.start(); // transaction timestamps are whole seconds
      return new SimCall(c.type(), c.calling(), c.called(), null, null, t, null, t, null, null, c.text(),
          c.coding(), c.udh(), 1, st, c.fraud());
    }
    if (c.answered()) {
      long talk = c.end().toEpochMilli() - c.answer().toEpochMilli() - r.nextInt(1000);
      return new SimCall(c.type(), c.calling(), c.called(), null, null, start, start,
          start.plusMillis(Math.max(1, talk)), c.disposition(), c.codec(), null, 0, "", 0, null, c.fraud());
    }
    Instant t = c.start();
    return new SimCall(c.type(), c.calling(), c.called(), null, null, t, null, t, c.disposition(), c.codec(),
        null, 0, "", 0, null, c.fraud());
  }

  @Override
  public Encoded encode(SimCall c, SourceContext source, SimRandom r) {
    Line l = line(c, source, r, false);
    return Encoded.ok(Expect.utf8(l.text), l.expected, 0);
  }

  @Override
  public Encoded malformed(SimCall c, SourceContext source, SimRandom r) {
    Line l = line(c, source, r, true);
    return Encoded.reject(Expect.utf8(l.text), l.expected.originId(), RejectReason.MALFORMED);
  }

  @Override
  public Encoded noise(SimCall c, SourceContext source, SimRandom r) {
    if (r.nextBoolean()) {
      // the syslog feed carries the proxy's other log lines between the ACC: lines
      String text = prefix(c.end(), source.zone()) + SYSLOG_NOISE[r.nextInt(SYSLOG_NOISE.length)];
      return Encoded.skip(Expect.utf8(text), "syslog-" + r.hex(6), SkipKind.NOT_A_RECORD);
    }
    String callId = r.hex(10) + "@" + r.ip();
    String fromTag = r.hex(4);
    String toTag = r.hex(4);
    String text = prefix(c.end(), source.zone()) + "ACC: transaction answered: timestamp=" + c.end().getEpochSecond()
        + ";method=BYE;from_tag=" + fromTag + ";to_tag=" + toTag + ";call_id=" + callId
        + ";code=200;reason=OK;src_user=" + r.raw(c.calling(), false) + ";dst_user=" + r.raw(c.called(), false)
        + ";src_ip=" + r.ip();
    return Encoded.skip(Expect.utf8(text), callId + ";" + fromTag + ";" + toTag + ";BYE", SkipKind.NOT_A_RECORD);
  }

  /** Ordinary kamailio log lines (after the syslog prefix), as a proxy writes them. */
  private static final String[] SYSLOG_NOISE = {
      "WARNING: <core> [core/tcp_read.c:1509]: tcp_read_req(): ERROR: tcp_read_req: error reading - c: 0x7f3a",
      "NOTICE: <script>: REGISTER accepted, expires=3600",
      "ERROR: tm [t_fwd.c:1761]: t_forward_nonack(): cannot forward: no destination",
      "INFO: <core> [main.c:2879]: main(): processes (at least): 20 - shm size: 67108864 - pkg size: 8388608"};

  private record Line(String text, Cdr expected) {}

  private Line line(SimCall c, SourceContext source, SimRandom r, boolean broken) {
    ZoneId zone = source.zone();
    String callId = r.hex(10) + "@" + r.ip();
    String fromTag = r.hex(4);
    String toTag = r.hex(4);
    String src = r.raw(c.calling(), false);
    String dst = r.raw(c.called(), false);
    String ip = r.ip();
    boolean sms = c.type() == ServiceType.SMS;
    int code = sms ? (c.deliveryStatus() == DeliveryStatus.SUBMITTED ? (r.nextBoolean() ? 200 : 202)
        : (r.nextBoolean() ? 404 : 480)) : Expect.sipCode(c.disposition(), r);
    String reason = Expect.sipReason(code);
    StringBuilder b = new StringBuilder(300).append(prefix(c.start(), zone));
    String originId;
    if (!sms && c.answered()) {
      boolean epoch = r.nextInt(3) == 0;
      b.append("ACC: CDR: start_time=").append(time(c.start(), zone, epoch))
          .append(";end_time=").append(time(c.end(), zone, epoch))
          .append(";duration=").append(seconds(c.end().toEpochMilli() - c.start().toEpochMilli()));
      originId = callId + ";" + fromTag + ";" + toTag;
    } else {
      String method = sms ? "MESSAGE" : "INVITE";
      b.append(code < 300 ? "ACC: transaction answered: " : "ACC: call missed: ")
          .append("timestamp=").append(c.start().getEpochSecond()).append(";method=").append(method);
      originId = callId + ";" + fromTag + ";" + toTag + ";" + method;
    }
    b.append(";call_id=").append(callId).append(";from_tag=").append(fromTag).append(";to_tag=").append(toTag)
        .append(";code=").append(code).append(";reason=").append(reason)
        .append(";src_user=").append(src).append(";dst_user=").append(dst).append(";src_ip=").append(ip);
    if (broken) {
      if (r.nextBoolean()) {
        b.append(";code=").append(code); // a duplicate key
      } else {
        b.append(";x-note=a=b"); // '=' inside a value cannot be recovered
      }
    }
    Cdr e = Expect.base(c, source.sourceName(), originId, src, dst, r)
        .causeCode(code).cause(code + " " + reason).sourceIp(ip).build();
    return new Line(b.toString(), e);
  }

  private static String prefix(Instant t, ZoneId zone) {
    return SYSLOG.format(LocalDateTime.ofInstant(t, zone)) + " sip-proxy /usr/sbin/kamailio[2345]: ";
  }

  private static String time(Instant t, ZoneId zone, boolean epoch) {
    if (epoch) {
      return t.getEpochSecond() + "." + String.format(Locale.ROOT, "%03d", t.getNano() / 1_000_000);
    }
    return SimRandom.localMillis(t, zone);
  }

  private static String seconds(long millis) {
    return (millis / 1000) + "." + String.format(Locale.ROOT, "%03d", millis % 1000);
  }
}
