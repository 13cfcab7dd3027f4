package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.kafka.KafkaSecurity;
import io.cdrvault.ingest.simulate.CallPlanner.Planned;
import io.cdrvault.ingest.simulate.CallPlanner.Served;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
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
  private final CallPlanner planner;


  TrafficSimulator(SimulatorBuilder b) {
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
    List<FormatEncoder> voiceEncoders = encs.stream().filter(FormatEncoder::carriesVoice).toList();
    Set<FraudScenario> fraud = b.fraud.isEmpty() ? EnumSet.noneOf(FraudScenario.class) : EnumSet.copyOf(b.fraud);
    if (!fraud.isEmpty() && voiceEncoders.isEmpty()) {
      throw new IllegalArgumentException("fraud scenarios need at least one voice format");
    }
    Map<String, SourceContext> srcs = new LinkedHashMap<>();
    for (FormatEncoder e : encoders) {
      e.sources().forEach(s -> srcs.put(s.sourceName(), s));
    }
    this.sources = SourceCatalog.of(new SourceContext("sim", home, ZoneOffset.UTC), srcs);
    this.calls = new CallFactory(r, windowStart, windowSeconds);
    this.planner = new CallPlanner(r, home, customers, numbers, calls, fraud, voiceEncoders);
  }

  public static SimulatorBuilder builder() {
    return new SimulatorBuilder();
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
    if (pending.isEmpty() && planner.plansFraud() && r.nextDouble() < FRAUD_BURST_CHANCE) {
      pending.addAll(planner.fraudBurst());
    }
    if (!pending.isEmpty()) {
      Planned p = pending.poll();
      return remember(emit(p.call(), p.encoder(), p.source(), p.served()));
    }
    FormatEncoder enc = encoders.get(r.nextInt(encoders.size()));
    SourceContext src = r.pick(enc.sources());
    boolean sms = enc.carriesSms() && (!enc.carriesVoice() || r.nextDouble() < 0.15);
    if (r.nextDouble() < NOISE_FRACTION) {
      SimCall c = sms ? calls.sms(planner.external(), planner.external(), null, null, true, src, enc.localTimes())
          : calls.voice(planner.external(), planner.external(), null, null, src, enc.localTimes());
      Encoded e = enc.noise(enc.adapt(c, r), src, r);
      if (e != null) {
        tally.skipped(e.skip());
        return payload(e, enc, src, null);
      }
    }
    if (r.nextDouble() < malformedFraction) {
      return malformed(enc, src, sms);
    }
    Planned p = planner.valid(enc, src, sms);
    return remember(emit(p.call(), p.encoder(), p.source(), p.served()));
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
    produce(bootstrap, KafkaSecurity.PLAINTEXT, topic, count);
  }

  /** As {@link #produce(String, String, int)}, connecting with {@code security}. */
  public void produce(String bootstrap, KafkaSecurity security, String topic, int count) {
    try (KafkaProducer<byte[], byte[]> producer =
        newProducer(bootstrap, security.applyTo(new HashMap<>()))) {
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
  public TrafficStream stream(String bootstrap, String topic, int initial, int ratePerSecond) {
    if (initial < 0 || ratePerSecond < 0) {
      throw new IllegalArgumentException("initial and ratePerSecond must be >= 0");
    }
    return TrafficStream.start(newProducer(bootstrap), this::next, topic, initial, ratePerSecond);
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
    String calling = planner.external();
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
}
