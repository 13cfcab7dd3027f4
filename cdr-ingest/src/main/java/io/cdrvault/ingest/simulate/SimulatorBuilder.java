package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** Builds a {@link TrafficSimulator}. Mutable; not thread-safe. */
public final class SimulatorBuilder {
  long seed = 42;
  int customers = 100;
  String homeRegion = "US";
  Instant windowStart = Instant.parse("2026-03-01T00:00:00Z");
  Duration window = Duration.ofDays(30);
  double malformedFraction;
  double duplicateFraction;
  List<String> origins = List.of("pbx-east", "pbx-west", "smsc-1");
  List<String> formats = List.of(CanonicalJsonDecoder.FORMAT);
  List<FraudScenario> fraud = List.of();
  Long trafficSeed;
  String runId;

  SimulatorBuilder() {}

  /** Seed of the customer base (and of the traffic, unless {@link #trafficSeed} is set). */
  public SimulatorBuilder seed(long v) { this.seed = v; return this; }

  /** A separate seed for the traffic, so the same customers see different calls per run. */
  public SimulatorBuilder trafficSeed(long v) { this.trafficSeed = v; return this; }

  /**
   * A run identifier mixed into every switch id, so traffic of different runs does not share a
   * record id (a restarted demo adds new calls instead of resending old ones).
   */
  public SimulatorBuilder runId(String v) {
    if (v == null || v.isEmpty() || !v.chars().allMatch(c -> Character.isLetterOrDigit(c))) {
      throw new IllegalArgumentException("runId must be non-empty letters and digits");
    }
    this.runId = v;
    return this;
  }

  /** How many customers (each with 1–2 numbers). */
  public SimulatorBuilder customers(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("customers must be >= 1");
    }
    this.customers = n;
    return this;
  }

  /** The sources' default region; customers' numbers are in it. */
  public SimulatorBuilder homeRegion(String region) { this.homeRegion = NumberNormalizer.forRegion(region).region(); return this; }

  /**
   * Call start times fall in [start, start + length), more by day than by night in each source's
   * local time (fraud bursts may run a little past the end).
   */
  public SimulatorBuilder window(Instant start, Duration length) {
    this.windowStart = Objects.requireNonNull(start);
    this.window = Objects.requireNonNull(length);
    return this;
  }

  /** Fraction (0..1) of payloads that must be dead-lettered. */
  public SimulatorBuilder malformedFraction(double f) { this.malformedFraction = check(f); return this; }

  /** Fraction (0..1) of payloads that resend an earlier valid payload unchanged. */
  public SimulatorBuilder duplicateFraction(double f) { this.duplicateFraction = check(f); return this; }

  /** Source names of the {@code canonical-json} traffic. */
  public SimulatorBuilder origins(List<String> v) {
    if (v.isEmpty()) {
      throw new IllegalArgumentException("origins must not be empty");
    }
    this.origins = List.copyOf(v);
    return this;
  }

  /** The formats to write, each payload in one of them chosen at random (default canonical-json). */
  public SimulatorBuilder formats(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("formats must not be empty");
    }
    for (String n : names) {
      if (!TrafficSimulator.FORMATS.contains(n)) {
        throw new IllegalArgumentException("unknown format '" + n + "' (known: " + String.join(", ", TrafficSimulator.FORMATS) + ")");
      }
    }
    this.formats = List.copyOf(new LinkedHashSet<>(names));
    return this;
  }

  /** Fraud scenarios to inject now and then as bursts (none by default). */
  public SimulatorBuilder fraud(FraudScenario... scenarios) {
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
