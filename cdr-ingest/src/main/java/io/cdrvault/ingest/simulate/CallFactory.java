package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;

/**
 * Generates format-neutral calls and SMS: outcome mix, ring and talk times, SMS texts, and start
 * times following a diurnal pattern in the source's local time. Not thread-safe.
 */
final class CallFactory {
  /** Relative traffic per local hour of day (busy 09–17, quiet at night). */
  private static final double[] DIURNAL = {0.15, 0.1, 0.08, 0.07, 0.07, 0.1, 0.25, 0.5, 0.8, 1, 1, 1,
      0.9, 0.95, 1, 1, 0.95, 0.85, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
  private static final String[] TEXTS = {
      "See you at 10 [ok]", "Thx!!", "Your code is 4821] do not share it", "Running late, start without me",
      "[reminder] dentist tomorrow 9:30", "ok ]]", "Call me back when you can",
      "Meeting moved to room B] bring the slides [v2]", "Happy birthday!"};
  private static final String[] WIDE = {"Grüße aus Köln ]", "Ça va? À demain", "Hasta mañana, señor",
      "東京に着きました"};

  private final SimRandom r;
  private final Instant windowStart;
  private final long windowSeconds;

  CallFactory(SimRandom r, Instant windowStart, long windowSeconds) {
    this.r = r;
    this.windowStart = windowStart;
    this.windowSeconds = windowSeconds;
  }

  /** A start time uniformly in the window (whole seconds). */
  Instant uniform() {
    return windowStart.plusSeconds((long) (r.nextDouble() * windowSeconds));
  }

  /** A start time in the window, weighted by the local hour of {@code zone}. */
  Instant diurnal(ZoneId zone) {
    Instant t = uniform();
    for (int i = 0; i < 50; i++) {
      int hour = LocalDateTime.ofInstant(t, zone).getHour();
      if (r.nextDouble() < DIURNAL[hour]) {
        return t;
      }
      t = uniform();
    }
    return t;
  }

  /**
   * A voice call with a random outcome. Whole-second times; for formats with local times, no time
   * of the call falls near a DST change (local text would be ambiguous).
   */
  SimCall voice(String calling, String called, String account, Direction dir, SourceContext src, boolean local) {
    Instant start = diurnal(src.zone());
    int o = r.nextInt(100);
    long ring = 2 + r.nextInt(18);
    String codec = r.nextBoolean() ? "PCMU" : "G722";
    if (o < 65) {
      long talk = 1 + (long) Math.min(3600, -Math.log(1 - r.nextDouble()) * 180);
      start = unambiguous(start, ring + talk, src.zone(), local);
      Instant answer = start.plusSeconds(ring);
      return new SimCall(ServiceType.VOICE, calling, called, account, dir, start, answer, answer.plusSeconds(talk),
          Disposition.ANSWERED, codec, null, 0, "", 0, null, null);
    }
    Disposition d = o < 80 ? Disposition.NO_ANSWER : o < 88 ? Disposition.BUSY : o < 92 ? Disposition.CANCELLED
        : o < 96 ? Disposition.FAILED : Disposition.CONGESTION;
    long dur = switch (d) {
      case NO_ANSWER -> ring + 10;
      case CANCELLED -> ring;
      default -> 1 + r.nextInt(3);
    };
    start = unambiguous(start, dur, src.zone(), local);
    return new SimCall(ServiceType.VOICE, calling, called, account, dir, start, null, start.plusSeconds(dur), d,
        codec, null, 0, "", 0, null, null);
  }

  /** A fraud-burst call at {@code t}: IRSF (answered, long) or Wangiri (1–3 s, unanswered). */
  SimCall fraudCall(String calling, String called, Instant t, boolean answered, SourceContext src, boolean local,
      FraudScenario kind) {
    if (answered) {
      long ring = 3 + r.nextInt(6);
      long talk = 600 + r.nextInt(3000);
      Instant start = unambiguous(t, ring + talk, src.zone(), local);
      return new SimCall(ServiceType.VOICE, calling, called, null, null, start, start.plusSeconds(ring),
          start.plusSeconds(ring + talk), Disposition.ANSWERED, "PCMU", null, 0, "", 0, null, kind);
    }
    long ring = 1 + r.nextInt(3);
    Instant start = unambiguous(t, ring, src.zone(), local);
    return new SimCall(ServiceType.VOICE, calling, called, null, null, start, null, start.plusSeconds(ring),
        r.nextBoolean() ? Disposition.NO_ANSWER : Disposition.CANCELLED, "PCMU", null, 0, "", 0, null, kind);
  }

  /** An SMS; outbound ones get a gateway status, inbound ones are DELIVERED. */
  SimCall sms(String from, String to, String account, Direction dir, boolean outbound, SourceContext src,
      boolean local) {
    Instant t = unambiguous(diurnal(src.zone()), 0, src.zone(), local);
    boolean wide = r.nextInt(6) == 0;
    StringBuilder text = new StringBuilder(wide ? WIDE[r.nextInt(WIDE.length)] : TEXTS[r.nextInt(TEXTS.length)]);
    int extra = r.nextInt(5) == 0 ? 1 + r.nextInt(4) : 0; // some long, multi-part messages
    for (int i = 0; i < extra; i++) {
      text.append(' ').append(TEXTS[r.nextInt(TEXTS.length)]).append(" and more words to make it long enough");
    }
    String body = text.toString();
    int coding = wide ? 2 : 0;
    String udh = !wide && r.nextInt(10) == 0 ? "050003" + r.hex(1) + "0201" : "";
    int segments = KannelLogEncoder.segments(coding, body.getBytes(StandardCharsets.UTF_8).length, !udh.isEmpty());
    DeliveryStatus status = DeliveryStatus.DELIVERED;
    if (outbound) {
      int s = r.nextInt(20);
      status = s < 16 ? DeliveryStatus.SUBMITTED : s < 18 ? DeliveryStatus.FAILED
          : s < 19 ? DeliveryStatus.REJECTED : DeliveryStatus.EXPIRED;
    }
    return new SimCall(ServiceType.SMS, from, to, account, dir, t, null, t, null, null, body, coding, udh, segments,
        status, null);
  }

  /** Moves {@code start} later until no DST transition lies within the call (± a margin). */
  private static Instant unambiguous(Instant start, long seconds, ZoneId zone, boolean local) {
    if (!local) {
      return start;
    }
    Instant s = start;
    for (int i = 0; i < 5; i++) {
      ZoneOffsetTransition next = zone.getRules().nextTransition(s.minusSeconds(7200));
      if (next == null || next.getInstant().isAfter(s.plusSeconds(seconds + 7200))) {
        return s;
      }
      s = next.getInstant().plusSeconds(7200 + 60);
    }
    return s;
  }
}
