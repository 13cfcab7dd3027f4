package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LinkedLegs;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The ingest loop's per-record stage: picks each record's format (its {@code cdr.format} header,
 * else the topic's configured format, else the registry's default), decodes it with the settings
 * of its {@code cdr.source}, makes it storable and attributes it to served customers. A decoder
 * that throws yields a {@link RejectReason#MALFORMED} reject, never a stopped pipeline.
 *
 * <p>A poll's records are cut into up to {@code decodeThreads} contiguous chunks of at least
 * {@value #MIN_CHUNK} records; {@code decodeThreads - 1} of them run on a pool of daemon threads
 * owned by this object (none when {@code decodeThreads} is 1) and the caller decodes the first
 * chunk itself. Results come back in the records' order.
 *
 * <p>Legs of one call in several payloads are then correlated on the loop thread
 * ({@link LinkedLegs}): a payload named as another's leg within the poll, or by a recent earlier
 * one, becomes a {@link io.cdrvault.ingest.format.SkipKind#DUPLICATE_LEG} skip.
 *
 * <p>Thread-safety: {@link #decodeAll} and {@link #close()} are for the ingest loop thread only;
 * the decoders, source catalog and attributor are called from several threads at once and must
 * be thread-safe. {@link Decoded} values are immutable. Nothing here is null unless said so.
 */
final class RecordDecoder implements AutoCloseable {
  /** Fewest records worth a decode task of their own. */
  static final int MIN_CHUNK = 64;

  /**
   * One record's decode and attribution outcome, computed on any thread; immutable.
   *
   * @param format the record's format name (as read, even when no decoder has it)
   * @param formatTag the metric tag for the format: {@code format}, or {@code unknown} when no
   *     decoder has it
   * @param result the storable decode result (ok, skipped, or a reject)
   * @param attributed the store records of the attributed CDRs (empty unless decoded and stored)
   * @param storedCdrs how many decoded CDRs were attributed to at least one customer
   * @param unattributed whether some decoded CDR was attributed to no customer
   */
  record Decoded(String format, String formatTag, DecodeResult result,
      List<CustomerCdr> attributed, int storedCdrs, boolean unattributed) {}

  private final Map<String, String> topicFormats;
  private final DecoderRegistry decoders;
  private final SourceCatalog sources;
  private final Attributor attributor;
  private final int threads;
  /** Decode workers (threads - 1 of them); null when threads is 1. */
  private final ExecutorService pool;
  /** Leg names of recent polls; loop thread only. */
  private final LinkedLegs legs = new LinkedLegs(LinkedLegs.DEFAULT_CAPACITY);

  /** Starts {@code decodeThreads - 1} decode workers (none when it is 1). */
  RecordDecoder(IngestSettings settings, DecoderRegistry decoders, SourceCatalog sources,
      Attributor attributor) {
    this.topicFormats = settings.topicFormats();
    this.decoders = decoders;
    this.sources = sources;
    this.attributor = attributor;
    this.threads = settings.decodeThreads();
    if (threads > 1) {
      AtomicInteger n = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
        Thread t = new Thread(r, "cdrvault-decode-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      this.pool = null;
    }
  }

  /**
   * Decodes and attributes the records, in parallel chunks when there are decode workers; the
   * results are in the records' order.
   *
   * @throws InterruptedException if the calling thread was interrupted while waiting for a worker
   * @throws CdrVaultException if a worker failed unexpectedly
   */
  Decoded[] decodeAll(List<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
    int n = records.size();
    Decoded[] out = new Decoded[n];
    int chunks = pool == null ? 1 : Math.min(threads, Math.max(1, n / MIN_CHUNK));
    if (chunks <= 1) {
      decodeRange(records, out, 0, n);
      return correlateLegs(out);
    }
    int per = (n + chunks - 1) / chunks;
    List<Future<?>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int from = Math.min(n, c * per);
      int to = Math.min(n, from + per);
      futures.add(pool.submit(() -> decodeRange(records, out, from, to)));
    }
    decodeRange(records, out, 0, Math.min(n, per));
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new CdrVaultException("decoding a poll failed: " + e.getCause().getClass().getSimpleName(),
            e.getCause());
      }
    }
    return correlateLegs(out); // Future.get orders the workers' writes before these reads
  }

  /** Turns the poll's records named as other records' legs into duplicate-leg skips. */
  private Decoded[] correlateLegs(Decoded[] out) {
    DecodeResult[] results = new DecodeResult[out.length];
    for (int i = 0; i < out.length; i++) {
      results[i] = out[i].result();
    }
    for (int i : legs.apply(results)) {
      out[i] = new Decoded(out[i].format(), out[i].formatTag(), results[i], List.of(), 0, false);
    }
    return out;
  }

  private void decodeRange(List<ConsumerRecord<byte[], byte[]>> records, Decoded[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = decode(records.get(i));
    }
  }

  /** Decodes and attributes one record; any thread. */
  Decoded decode(ConsumerRecord<byte[], byte[]> r) {
    String headerFormat = header(r.headers(), DecoderRegistry.FORMAT_HEADER);
    String format = headerFormat != null && !headerFormat.isEmpty() ? headerFormat
        : topicFormats.getOrDefault(r.topic(), decoders.formatFor(null, r.topic()));
    CdrDecoder decoder = decoders.forName(format).orElse(null);
    if (decoder == null) {
      return new Decoded(format, "unknown", DecodeResult.reject(RejectReason.UNKNOWN_FORMAT,
          "no decoder for the record's format"), List.of(), 0, false);
    }
    DecodeResult d;
    try {
      d = decoder.decode(r.value() == null ? new byte[0] : r.value(),
          sources.forSource(header(r.headers(), DecoderRegistry.SOURCE_HEADER)));
    } catch (RuntimeException e) {
      // decoders must not throw; if one does, the record is a dead letter, not a stopped pipeline
      d = DecodeResult.reject(RejectReason.MALFORMED, format + " decoder failed: "
          + e.getClass().getSimpleName());
    }
    d = d.storable(format);
    if (!d.isOk() || d.records().isEmpty()) {
      return new Decoded(format, format, d, List.of(), 0, false);
    }
    List<CustomerCdr> attributed = new ArrayList<>();
    boolean unattributed = false;
    int stored = 0;
    for (Cdr cdr : d.records()) {
      List<CustomerCdr> a = attributor.attribute(cdr);
      if (a.isEmpty()) {
        unattributed = true;
      } else {
        attributed.addAll(a);
        stored++;
      }
    }
    return new Decoded(format, format, d, attributed, stored, unattributed);
  }

  /** The last value of a header as UTF-8, or null when absent. */
  private static String header(Headers headers, String key) {
    Header h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Stops the decode workers (interrupting any still running). Idempotent; loop thread. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
