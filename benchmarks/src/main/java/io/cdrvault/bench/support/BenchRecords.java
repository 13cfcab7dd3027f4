package io.cdrvault.bench.support;

import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.rocks.RecordCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic records for benchmarks: answered voice calls of North American numbers
 * with IPs, sometimes a user agent, IMSI/IMEI, cell id and a charge, whose {@link RecordCodec} encoding is about
 * 250 bytes (the size PERF-LIMITS.md measures with). Every value is made up.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class BenchRecords {
  /** Start of the month the records fall in (UTC); one month means one data key per customer. */
  public static final Instant MONTH_START = Instant.parse("2026-03-01T00:00:00Z");
  private static final long MONTH_SECONDS = 31L * 24 * 3600 - 7200;
  private static final String[] AGENTS = {"Yealink SIP-T46S 66.86.0.15", "Grandstream GXP2170 1.0.11",
      "Zoiper rv2.10.20.3", "Linphone/5.2.0"};

  private final SplittableRandom random;
  private long nextId;

  private BenchRecords(long seed, long firstId) {
    this.random = new SplittableRandom(seed);
    this.nextId = firstId;
  }

  /** A generator with a fixed seed whose record ids start at {@code firstId}. */
  public static BenchRecords seeded(long seed, long firstId) {
    return new BenchRecords(seed, firstId);
  }

  /** {@code n} distinct customer ids, {@code BENCH-000000001} … */
  public static List<CustomerId> customers(int n) {
    List<CustomerId> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(CustomerId.of(String.format(Locale.ROOT, "BENCH-%09d", i + 1)));
    }
    return out;
  }

  /** One fresh record (new record id) for {@code customer}, originating, in {@link #MONTH_START}'s month. */
  public CustomerCdr record(CustomerId customer) {
    long id = nextId++;
    Instant start = MONTH_START.plusSeconds(random.nextLong(MONTH_SECONDS));
    long ring = 2 + random.nextInt(18);
    long talk = 1 + random.nextInt(1800);
    Cdr cdr = Cdr.builder()
        .id(new RecordId(id))
        .origin("sbc-east")
        .originId(String.format(Locale.ROOT, "%d.%d@sbc-east", 1_700_000_000L + id, id))
        .type(ServiceType.VOICE)
        .calling(number())
        .called(number())
        .start(start)
        .answer(start.plusSeconds(ring))
        .end(start.plusSeconds(ring + talk))
        .durationSeconds(ring + talk)
        .billableSeconds(talk)
        .disposition(Disposition.ANSWERED)
        .causeCode(16)
        .cause("NORMAL_CLEARING")
        .trunk("trunk-02")
        .codec("PCMU")
        .sourceIp("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)))
        .destinationIp("203.0.113." + (1 + random.nextInt(254)))
        .userAgent(random.nextInt(4) == 0 ? AGENTS[random.nextInt(AGENTS.length)] : null)
        .imsi(String.format(Locale.ROOT, "310260%09d", random.nextInt(1_000_000_000)))
        .imei(String.format(Locale.ROOT, "35%013d", random.nextLong(10_000_000_000_000L)))
        .cellId(String.format(Locale.ROOT, "310260%07x", random.nextInt(268_435_456)))
        .charge(new Charge(random.nextInt(5_000_000), "USD"))
        .build();
    return new CustomerCdr(customer, Direction.ORIGINATING, cdr);
  }

  /** The same record with a fresh record id (so it is stored under a new key). */
  public CustomerCdr withFreshId(CustomerCdr r) {
    return new CustomerCdr(r.customer(), r.direction(),
        r.cdr().toBuilder().id(new RecordId(nextId++)).build());
  }

  private PhoneNumber number() {
    int npa = 201 + random.nextInt(790);
    int nxx = 200 + random.nextInt(800);
    int line = random.nextInt(10_000);
    String national = String.format(Locale.ROOT, "%03d%03d%04d", npa, nxx, line);
    return PhoneNumber.e164("1" + national, "+1" + national);
  }
}
