package io.cdrvault.query.http;

import io.cdrvault.store.access.Purpose;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code cdr.access.decisions} counter, tagged {@code purpose} (a {@link Purpose} name,
 * {@code NONE} when no purpose was sent, {@code UNKNOWN} when it is not a purpose) and
 * {@code outcome} ({@code ALLOWED} or {@code DENIED}; a request refused because the audit ledger
 * was unavailable counts as {@code DENIED}). Both tag sets are small and fixed.
 *
 * <p>Thread-safe.
 */
final class AccessMetrics {
  static final String NAME = "cdr.access.decisions";
  static final String NONE = "NONE";
  static final String UNKNOWN = "UNKNOWN";
  static final String ALLOWED = "ALLOWED";
  static final String DENIED = "DENIED";

  private final MeterRegistry registry;

  AccessMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Maps a raw purpose header to its bounded tag value. */
  static String purposeTag(String rawPurpose) {
    if (rawPurpose == null || rawPurpose.isBlank()) {
      return NONE;
    }
    Purpose p = CpniHeaders.purpose(rawPurpose);
    return p == null ? UNKNOWN : p.name();
  }

  void record(String purposeTag, String outcome) {
    Counter.builder(NAME)
        .description("Access decisions on CPNI reads, by purpose and outcome")
        .tag("purpose", purposeTag)
        .tag("outcome", outcome)
        .register(registry).increment(); // the registry returns the one already registered
  }
}
