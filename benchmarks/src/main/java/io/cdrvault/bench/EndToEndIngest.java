package io.cdrvault.bench;

import io.cdrvault.bench.e2e.IngestReport;
import io.cdrvault.bench.e2e.StorePreload;
import io.cdrvault.bench.support.TempDirs;
import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.pipeline.IngestPipeline;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.kafka.embedded.EmbeddedKafkaBroker;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end ingest benchmark with real components only: an in-process {@link EmbeddedKafkaBroker}
 * in a temporary directory, {@code N} simulated {@code canonical-json} CDRs pre-produced by
 * {@link TrafficSimulator} (produce rate reported separately), then the real {@link IngestPipeline}
 * into a real {@link RocksCdrStore}, timed until the store's offsets reach every partition's end
 * offset. Also reports two stage baselines measured in the same JVM before the pipeline starts:
 * a raw consume of the topic (no processing) and single-thread decode + attribute of a sample.
 *
 * <p>Usage: {@code EndToEndIngest [--cdrs N] [--customers C] [--partitions P] [--batch B]
 * [--malformed F] [--sample S] [--formats all|f1,f2] [--preload N] [--warm] [--dir PARENT] [--keep]}.
 * {@code --preload N} first writes N records of the same customers into the store (growth run).
 * {@code --warm} first ingests the same CDRs into a throw-away store, so that the measured pass runs
 * on JIT-compiled code, as a node that has been up for a while does (the C2 compiler otherwise takes
 * about half a core of the two during a cold 1 M run).
 * Exits 1 when stored records or dead letters differ from the simulator's expectation. Everything it creates is deleted at the
 * end unless {@code --keep}.
 */
public final class EndToEndIngest {
  private static final String TOPIC = "cdr-e2e";
  private static final String BATCH_TIMER = "cdr.store.batch.write";

  record Options(long cdrs, int customers, int partitions, int batch, double malformed, int sample,
      Path parent, boolean keep, List<String> formats, long preload, boolean warm) {
    static Options parse(String[] args) {
      long cdrs = 1_000_000;
      int customers = 10_000;
      int partitions = 4;
      int batch = 2_000;
      double malformed = 0.001;
      int sample = 100_000;
      Path parent = null;
      boolean keep = false;
      long preload = 0;
      boolean warm = false;
      List<String> formats = List.of(CanonicalJsonDecoder.FORMAT);
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--cdrs" -> cdrs = Long.parseLong(value(args, ++i, a));
          case "--customers" -> customers = Integer.parseInt(value(args, ++i, a));
          case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, a));
          case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
          case "--malformed" -> malformed = Double.parseDouble(value(args, ++i, a));
          case "--sample" -> sample = Integer.parseInt(value(args, ++i, a));
          case "--dir" -> parent = Path.of(value(args, ++i, a));
          case "--formats" -> {
            String v = value(args, ++i, a);
            formats = v.equals("all") ? TrafficSimulator.FORMATS : List.of(v.split(","));
          }
          case "--keep" -> keep = true;
          case "--preload" -> preload = Long.parseLong(value(args, ++i, a));
          case "--warm" -> warm = true;
          case "-h", "--help" -> {
            System.out.println("EndToEndIngest [--cdrs N=1000000] [--customers C=10000] "
                + "[--partitions P=4] [--batch B=2000] [--malformed F=0.001] [--sample S=100000] "
                + "[--formats all|f1,f2 = canonical-json] [--preload N=0] [--warm] [--dir PARENT] [--keep]");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
        }
      }
      if (cdrs < 1 || customers < 2 || partitions < 1 || batch < 1 || malformed < 0 || malformed > 1
          || sample < 0) {
        throw new IllegalArgumentException("options out of range (try --help)");
      }
      if (preload < 0) {
        throw new IllegalArgumentException("--preload must be >= 0");
      }
      return new Options(cdrs, customers, partitions, batch, malformed, sample, parent, keep, formats, preload, warm);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      return args[i];
    }
  }

  private EndToEndIngest() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path work = o.parent() == null ? TempDirs.create("cdrvault-e2e")
        : Files.createTempDirectory(Files.createDirectories(o.parent()), "cdrvault-e2e");
    System.out.printf(Locale.ROOT, "e2e ingest: cdrs=%d customers=%d partitions=%d batch=%d "
        + "malformed=%.4f formats=%s cores=%d maxHeap=%d MiB jdk=%s dir=%s%n", o.cdrs(), o.customers(),
        o.partitions(), o.batch(), o.malformed(), String.join(",", o.formats()), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), work);
    try {
      run(o, work);
    } finally {
      if (!o.keep()) {
        TempDirs.deleteRecursively(work);
      }
    }
    System.exit(0); // Kafka/Rocks leave no non-daemon threads after close, but don't hang on one
  }

  private static void run(Options o, Path work) throws Exception {
    long t = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
      String bootstrap = broker.bootstrapServers();
      broker.createTopic(TOPIC, o.partitions());
      broker.createTopic(TOPIC + ".dlq", 1);
      System.out.printf(Locale.ROOT, "broker up and topics created in %.1f s%n", secondsSince(t));

      TrafficSimulator sim = TrafficSimulator.builder().seed(42).customers(o.customers())
          .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(30))
          .formats(o.formats()).malformedFraction(o.malformed()).build();
      List<TrafficSimulator.Payload> sample = new ArrayList<>();
      produce(sim, bootstrap, o, sample);
      Map<TopicPartition, Long> ends = endOffsets(bootstrap, o.partitions());
      long total = ends.values().stream().mapToLong(Long::longValue).sum();
      if (total != o.cdrs()) {
        throw new IllegalStateException("topic holds " + total + " records, expected " + o.cdrs());
      }
      rawConsume(bootstrap, ends, o.batch());
      decodeAndAttribute(sim, sample);
      sample.clear();
      if (o.warm()) {
        // the same CDRs once into a throw-away store, so the measured pass runs on compiled code
        long w = System.nanoTime();
        ingest(o, work.resolve("warm-up"), bootstrap, sim, ends, false);
        TempDirs.deleteRecursively(work.resolve("warm-up"));
        System.out.printf(Locale.ROOT, "WARM-UP  the same %,d CDRs into a throw-away store (JIT warm-up, "
            + "not measured) in %.1f s%n", o.cdrs(), secondsSince(w));
      }
      ingest(o, work.resolve("measured"), bootstrap, sim, ends, true);
    }
  }

  // ------------------------------------------------------------------ produce

  private static void produce(TrafficSimulator sim, String bootstrap, Options o,
      List<TrafficSimulator.Payload> sample)
      throws InterruptedException {
    Map<String, Object> cfg = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 10,
        ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    long genNanos = 0;
    long bytes = 0;
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < o.cdrs(); i++) {
        long g0 = System.nanoTime();
        TrafficSimulator.Payload p = sim.next();
        genNanos += System.nanoTime() - g0;
        bytes += p.value().length;
        if (sample.size() < o.sample()) {
          sample.add(p);
        }
        producer.send(p.toProducerRecord(TOPIC), (m, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          } else {
            acked.incrementAndGet();
          }
        });
        if ((i + 1) % 250_000 == 0) {
          System.out.printf(Locale.ROOT, "  produced %,d (%.1f s)%n", i + 1, secondsSince(t0));
        }
      }
      producer.flush();
    }
    double s = secondsSince(t0);
    if (failure.get() != null || acked.get() != o.cdrs()) {
      throw new IllegalStateException("produce failed: acked " + acked.get(), failure.get());
    }
    System.out.printf(Locale.ROOT, "PRODUCE  %,d CDRs (mean %d B native) in %.2f s = %,.0f CDR/s "
            + "(generator alone %.2f s = %,.0f CDR/s on the producing thread)%n",
        o.cdrs(), bytes / o.cdrs(), s, o.cdrs() / s, genNanos / 1e9, o.cdrs() / (genNanos / 1e9));
  }

  private static Map<TopicPartition, Long> endOffsets(String bootstrap, int partitions) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, 500)) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(TOPIC, p));
      }
      return new HashMap<>(c.endOffsets(tps, Duration.ofSeconds(30)));
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, int maxPoll) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPoll);
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  // ------------------------------------------------------------------ stage baselines

  /** Reads the whole topic without processing, with the pipeline's poll size: the consume ceiling. */
  private static void rawConsume(String bootstrap, Map<TopicPartition, Long> ends, int batch) {
    long n = 0;
    long t0 = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, Math.min(batch, 5000))) {
      c.assign(ends.keySet());
      c.seekToBeginning(ends.keySet());
      while (true) {
        ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(200));
        n += rs.count();
        boolean done = true;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
          if (c.position(e.getKey()) < e.getValue()) {
            done = false;
            break;
          }
        }
        if (done) {
          break;
        }
      }
    }
    double s = secondsSince(t0);
    System.out.printf(Locale.ROOT, "CONSUME  raw, no processing: %,d records in %.2f s = %,.0f rec/s%n",
        n, s, n / s);
  }

  /** Single-thread decode (format decoder + number normalisation) and attribution of a sample. */
  private static void decodeAndAttribute(TrafficSimulator sim, List<TrafficSimulator.Payload> sample) {
    if (sample.isEmpty()) {
      return;
    }
    DecoderRegistry registry = DecoderRegistry.standard();
    Attributor attributor = new Attributor(sim.directory());
    double best = 0;
    for (int round = 0; round < 3; round++) { // the first rounds warm up the JIT
      long attributed = 0;
      long t0 = System.nanoTime();
      for (TrafficSimulator.Payload p : sample) {
        CdrDecoder decoder = registry.forName(p.format()).orElseThrow();
        DecodeResult d = decoder.decode(p.value(), sim.sources().forSource(p.origin()));
        if (d.isOk()) {
          for (Cdr cdr : d.records()) {
            attributed += attributor.attribute(cdr).size();
          }
        }
      }
      double rate = sample.size() / secondsSince(t0);
      best = Math.max(best, rate);
      if (attributed == 0) {
        throw new IllegalStateException("nothing in the sample was attributed");
      }
    }
    System.out.printf(Locale.ROOT, "DECODE   decode + attribute, one thread, %,d-CDR sample: best of 3 "
        + "rounds %,.0f CDR/s%n", sample.size(), best);
  }

  // ------------------------------------------------------------------ ingest

  /** Ingests the topic into a new store in {@code work}; prints the report when {@code report}. */
  private static void ingest(Options o, Path work, String bootstrap, TrafficSimulator sim,
      Map<TopicPartition, Long> ends, boolean report) throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(BATCH_TIMER)) {
          return config;
        }
        // percentiles over the whole run, not Micrometer's default 2-minute rolling window
        return DistributionStatisticConfig.builder().percentiles(0.5, 0.99).percentilePrecision(2)
            .expiry(Duration.ofHours(6)).bufferLength(1).build().merge(config);
      }
    });
    try {
      Files.createDirectories(work);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Keyring keyring = Keyring.create(work.resolve("bench-keys.p12"), "PKCS12", "bench-only".toCharArray());
    IngestSettings settings = IngestSettings.defaults(bootstrap, TOPIC).withRegion(sim.homeRegion())
        .withBatch(o.batch(), Duration.ofMillis(200))
        // JAVA_OPTS=-Dcdrvault.decodeThreads=N compares decode parallelism (default: processors)
        .withDecodeThreads(Integer.getInteger("cdrvault.decodeThreads", IngestSettings.defaultDecodeThreads()));
    Map<SourcePartition, Long> target = new HashMap<>();
    ends.forEach((tp, end) -> {
      if (end > 0) {
        target.put(new SourcePartition(tp.topic(), tp.partition()), end);
      }
    });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    double seconds;
    double steadySeconds = Double.NaN;
    long firstStored = 0;
    if (o.preload() > 0 && report) {
      // a store of its own meters, closed and reopened: the ingest's figures count only the ingest
      try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(work.resolve("store")),
          keyring, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Clock.systemUTC())) {
        StorePreload.preload(store, sim.customers().stream().map(TrafficSimulator.Customer::id).toList(),
            o.preload());
      }
    }
    try (RocksCdrStore store = RocksCdrStore.open(StoreSettings.defaults(work.resolve("store")),
             keyring, registry, Clock.systemUTC());
         IngestPipeline pipeline = IngestPipeline.create(settings, store, DecoderRegistry.standard(),
             sim.sources(), new Attributor(sim.directory()), registry)) {
      Thread loop = new Thread(pipeline, "ingest-loop");
      loop.setUncaughtExceptionHandler((th, e) -> failure.set(e));
      long t0 = System.nanoTime();
      long tFirst = 0;
      long lastReport = t0;
      loop.start();
      long peakHeap = 0;
      while (true) {
        Thread.sleep(20);
        peakHeap = Math.max(peakHeap, java.lang.management.ManagementFactory.getMemoryMXBean()
            .getHeapMemoryUsage().getUsed());
        Map<SourcePartition, Long> stored = store.storedOffsets();
        long now = System.nanoTime();
        if (tFirst == 0 && !stored.isEmpty()) {
          tFirst = now;
          firstStored = stored.values().stream().mapToLong(Long::longValue).sum();
        }
        if (reached(stored, target)) {
          seconds = (now - t0) / 1e9;
          if (tFirst != 0 && now > tFirst) {
            steadySeconds = (now - tFirst) / 1e9;
          }
          break;
        }
        if (failure.get() != null || !loop.isAlive()) {
          throw new IllegalStateException("ingest loop ended early", failure.get());
        }
        if (report && now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
          lastReport = now;
          long done = stored.values().stream().mapToLong(Long::longValue).sum();
          System.out.printf(Locale.ROOT, "  ingested %,d of %,d (%.1f s)%n", done, o.cdrs(), (now - t0) / 1e9);
        }
      }
      pipeline.close();
      loop.join(TimeUnit.SECONDS.toMillis(30));
      if (report && !IngestReport.print(o.cdrs(), registry, sim, seconds, steadySeconds, firstStored, peakHeap).matchesExpectation()) {
        System.exit(1);
      }
    }
  }

  private static boolean reached(Map<SourcePartition, Long> stored, Map<SourcePartition, Long> target) {
    for (Map.Entry<SourcePartition, Long> e : target.entrySet()) {
      Long s = stored.get(e.getKey());
      if (s == null || s < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
