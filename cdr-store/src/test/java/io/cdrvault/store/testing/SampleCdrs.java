package io.cdrvault.store.testing;

import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic random CDRs for tests: North American E.164 numbers (raw as a switch writes them),
 * IPv4 addresses, IMSI/IMEI, cell ids, SIP causes, charges. Deterministic for a seed.
 *
 * <p>Not thread-safe (one instance per thread).
 */
public final class SampleCdrs {
  private static final String[] ORIGINS = {"pbx1", "sbc-east", "kamailio-2", "smsc1"};
  private static final String[] CODECS = {"PCMU", "PCMA", "G722", "opus"};
  private static final String[] AGENTS = {"Yealink SIP-T46S 66.86.0.15", "Grandstream GXP2170",
      "Zoiper rv2.10.20", "Linphone/5.2.0"};
  private static final String[] TRUNKS = {"trunk-att-01", "trunk-lumen-02", "trunk-local"};

  private final Random random;
  private long serial;

  private SampleCdrs(long seed) {
    this.random = new Random(seed);
  }

  /** A generator with a fixed seed. */
  public static SampleCdrs seeded(long seed) {
    return new SampleCdrs(seed);
  }

  /** A customer id such as {@code ACCT-004711093}. */
  public CustomerId customerId() {
    return CustomerId.of(String.format(Locale.ROOT, "ACCT-%09d", random.nextInt(1_000_000_000)));
  }

  /** {@code n} distinct customer ids. */
  public List<CustomerId> customers(int n) {
    java.util.LinkedHashSet<CustomerId> s = new java.util.LinkedHashSet<>();
    while (s.size() < n) {
      s.add(customerId());
    }
    return new ArrayList<>(s);
  }

  /** A valid-looking NANP number: raw as a switch writes it (10 or 11 digits), plus E.164. */
  public PhoneNumber number() {
    int npa = 200 + random.nextInt(800);
    if (npa % 100 == 11) {
      npa++; // N11 codes are not area codes
    }
    int nxx = 200 + random.nextInt(800);
    int line = random.nextInt(10_000);
    String national = String.format(Locale.ROOT, "%03d%03d%04d", npa, nxx, line);
    String raw = random.nextBoolean() ? national : "1" + national;
    return PhoneNumber.e164(raw, "+1" + national);
  }

  public String ipv4() {
    return switch (random.nextInt(3)) {
      case 0 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      case 1 -> "198.51.100." + (1 + random.nextInt(254));
      default -> "203.0." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    };
  }

  /** A random voice or SMS record starting at {@code start}. */
  public Cdr cdr(Instant start) {
    return random.nextInt(4) == 0 ? sms(start) : voice(start);
  }

  /** A voice call with every optional field filled in (answered) or the usual ones (not). */
  public Cdr voice(Instant start) {
    Disposition d = random.nextInt(5) == 0
        ? Disposition.values()[1 + random.nextInt(Disposition.values().length - 1)]
        : Disposition.ANSWERED;
    long ring = random.nextInt(20);
    long talk = d == Disposition.ANSWERED ? 1 + random.nextInt(1800) : 0;
    Instant answer = d == Disposition.ANSWERED ? start.plusSeconds(ring) : null;
    String origin = ORIGINS[random.nextInt(3)];
    return Cdr.builder()
        .origin(origin)
        .originId(String.format(Locale.ROOT, "%d.%d-%08x", start.getEpochSecond(), serial++,
            random.nextInt()))
        .type(ServiceType.VOICE)
        .account(random.nextInt(3) == 0 ? "acct-" + random.nextInt(100_000) : null)
        .calling(number())
        .called(number())
        .redirecting(random.nextInt(10) == 0 ? number() : null)
        .start(start)
        .answer(answer)
        .end(start.plusSeconds(ring + talk))
        .durationSeconds(ring + talk)
        .billableSeconds(talk)
        .disposition(d)
        .causeCode(d == Disposition.ANSWERED ? 16 : 17 + random.nextInt(5))
        .cause(d == Disposition.ANSWERED ? "NORMAL_CLEARING" : "USER_BUSY")
        .trunk(TRUNKS[random.nextInt(TRUNKS.length)])
        .codec(CODECS[random.nextInt(CODECS.length)])
        .sourceIp(ipv4())
        .destinationIp(ipv4())
        .userAgent(AGENTS[random.nextInt(AGENTS.length)])
        .imsi(String.format(Locale.ROOT, "310260%09d", random.nextInt(1_000_000_000)))
        .imei(String.format(Locale.ROOT, "35%06d%07d", random.nextInt(1_000_000),
            random.nextInt(10_000_000)))
        .cellId(String.format(Locale.ROOT, "310-260-%d-%d", random.nextInt(65_536),
            random.nextInt(1_000_000)))
        .charge(talk > 0 ? new Charge(talk * 1_500, "USD") : null)
        .build();
  }

  /** An SMS record. */
  public Cdr sms(Instant start) {
    return Cdr.builder()
        .origin("smsc1")
        .originId(String.format(Locale.ROOT, "msg-%d-%08x", serial++, random.nextInt()))
        .type(ServiceType.SMS)
        .calling(number())
        .called(number())
        .start(start)
        .end(start.plusSeconds(random.nextInt(5)))
        .durationSeconds(0)
        .smsSegments(1 + random.nextInt(3))
        .deliveryStatus(DeliveryStatus.values()[random.nextInt(DeliveryStatus.values().length)])
        .sourceIp(ipv4())
        .charge(new Charge(10_000, "USD"))
        .build();
  }

  /** A record attributed to {@code customer} with a random direction. */
  public CustomerCdr customerCdr(CustomerId customer, Instant start) {
    Direction dir = random.nextBoolean() ? Direction.ORIGINATING : Direction.TERMINATING;
    return new CustomerCdr(customer, dir, cdr(start));
  }

  /**
   * {@code n} records spread over {@code customers}, start times uniform in {@code [from, to)}
   * (whole seconds).
   */
  public List<CustomerCdr> records(List<CustomerId> customers, Instant from, Instant to, int n) {
    long span = to.getEpochSecond() - from.getEpochSecond();
    List<CustomerCdr> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Instant start = from.plusSeconds((long) (random.nextDouble() * span));
      out.add(customerCdr(customers.get(i % customers.size()), start));
    }
    return out;
  }
}
