package io.cdrvault.bench.peer;

import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LinkedLegs;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.simulate.TrafficSimulator;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer records cdrvault's ingest would store for the first {@code cdrs} payloads of a
 * simulator, computed the way the ingest loop does: each payload decoded by the registry's decoder
 * for its format with its source's settings ({@code sim.sources().forSource(origin)}), made
 * {@link DecodeResult#storable storable}, legs correlated by {@link LinkedLegs} per window of
 * {@code window} payloads, then every CDR of an ok result attributed ({@link Attributor}; an
 * on-net call gives two records). A decoder that throws counts as a reject, as in the pipeline.
 *
 * <p>Immutable after {@link #generate}; {@code records} is not copied (the benchmark's own list).
 *
 * @param records the customer records, in payload order
 * @param stored payloads with at least one attributed CDR
 * @param rejected payloads the pipeline would dead-letter as undecodable
 * @param skipped ok payloads without records (noise, duplicate legs)
 * @param unattributed payloads with a CDR attributed to no customer
 * @param generateSeconds time in {@code sim.next()}
 * @param decodeSeconds time decoding, correlating and attributing (one thread)
 */
public record PeerInput(List<CustomerCdr> records, long stored, long rejected, long skipped,
    long unattributed, double generateSeconds, double decodeSeconds) {

  /** Generates {@code cdrs} payloads from {@code sim} and decodes them, {@code window} at a time. */
  public static PeerInput generate(TrafficSimulator sim, long cdrs, int window) {
    DecoderRegistry registry = DecoderRegistry.standard();
    Attributor attributor = new Attributor(sim.directory());
    LinkedLegs legs = new LinkedLegs(LinkedLegs.DEFAULT_CAPACITY);
    List<CustomerCdr> records = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, cdrs + cdrs / 8));
    long stored = 0;
    long rejected = 0;
    long skipped = 0;
    long unattributed = 0;
    long genNanos = 0;
    long decodeNanos = 0;
    TrafficSimulator.Payload[] payloads = new TrafficSimulator.Payload[window];
    DecodeResult[] results = new DecodeResult[window];
    for (long done = 0; done < cdrs; ) {
      int n = (int) Math.min(window, cdrs - done);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        payloads[i] = sim.next();
      }
      long t1 = System.nanoTime();
      genNanos += t1 - t0;
      DecodeResult[] w = n == window ? results : new DecodeResult[n];
      for (int i = 0; i < n; i++) {
        w[i] = decode(registry, sim, payloads[i]);
      }
      legs.apply(w);
      for (int i = 0; i < n; i++) {
        DecodeResult d = w[i];
        if (!d.isOk()) {
          rejected++;
          continue;
        }
        if (d.records().isEmpty()) {
          skipped++;
          continue;
        }
        boolean any = false;
        boolean missed = false;
        for (Cdr cdr : d.records()) {
          List<CustomerCdr> a = attributor.attribute(cdr);
          records.addAll(a);
          any |= !a.isEmpty();
          missed |= a.isEmpty();
        }
        stored += any ? 1 : 0;
        unattributed += missed ? 1 : 0;
      }
      decodeNanos += System.nanoTime() - t1;
      done += n;
    }
    return new PeerInput(records, stored, rejected, skipped, unattributed, genNanos / 1e9,
        decodeNanos / 1e9);
  }

  private static DecodeResult decode(DecoderRegistry registry, TrafficSimulator sim,
      TrafficSimulator.Payload p) {
    CdrDecoder decoder = registry.forName(p.format()).orElse(null);
    if (decoder == null) {
      return DecodeResult.reject(RejectReason.UNKNOWN_FORMAT, "no decoder for the record's format");
    }
    DecodeResult d;
    try {
      d = decoder.decode(p.value(), sim.sources().forSource(p.origin()));
    } catch (RuntimeException e) {
      d = DecodeResult.reject(RejectReason.MALFORMED, p.format() + " decoder failed: "
          + e.getClass().getSimpleName());
    }
    return d.storable(p.format());
  }
}
