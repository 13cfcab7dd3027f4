package io.cdrvault.store.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The audit ledger's health as meters: appends by outcome ({@code appended}, {@code failed} — a
 * failed append fails its read closed, so any failure means reads are being refused), the head
 * sequence, and how many entries are not yet covered by a signed checkpoint. Nothing of an entry's
 * content is exported.
 */
public final class AuditMetrics {
  static final String APPENDS = "cdr.audit.appends";
  static final String HEAD = "cdr.audit.head.sequence";
  static final String UNSIGNED = "cdr.audit.unsigned.entries";

  private AuditMetrics() {}

  /**
   * Registers the meters of {@code ledger}; {@code lastCheckpointed} gives the sequence the newest
   * signed checkpoint covers (always 0 on a node without a signing key: every entry is unsigned).
   */
  public static void bind(RocksAuditLedger ledger, LongSupplier lastCheckpointed,
      MeterRegistry registry) {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(registry, "registry");
    Counter appended = Counter.builder(APPENDS).description("Audit entries appended, by outcome")
        .tag("outcome", "appended").register(registry);
    Counter failed = Counter.builder(APPENDS).description("Audit entries appended, by outcome")
        .tag("outcome", "failed").register(registry);
    ledger.addAppendListener(seq -> appended.increment());
    ledger.addFailureListener(failed::increment);
    Gauge.builder(HEAD, ledger, RocksAuditLedger::lastSequence)
        .description("Sequence number of the newest audit entry").register(registry);
    Objects.requireNonNull(lastCheckpointed, "lastCheckpointed");
    Gauge.builder(UNSIGNED, ledger, l -> Math.max(0, l.lastSequence() - lastCheckpointed.getAsLong()))
        .description("Audit entries not yet covered by a signed checkpoint").baseUnit("entries")
        .register(registry);
  }
}
