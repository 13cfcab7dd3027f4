package io.cdrvault.ingest.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.DecoderRegistry;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A simulated softswitch / SMS gateway producing realistic {@code canonical-json} traffic,
 * deterministic from a seed: customers with 1–2 valid numbers, answered / unanswered / busy /
 * failed voice calls to domestic and international numbers, on-net calls between customers,
 * inbound calls, SMS carrying a {@code text} content field, records with an {@code account}, resends
 * of earlier records, and optionally a fraction of bad payloads (broken JSON, missing field,
 * unknown schema, unattributable numbers). Parties are written in the many raw forms switches use.
 *
 * <p>Alongside it keeps an {@link ExpectedTally} computed from what it generated.
 *
 * <p>Not thread-safe: one thread generates.
 */
public final class TrafficSimulator {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FOREIGN = List.of("GB", "DE", "FR", "NL", "IN", "MX", "BR", "JP", "NG");
  private static final String[] NAMES = {"Alice", "Bob", "Carol", "Dan", "Eve"};

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
   * One generated Kafka record: key (originId bytes), value (canonical-json), the origin (for the
   * {@code cdr.source} header), and the dead-letter reason it must get, if any.
   */
  public record Payload(byte[] key, byte[] value, String origin, String originId,
      RejectReason expectedReject, boolean duplicate) {}

  private Random rnd;
  private final String home;
  private final NumberNormalizer normalizer;
  private final Instant windowStart;
  private final long windowSeconds;
  private final double malformedFraction;
  private final double duplicateFraction;
  private final List<String> origins;
  private final List<Customer> customers;
  private final SubscriberDirectory directory;
  private final ExpectedTally tally = new ExpectedTally();
  private final List<Payload> recent = new ArrayList<>();
  private final Set<String> usedNumbers = new HashSet<>();
  private long counter;
  private final String runId;

  private TrafficSimulator(Builder b) {
    this.rnd = new Random(b.seed);
    this.home = b.homeRegion;
    this.normalizer = NumberNormalizer.forRegion(home);
    this.windowStart = b.windowStart;
    this.windowSeconds = Math.max(1, b.window.toSeconds());
    this.malformedFraction = b.malformedFraction;
    this.duplicateFraction = b.duplicateFraction;
    this.origins = List.copyOf(b.origins);
    List<Customer> cs = new ArrayList<>();
    SubscriberDirectory.Builder dir = SubscriberDirectory.builder();
    for (int i = 0; i < b.customers; i++) {
      CustomerId id = CustomerId.of(String.format("cust-%05d", i + 1));
      int n = 1 + rnd.nextInt(2);
      List<String> nums = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        String e164 = uniqueNumber(home);
        nums.add(e164);
        dir.add(e164, id);
      }
      cs.add(new Customer(id, nums));
    }
    this.customers = List.copyOf(cs);
    this.directory = dir.build();
    if (b.trafficSeed != null) {
      this.rnd = new Random(b.trafficSeed); // same customers, different traffic
    }
    this.runId = b.runId;
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

  /** The default region the generated national numbers belong to (the source's region). */
  public String homeRegion() {
    return home;
  }

  /** The expected outcome of everything generated so far. */
  public ExpectedTally tally() {
    return tally;
  }

  /** Generates the next payload and records its expected outcome. */
  public Payload next() {
    if (!recent.isEmpty() && rnd.nextDouble() < duplicateFraction) {
      Payload p = recent.get(rnd.nextInt(recent.size()));
      tally.duplicate();
      return new Payload(p.key(), p.value(), p.origin(), p.originId(), null, true);
    }
    String origin = origins.get(rnd.nextInt(origins.size()));
    String originId = runId == null
        ? (1_700_000_000L + counter) + "." + counter
        : runId + "-" + counter;
    counter++;
    if (rnd.nextDouble() < malformedFraction) {
      return malformed(origin, originId);
    }
    Payload p = valid(origin, originId);
    if (recent.size() < 1000) {
      recent.add(p);
    } else {
      recent.set(rnd.nextInt(recent.size()), p);
    }
    return p;
  }

  /**
   * Generates {@code count} payloads and sends them to {@code topic} (acks=all, idempotent), with
   * headers {@code cdr.format=canonical-json} and {@code cdr.source=<origin>}; returns when all
   * are acknowledged.
   */
  public void produce(String bootstrap, String topic, int count) {
    try (KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(producerConfig(bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(record(topic, next()));
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
    Stream s = new Stream(new KafkaProducer<>(producerConfig(bootstrap), new ByteArraySerializer(),
        new ByteArraySerializer()), topic, initial, ratePerSecond);
    s.thread.start();
    return s;
  }

  private static Map<String, Object> producerConfig(String bootstrap) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 10,
        ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
  }

  private ProducerRecord<byte[], byte[]> record(String topic, Payload p) {
    RecordHeaders h = new RecordHeaders();
    h.add(DecoderRegistry.FORMAT_HEADER, CanonicalJsonDecoder.FORMAT.getBytes(StandardCharsets.UTF_8));
    h.add(DecoderRegistry.SOURCE_HEADER, p.origin().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, null, p.key(), p.value(), h);
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
          producer.send(record(topic, next()));
          sent++;
        }
        producer.flush();
        while (running && rate > 0) {
          long t0 = System.nanoTime();
          for (int i = 0; i < rate && running; i++) {
            producer.send(record(topic, next()));
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
      producer.close(java.time.Duration.ofSeconds(10));
    }
  }

  // ------------------------------------------------------------------ generation

  private Payload valid(String origin, String originId) {
    double pick = rnd.nextDouble();
    Customer a = customers.get(rnd.nextInt(customers.size()));
    ObjectNode o = base(origin, originId);
    if (pick < 0.15) {
      // SMS, outbound or inbound (sometimes from an alphanumeric sender)
      boolean outbound = rnd.nextBoolean();
      String mine = pickNumber(a);
      String other = external(rnd.nextInt(4) == 0 ? FOREIGN.get(rnd.nextInt(FOREIGN.size())) : home);
      int segments = 1 + rnd.nextInt(3);
      o.put("type", "SMS");
      if (outbound) {
        party(o, "calling", mine);
        party(o, "called", other);
      } else {
        if (rnd.nextInt(3) == 0) {
          o.put("calling", "BANK" + rnd.nextInt(10));
        } else {
          party(o, "calling", other);
        }
        party(o, "called", mine);
      }
      Instant start = startTime();
      o.put("start", start.toString());
      o.put("end", start.toString());
      o.put("smsSegments", segments);
      o.put("deliveryStatus", rnd.nextInt(10) == 0 ? "FAILED" : "DELIVERED");
      o.put("text", "Hi, see you at " + rnd.nextInt(24) + ":00");
      tally.validPayload(1);
      tally.stored(a.id(), outbound ? Direction.ORIGINATING : Direction.TERMINATING, ServiceType.SMS,
          false, 0, segments);
      return payload(o, origin, originId, null);
    }
    o.put("type", "VOICE");
    long[] times = voice(o);
    boolean answered = times[0] == 1;
    long billable = times[1];
    if (pick < 0.25) {
      // account code set: the account wins, whatever the numbers
      Direction dir = rnd.nextInt(4) == 0 ? Direction.TERMINATING : Direction.ORIGINATING;
      o.put("account", a.id().value());
      o.put("accountDirection", dir.name());
      party(o, "calling", dir == Direction.ORIGINATING ? pickNumber(a) : external(home));
      party(o, "called", dir == Direction.ORIGINATING ? external(home) : pickNumber(a));
      tally.stored(a.id(), dir, ServiceType.VOICE, answered, billable, 0);
    } else if (pick < 0.35 && customers.size() > 1) {
      // on-net between two different customers
      Customer b = customers.get(rnd.nextInt(customers.size()));
      while (b.equals(a)) {
        b = customers.get(rnd.nextInt(customers.size()));
      }
      party(o, "calling", pickNumber(a));
      party(o, "called", pickNumber(b));
      tally.stored(a.id(), Direction.ORIGINATING, ServiceType.VOICE, answered, billable, 0);
      tally.stored(b.id(), Direction.TERMINATING, ServiceType.VOICE, answered, billable, 0);
    } else if (pick < 0.60) {
      // inbound from outside
      party(o, "calling", external(rnd.nextInt(5) == 0 ? FOREIGN.get(rnd.nextInt(FOREIGN.size())) : home));
      party(o, "called", pickNumber(a));
      tally.stored(a.id(), Direction.TERMINATING, ServiceType.VOICE, answered, billable, 0);
    } else {
      // outbound, domestic or international
      party(o, "calling", pickNumber(a));
      party(o, "called", external(rnd.nextInt(4) == 0 ? FOREIGN.get(rnd.nextInt(FOREIGN.size())) : home));
      tally.stored(a.id(), Direction.ORIGINATING, ServiceType.VOICE, answered, billable, 0);
    }
    tally.validPayload(0);
    return payload(o, origin, originId, null);
  }

  /** Fills voice times and disposition; returns {answered?1:0, billableSeconds}. */
  private long[] voice(ObjectNode o) {
    Instant start = startTime();
    int r = rnd.nextInt(100);
    long ring = 2 + rnd.nextInt(18);
    o.put("start", start.toString());
    o.put("trunk", "trunk-" + (1 + rnd.nextInt(3)));
    o.put("codec", rnd.nextBoolean() ? "PCMU" : "G722");
    if (r < 65) {
      long talk = 1 + (long) Math.min(3600, -Math.log(1 - rnd.nextDouble()) * 180);
      Instant answer = start.plusSeconds(ring);
      Instant end = answer.plusSeconds(talk);
      o.put("answer", answer.toString());
      o.put("end", end.toString());
      o.put("durationSeconds", ring + talk);
      o.put("billableSeconds", talk);
      o.put("disposition", "ANSWERED");
      o.put("causeCode", 16);
      o.put("cause", "NORMAL_CLEARING");
      return new long[] {1, talk};
    }
    String disposition = r < 85 ? "NO_ANSWER" : r < 95 ? "BUSY" : "FAILED";
    int cause = r < 85 ? 19 : r < 95 ? 17 : 34;
    long dur = disposition.equals("NO_ANSWER") ? ring + 10 : 1 + rnd.nextInt(3);
    o.put("end", start.plusSeconds(dur).toString());
    o.put("durationSeconds", dur);
    o.put("billableSeconds", 0);
    o.put("disposition", disposition);
    o.put("causeCode", cause);
    return new long[] {0, 0};
  }

  private Payload malformed(String origin, String originId) {
    int kind = rnd.nextInt(4);
    ObjectNode o = base(origin, originId);
    o.put("type", "VOICE");
    voice(o);
    party(o, "calling", external(home));
    party(o, "called", external(FOREIGN.get(rnd.nextInt(FOREIGN.size()))));
    RejectReason reason;
    byte[] value;
    switch (kind) {
      case 0 -> {
        reason = RejectReason.MALFORMED_JSON;
        byte[] full = o.toString().getBytes(StandardCharsets.UTF_8);
        value = java.util.Arrays.copyOf(full, full.length / 2);
      }
      case 1 -> {
        reason = RejectReason.MISSING_FIELD;
        o.remove("start");
        value = o.toString().getBytes(StandardCharsets.UTF_8);
      }
      case 2 -> {
        reason = RejectReason.UNSUPPORTED_SCHEMA;
        o.put("schema", "cdrvault.cdr/9");
        value = o.toString().getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        reason = RejectReason.UNATTRIBUTED; // both parties outside the customer base, no account
        value = o.toString().getBytes(StandardCharsets.UTF_8);
      }
    }
    tally.deadLetter(originId, reason.code());
    return new Payload(originId.getBytes(StandardCharsets.UTF_8), value, origin, originId, reason, false);
  }

  private ObjectNode base(String origin, String originId) {
    ObjectNode o = JSON.createObjectNode();
    o.put("schema", CanonicalJson.SCHEMA);
    o.put("origin", origin);
    o.put("originId", originId);
    return o;
  }

  private Payload payload(ObjectNode o, String origin, String originId, RejectReason reject) {
    return new Payload(originId.getBytes(StandardCharsets.UTF_8),
        o.toString().getBytes(StandardCharsets.UTF_8), origin, originId, reject, false);
  }

  private Instant startTime() {
    return windowStart.plusSeconds((long) (rnd.nextDouble() * windowSeconds));
  }

  private String pickNumber(Customer c) {
    return c.numbers().get(rnd.nextInt(c.numbers().size()));
  }

  /** Writes the party as a raw string in one of the forms switches use, or as a party object. */
  private void party(ObjectNode o, String field, String e164) {
    String raw = rawForm(e164);
    PhoneNumber p = normalizer.normalize(raw);
    if (!e164.equals(p.e164())) {
      raw = e164; // a form this region cannot express unambiguously: fall back to +CC…
      p = normalizer.normalize(raw);
    }
    if (rnd.nextInt(5) == 0) {
      ObjectNode n = o.putObject(field);
      n.put("raw", p.raw());
      n.put("e164", p.e164());
      n.put("kind", p.kind().name());
    } else {
      o.put(field, raw);
    }
  }

  private String rawForm(String e164) {
    Phonenumber.PhoneNumber p;
    try {
      p = UTIL.parse(e164, "ZZ");
    } catch (NumberParseException e) {
      return e164;
    }
    boolean domestic = home.equals(UTIL.getRegionCodeForNumber(p));
    String national = UTIL.format(p, PhoneNumberFormat.NATIONAL);
    int form = rnd.nextInt(5);
    if (domestic) {
      return switch (form) {
        case 0 -> e164;
        case 1 -> digits(national);
        case 2 -> national;
        case 3 -> "sip:" + digits(national) + "@10.0.0." + (1 + rnd.nextInt(250));
        default -> "\"" + NAMES[rnd.nextInt(NAMES.length)] + "\" <" + digits(national) + ">";
      };
    }
    String idd = UTIL.getCountryCodeForRegion(home) == 1 ? "011" : "00";
    return switch (form) {
      case 0, 1 -> e164;
      case 2 -> idd + e164.substring(1);
      case 3 -> e164.substring(1); // bare international digits (SMPP TON=1)
      default -> UTIL.format(p, PhoneNumberFormat.INTERNATIONAL);
    };
  }

  private static String digits(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }

  private String uniqueNumber(String region) {
    for (int i = 0; i < 1000; i++) {
      String n = randomNumber(region);
      if (usedNumbers.add(n)) {
        return n;
      }
    }
    throw new IllegalStateException("cannot find a fresh number");
  }

  /** A valid number of the region that belongs to no customer. */
  private String external(String region) {
    for (int i = 0; i < 1000; i++) {
      String n = randomNumber(region);
      if (!usedNumbers.contains(n)) {
        return n;
      }
    }
    throw new IllegalStateException("cannot find a number outside the customer base");
  }

  /** A random number libphonenumber considers valid for the region, in E.164. */
  private String randomNumber(String region) {
    PhoneNumberType type = rnd.nextBoolean() ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE;
    Phonenumber.PhoneNumber example = UTIL.getExampleNumberForType(region, type);
    if (example == null) {
      example = UTIL.getExampleNumber(region);
    }
    String nsn = UTIL.getNationalSignificantNumber(example);
    int keep = Math.max(3, nsn.length() - 6);
    for (int attempt = 0; attempt < 200; attempt++) {
      StringBuilder b = new StringBuilder(nsn.substring(0, keep));
      for (int i = keep; i < nsn.length(); i++) {
        b.append((char) ('0' + rnd.nextInt(10)));
      }
      Phonenumber.PhoneNumber candidate = new Phonenumber.PhoneNumber()
          .setCountryCode(example.getCountryCode()).setNationalNumber(Long.parseLong(b.toString()));
      if (UTIL.isValidNumberForRegion(candidate, region)) {
        return UTIL.format(candidate, PhoneNumberFormat.E164);
      }
    }
    return UTIL.format(example, PhoneNumberFormat.E164);
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
    private Long trafficSeed;
    private String runId;

    private Builder() {}

    /** Seed of the customer base (and of the traffic, unless {@link #trafficSeed} is set). */
    public Builder seed(long v) { this.seed = v; return this; }

    /** A separate seed for the traffic, so the same customers see different calls per run. */
    public Builder trafficSeed(long v) { this.trafficSeed = v; return this; }

    /**
     * A run identifier prefixed to every switch id, so traffic of different runs never shares a
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

    /** The source's default region; customers' numbers are in it. */
    public Builder homeRegion(String region) { this.homeRegion = NumberNormalizer.forRegion(region).region(); return this; }

    /** Call start times are spread uniformly over [start, start + length). */
    public Builder window(Instant start, Duration length) {
      this.windowStart = Objects.requireNonNull(start);
      this.window = Objects.requireNonNull(length);
      return this;
    }

    /** Fraction (0..1) of payloads that must be dead-lettered. */
    public Builder malformedFraction(double f) { this.malformedFraction = check(f); return this; }

    /** Fraction (0..1) of payloads that resend an earlier valid payload unchanged. */
    public Builder duplicateFraction(double f) { this.duplicateFraction = check(f); return this; }

    public Builder origins(List<String> v) {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("origins must not be empty");
      }
      this.origins = List.copyOf(v);
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
