package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.DecoderRegistry;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A simulated set of softswitches and SMS gateways producing realistic traffic in their native
 * formats ({@link #FORMATS}), deterministic from a seed: customers with 1–2 valid numbers,
 * answered / unanswered / busy / failed voice calls to domestic and international numbers, on-net
 * calls between customers, inbound calls, SMS with content, records with an account, resends of
 * earlier records, lines that are not records (B legs, BYE transactions, DLRs, log markers),
 * optionally a fraction of bad payloads broken in each format's own way, optional fraud bursts
 * ({@link FraudScenario}), and a diurnal pattern (more calls by day than by night in each source's
 * local time). Each format is written by its encoder strictly per the mapping contract, and each
 * {@link Payload} states the canonical records its decoder must produce.
 *
 * <p>Alongside it keeps an {@link ExpectedTally} computed from what it generated.
 *
 * <p>Not thread-safe: one thread generates.
 */
public final class TrafficSimulator {
  /** Every format the simulator can write. */
  public static final List<String> FORMATS = List.of(CanonicalJsonDecoder.FORMAT, AsteriskCsvEncoder.FORMAT,
      FreeSwitchJsonEncoder.FORMAT, FreeSwitchCsvEncoder.FORMAT, OpenSipsJsonEncoder.FORMAT,
      KamailioAccEncoder.FORMAT, KannelLogEncoder.FORMAT);
  private static final double NOISE_FRACTION = 0.03;
  private static final double FRAUD_BURST_CHANCE = 1.0 / 700;

  /** A simulated customer and its numbers (E.164). */
  public record Customer(CustomerId id, List<String> numbers) {
    public Customer {
      Objects.requireNonNull(id, "id");
      numbers = List.copyOf(numbers);
    }

    @Override
    public String toString() {
      return "Customer[" + numbers.size() + " numbers]";
    }
  }

  /**
   * One generated Kafka record.
   *
   * @param key the Kafka key (the switch id bytes, {@code originId})
   * @param value the payload in {@code format}
   * @param format the {@code cdr.format} header
   * @param origin the source (switch) name, the {@code cdr.source} header
   * @param originId the switch id the payload carries (the key of {@link ExpectedTally#deadLetters()})
   * @param expected the canonical records the decoder must produce; empty for skips and decode
   *     rejects; for an {@code unattributed} payload, the decoded record that attribution rejects
   * @param expectedSkip the skip kind the decoder must report, or null
   * @param expectedReject the dead-letter reason the pipeline must give it, or null
   * @param duplicate true for a resend of an earlier payload
   * @param fraud the fraud scenario the payload belongs to, or null
   */
  public record Payload(byte[] key, byte[] value, String format, String origin, String originId,
      List<Cdr> expected, SkipKind expectedSkip, RejectReason expectedReject, boolean duplicate,
      FraudScenario fraud) {
    public Payload {
      expected = List.copyOf(expected);
    }

    /** The Kafka record for {@code topic}, with headers {@code cdr.format} and {@code cdr.source}. */
    public ProducerRecord<byte[], byte[]> toProducerRecord(String topic) {
      RecordHeaders h = new RecordHeaders();
      h.add(DecoderRegistry.FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
      h.add(DecoderRegistry.SOURCE_HEADER, origin.getBytes(StandardCharsets.UTF_8));
      return new ProducerRecord<>(topic, null, key, value, h);
    }

    @Override
    public String toString() {
      return "Payload[" + format + " from " + origin + (expectedReject != null ? " reject " + expectedReject : "")
          + (expectedSkip != null ? " skip " + expectedSkip : "") + "]";
    }
  }

  private final SimRandom r;
  private final String home;
  private final Instant windowStart;
  private final long windowSeconds;
  private final double malformedFraction;
  private final double duplicateFraction;
  private final List<FormatEncoder> encoders;
  private final List<FormatEncoder> voiceEncoders;
  private final Set<FraudScenario> fraud;
  private final List<Customer> customers;
  private final SubscriberDirectory directory;
  private final SourceCatalog sources;
  private final NumberPool numbers = new NumberPool();
  private final ExpectedTally tally = new ExpectedTally();
  private final List<Payload> recent = new ArrayList<>();
  private final Deque<Planned> pending = new ArrayDeque<>();
  /**
   * Payloads already generated, to be returned before anything new (a call's later payloads), each
   * with its tally, applied when it is returned: what was never returned is not expected.
   */
  private final Deque<Queued> ready = new ArrayDeque<>();

  private record Queued(Payload payload, Runnable tally) {}
  private final CallFactory calls;

  /** A call planned ahead (fraud bursts), with the customers it must be stored for. */
  private record Planned(SimCall call, FormatEncoder encoder, SourceContext source, List<Served> served) {}

  /** One expected stored record: the customer and its direction. */
  record Served(CustomerId customer, Direction direction) {}

  private TrafficSimulator(Builder b) {
    Random rnd = new Random(b.seed);
    this.home = b.homeRegion;
    this.windowStart = b.windowStart;
    this.windowSeconds = Math.max(1, b.window.toSeconds());
    this.malformedFraction = b.malformedFraction;
    this.duplicateFraction = b.duplicateFraction;
    List<Customer> cs = new ArrayList<>();
    SubscriberDirectory.Builder dir = SubscriberDirectory.builder();
    for (int i = 0; i < b.customers; i++) {
      CustomerId id = CustomerId.of(String.format("cust-%05d", i + 1));
      int n = 1 + rnd.nextInt(2);
      List<String> nums = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        String e164 = numbers.unique(rnd, home);
        nums.add(e164);
        dir.add(e164, id);
      }
      cs.add(new Customer(id, nums));
    }
    this.customers = List.copyOf(cs);
    this.directory = dir.build();
    if (b.trafficSeed != null) {
      rnd = new Random(b.trafficSeed); // same customers, different traffic
    }
    this.r = new SimRandom(rnd, home, b.runId);
    Map<String, Function<String, FormatEncoder>> known = new LinkedHashMap<>();
    known.put(CanonicalJsonDecoder.FORMAT, region -> new CanonicalJsonEncoder(b.origins, region));
    known.put(AsteriskCsvEncoder.FORMAT, AsteriskCsvEncoder::new);
    known.put(FreeSwitchJsonEncoder.FORMAT, FreeSwitchJsonEncoder::new);
    known.put(FreeSwitchCsvEncoder.FORMAT, FreeSwitchCsvEncoder::new);
    known.put(OpenSipsJsonEncoder.FORMAT, OpenSipsJsonEncoder::new);
    known.put(KamailioAccEncoder.FORMAT, KamailioAccEncoder::new);
    known.put(KannelLogEncoder.FORMAT, KannelLogEncoder::new);
    List<FormatEncoder> encs = new ArrayList<>();
    for (String f : b.formats) {
      encs.add(known.get(f).apply(home));
    }
    this.encoders = List.copyOf(encs);
    this.voiceEncoders = encs.stream().filter(FormatEncoder::carriesVoice).toList();
    this.fraud = b.fraud.isEmpty() ? EnumSet.noneOf(FraudScenario.class) : EnumSet.copyOf(b.fraud);
    if (!fraud.isEmpty() && voiceEncoders.isEmpty()) {
      throw new IllegalArgumentException("fraud scenarios need at least one voice format");
    }
    Map<String, SourceContext> srcs = new LinkedHashMap<>();
    for (FormatEncoder e : encoders) {
      e.sources().forEach(s -> srcs.put(s.sourceName(), s));
    }
    this.sources = SourceCatalog.of(new SourceContext("sim", home, ZoneOffset.UTC), srcs);
    this.calls = new CallFactory(r, windowStart, windowSeconds);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Customer> customers() {
    return customers;
  }

  /** The directory mapping every customer number to its customer. */
  public SubscriberDirectory directory() {
    return directory;
  }

  /** The default region the generated national numbers belong to (every source's region). */
  public String homeRegion() {
    return home;
  }

  /** The formats generated, as given to the builder. */
  public List<String> formats() {
    return encoders.stream().map(FormatEncoder::format).toList();
  }

  /**
   * Every source (switch) the simulator writes as, with the region, zone and options the pipeline
   * must decode it with; unknown source names get the defaults (region {@link #homeRegion()}, UTC).
   */
  public SourceCatalog sources() {
    return sources;
  }

  /** The expected outcome of everything generated so far. */
  public ExpectedTally tally() {
    return tally;
  }

  /** Generates the next payload and records its expected outcome. */
  public Payload next() {
    if (!ready.isEmpty()) {
      return take();
    }
    if (!recent.isEmpty() && r.nextDouble() < duplicateFraction) {
      Payload p = recent.get(r.nextInt(recent.size()));
      tally.duplicate();
      return new Payload(p.key(), p.value(), p.format(), p.origin(), p.originId(), p.expected(), null, null,
          true, p.fraud());
    }
    if (pending.isEmpty() && !fraud.isEmpty() && r.nextDouble() < FRAUD_BURST_CHANCE) {
      planFraud();
    }
    if (!pending.isEmpty()) {
      Planned p = pending.poll();
      return remember(emit(p.call(), p.encoder(), p.source(), p.served()));
    }
    FormatEncoder enc = encoders.get(r.nextInt(encoders.size()));
    SourceContext src = r.pick(enc.sources());
    boolean sms = enc.carriesSms() && (!enc.carriesVoice() || r.nextDouble() < 0.15);
    if (r.nextDouble() < NOISE_FRACTION) {
      SimCall c = sms ? calls.sms(external(), external(), null, null, true, src, enc.localTimes())
          : calls.voice(external(), external(), null, null, src, enc.localTimes());
      Encoded e = enc.noise(enc.adapt(c, r), src, r);
      if (e != null) {
        tally.skipped(e.skip());
        return payload(e, enc, src, null);
      }
    }
    if (r.nextDouble() < malformedFraction) {
      return malformed(enc, src, sms);
    }
    return remember(valid(enc, src, sms));
  }

  private Payload remember(Payload p) {
    if (p.expectedSkip() != null) {
      return p; // a resent B leg would count as a leg, not as a resend
    }
    if (recent.size() < 1000) {
      recent.add(p);
    } else {
      recent.set(r.nextInt(recent.size()), p);
    }
    return p;
  }

  /**
   * Generates {@code count} payloads and sends them to {@code topic} (acks=all, idempotent), with
   * headers {@code cdr.format} and {@code cdr.source}; returns when all are acknowledged.
   */
  public void produce(String bootstrap, String topic, int count) {
    try (KafkaProducer<byte[], byte[]> producer = newProducer(bootstrap)) {
      for (int i = 0; i < count; i++) {
        producer.send(next().toProducerRecord(topic));
      }
      producer.flush();
    }
  }

  /**
   * Starts a background producer: {@code initial} payloads as fast as the broker takes them, then
   * {@code ratePerSecond} until the returned stream is closed. Headers as in {@link #produce}.
   * The simulator must not be used by anyone else while the stream runs.
   */
  public Stream stream(String bootstrap, String topic, int initial, int ratePerSecond) {
    if (initial < 0 || ratePerSecond < 0) {
      throw new IllegalArgumentException("initial and ratePerSecond must be >= 0");
    }
    Stream s = new Stream(newProducer(bootstrap), topic, initial, ratePerSecond);
    s.thread.start();
    return s;
  }

  /** A running background producer; {@link #close()} stops it and flushes what was sent. */
  public final class Stream implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long sent;

    private Stream(KafkaProducer<byte[], byte[]> producer, String topic, int initial, int rate) {
      this.producer = producer;
      this.thread = new Thread(() -> loop(topic, initial, rate), "cdrvault-simulator");
      this.thread.setDaemon(true);
    }

    private void loop(String topic, int initial, int rate) {
      try {
        for (int i = 0; i < initial && running; i++) {
          producer.send(next().toProducerRecord(topic));
          sent++;
        }
        producer.flush();
        while (running && rate > 0) {
          long t0 = System.nanoTime();
          for (int i = 0; i < rate && running; i++) {
            producer.send(next().toProducerRecord(topic));
            sent++;
          }
          long sleepMs = 1000 - (System.nanoTime() - t0) / 1_000_000;
          if (sleepMs > 0) {
            Thread.sleep(sleepMs);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (running) {
          org.slf4j.LoggerFactory.getLogger(TrafficSimulator.class)
              .warn("simulated softswitch stopped: {}", e.getClass().getSimpleName());
        }
      }
    }

    /** Payloads handed to the producer so far. */
    public long sent() {
      return sent;
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close(Duration.ofSeconds(10));
    }
  }

  /** An idempotent, acks=all byte-array producer as the simulator and the replay tools use it. */
  public static KafkaProducer<byte[], byte[]> newProducer(String bootstrap) {
    return newProducer(bootstrap, Map.of());
  }

  /** As {@link #newProducer(String)}, with {@code overrides} (e.g. bounded timeouts for a CLI tool) applied last. */
  public static KafkaProducer<byte[], byte[]> newProducer(String bootstrap, Map<String, Object> overrides) {
    Map<String, Object> config = new LinkedHashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 10,
        ProducerConfig.BATCH_SIZE_CONFIG, 262_144));
    config.putAll(overrides);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  // ------------------------------------------------------------------ generation

  private Payload valid(FormatEncoder enc, SourceContext src, boolean sms) {
    Customer a = customers.get(r.nextInt(customers.size()));
    double pick = r.nextDouble();
    boolean local = enc.localTimes();
    List<Served> served;
    SimCall c;
    if (sms) {
      boolean outbound = r.nextBoolean();
      String mine = pickNumber(a);
      String other = numbers.external(r.rnd, r.nextInt(4) == 0 ? r.pick(NumberPool.FOREIGN) : home);
      String account = outbound && enc.carriesAccount() && pick < 0.3 ? a.id().value() : null;
      if (outbound) {
        c = calls.sms(mine, other, account, account == null ? null : Direction.ORIGINATING, true, src, local);
      } else {
        String from = r.nextInt(3) == 0 ? "BANK" + r.nextInt(10) : other;
        c = calls.sms(from, mine, null, null, false, src, local);
      }
      served = List.of(new Served(a.id(), outbound ? Direction.ORIGINATING : Direction.TERMINATING));
    } else if (pick < 0.25 && enc.carriesAccount()) {
      // account code set: the account wins, whatever the numbers
      Direction dir = enc.carriesTerminatingAccount() && r.nextInt(4) == 0 ? Direction.TERMINATING : Direction.ORIGINATING;
      boolean orig = dir == Direction.ORIGINATING;
      c = calls.voice(orig ? pickNumber(a) : external(), orig ? external() : pickNumber(a), a.id().value(), dir,
          src, local);
      served = List.of(new Served(a.id(), dir));
    } else if (pick < 0.35 && customers.size() > 1) {
      // on-net between two different customers
      Customer b = customers.get(r.nextInt(customers.size()));
      while (b.equals(a)) {
        b = customers.get(r.nextInt(customers.size()));
      }
      c = calls.voice(pickNumber(a), pickNumber(b), null, null, src, local);
      served = List.of(new Served(a.id(), Direction.ORIGINATING), new Served(b.id(), Direction.TERMINATING));
    } else if (pick < 0.60) {
      // inbound from outside
      String from = numbers.external(r.rnd, r.nextInt(5) == 0 ? r.pick(NumberPool.FOREIGN) : home);
      c = calls.voice(from, pickNumber(a), null, null, src, local);
      served = List.of(new Served(a.id(), Direction.TERMINATING));
    } else {
      // outbound, domestic or international
      String to = numbers.external(r.rnd, r.nextInt(4) == 0 ? r.pick(NumberPool.FOREIGN) : home);
      c = calls.voice(pickNumber(a), to, null, null, src, local);
      served = List.of(new Served(a.id(), Direction.ORIGINATING));
    }
    return emit(c, enc, src, served);
  }

  /**
   * Adapts and encodes a valid call; returns its first payload and queues the others (payloads the
   * switch writes for the call before its main one come first). Each is tallied when returned.
   */
  private Payload emit(SimCall c, FormatEncoder enc, SourceContext src, List<Served> served) {
    SimCall call = enc.adapt(c, r);
    Encoded e = enc.encode(call, src, r);
    for (Encoded earlier : e.before()) {
      ready.add(new Queued(payload(earlier, enc, src, call.fraud()), () -> {
        if (earlier.skip() != null) {
          tally.skipped(earlier.skip());
          return;
        }
        tally.validPayload(earlier.contentFields());
        for (Cdr x : earlier.expected()) {
          for (Served s : served) {
            tally.stored(s.customer(), s.direction(), x.type(), x.answer() != null, x.billableSeconds(), 0);
          }
        }
      }));
    }
    ready.add(new Queued(payload(e, enc, src, call.fraud()), () -> {
      tally.validPayload(e.contentFields());
      for (Served s : served) {
        tally.stored(s.customer(), s.direction(), call.type(), call.answered(), call.billableSeconds(),
            call.type() == ServiceType.SMS ? call.segments() : 0);
      }
    }));
    return take();
  }

  /** The next queued payload, its expectations now tallied. */
  private Payload take() {
    Queued q = ready.poll();
    q.tally().run();
    return q.payload();
  }

  private Payload malformed(FormatEncoder enc, SourceContext src, boolean sms) {
    String calling = external();
    String called = numbers.external(r.rnd, r.pick(NumberPool.FOREIGN));
    SimCall c = sms ? calls.sms(calling, called, null, null, true, src, enc.localTimes())
        : calls.voice(calling, called, null, null, src, enc.localTimes());
    c = enc.adapt(c, r);
    Encoded e;
    if (r.nextInt(4) == 0) {
      // well-formed, but both parties are outside the customer base and there is no account
      Encoded ok = enc.encode(c, src, r);
      e = new Encoded(ok.value(), ok.originId(), ok.expected(), null, RejectReason.UNATTRIBUTED, ok.contentFields());
      tally.contentDropped(ok.contentFields());
    } else {
      e = enc.malformed(c, src, r);
    }
    tally.deadLetter(e.originId(), e.reject().code());
    return payload(e, enc, src, null);
  }

  private Payload payload(Encoded e, FormatEncoder enc, SourceContext src, FraudScenario fraudKind) {
    return new Payload(e.originId().getBytes(StandardCharsets.UTF_8), e.value(), enc.format(), src.sourceName(),
        e.originId(), e.expected(), e.skip(), e.reject(), false, fraudKind);
  }

  // ------------------------------------------------------------------ fraud

  private void planFraud() {
    List<FraudScenario> kinds = new ArrayList<>(fraud);
    FraudScenario kind = kinds.get(r.nextInt(kinds.size()));
    FormatEncoder enc = voiceEncoders.get(r.nextInt(voiceEncoders.size()));
    SourceContext src = r.pick(enc.sources());
    Instant t = calls.uniform();
    if (kind == FraudScenario.IRSF) {
      Customer victim = customers.get(r.nextInt(customers.size()));
      String from = pickNumber(victim);
      int n = 15 + r.nextInt(26);
      for (int i = 0; i < n; i++) {
        t = t.plusSeconds(30 + r.nextInt(270));
        SimCall c = calls.fraudCall(from, numbers.premium(r.rnd), t, true, src, enc.localTimes(), kind);
        pending.add(new Planned(c, enc, src, List.of(new Served(victim.id(), Direction.ORIGINATING))));
      }
    } else {
      String from = numbers.external(r.rnd, r.pick(NumberPool.WANGIRI));
      int n = Math.min(customers.size(), 20 + r.nextInt(41));
      List<Customer> targets = new ArrayList<>(customers);
      java.util.Collections.shuffle(targets, r.rnd);
      for (Customer target : targets.subList(0, n)) {
        t = t.plusSeconds(2 + r.nextInt(18));
        SimCall c = calls.fraudCall(from, pickNumber(target), t, false, src, enc.localTimes(), kind);
        pending.add(new Planned(c, enc, src, List.of(new Served(target.id(), Direction.TERMINATING))));
      }
    }
  }

  private String external() {
    return numbers.external(r.rnd, home);
  }

  private String pickNumber(Customer c) {
    return c.numbers().get(r.nextInt(c.numbers().size()));
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private long seed = 42;
    private int customers = 100;
    private String homeRegion = "US";
    private Instant windowStart = Instant.parse("2026-03-01T00:00:00Z");
    private Duration window = Duration.ofDays(30);
    private double malformedFraction;
    private double duplicateFraction;
    private List<String> origins = List.of("pbx-east", "pbx-west", "smsc-1");
    private List<String> formats = List.of(CanonicalJsonDecoder.FORMAT);
    private List<FraudScenario> fraud = List.of();
    private Long trafficSeed;
    private String runId;

    private Builder() {}

    /** Seed of the customer base (and of the traffic, unless {@link #trafficSeed} is set). */
    public Builder seed(long v) { this.seed = v; return this; }

    /** A separate seed for the traffic, so the same customers see different calls per run. */
    public Builder trafficSeed(long v) { this.trafficSeed = v; return this; }

    /**
     * A run identifier mixed into every switch id, so traffic of different runs does not share a
     * record id (a restarted demo adds new calls instead of resending old ones).
     */
    public Builder runId(String v) {
      if (v == null || v.isEmpty() || !v.chars().allMatch(c -> Character.isLetterOrDigit(c))) {
        throw new IllegalArgumentException("runId must be non-empty letters and digits");
      }
      this.runId = v;
      return this;
    }

    /** How many customers (each with 1–2 numbers). */
    public Builder customers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("customers must be >= 1");
      }
      this.customers = n;
      return this;
    }

    /** The sources' default region; customers' numbers are in it. */
    public Builder homeRegion(String region) { this.homeRegion = NumberNormalizer.forRegion(region).region(); return this; }

    /**
     * Call start times fall in [start, start + length), more by day than by night in each source's
     * local time (fraud bursts may run a little past the end).
     */
    public Builder window(Instant start, Duration length) {
      this.windowStart = Objects.requireNonNull(start);
      this.window = Objects.requireNonNull(length);
      return this;
    }

    /** Fraction (0..1) of payloads that must be dead-lettered. */
    public Builder malformedFraction(double f) { this.malformedFraction = check(f); return this; }

    /** Fraction (0..1) of payloads that resend an earlier valid payload unchanged. */
    public Builder duplicateFraction(double f) { this.duplicateFraction = check(f); return this; }

    /** Source names of the {@code canonical-json} traffic. */
    public Builder origins(List<String> v) {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("origins must not be empty");
      }
      this.origins = List.copyOf(v);
      return this;
    }

    /** The formats to write, each payload in one of them chosen at random (default canonical-json). */
    public Builder formats(List<String> names) {
      if (names.isEmpty()) {
        throw new IllegalArgumentException("formats must not be empty");
      }
      for (String n : names) {
        if (!FORMATS.contains(n)) {
          throw new IllegalArgumentException("unknown format '" + n + "' (known: " + String.join(", ", FORMATS) + ")");
        }
      }
      this.formats = List.copyOf(new java.util.LinkedHashSet<>(names));
      return this;
    }

    /** Fraud scenarios to inject now and then as bursts (none by default). */
    public Builder fraud(FraudScenario... scenarios) {
      this.fraud = List.of(scenarios);
      return this;
    }

    private static double check(double f) {
      if (f < 0 || f > 1) {
        throw new IllegalArgumentException("fraction must be within 0..1");
      }
      return f;
    }

    public TrafficSimulator build() {
      return new TrafficSimulator(this);
    }
  }
}
