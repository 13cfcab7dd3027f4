package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.ServiceType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a correct ingest of the simulator's traffic must store, computed independently from what
 * was generated (not by decoding it): per customer the number of stored records and, per
 * (service type, direction), calls, answered calls, billable seconds, SMS and segments; and the
 * dead letters expected per originId, and the skipped payloads. Resent duplicates are not counted
 * twice. It applies the mapping contract's rules (whole seconds rounded up, the format's SMS segment
 * rule) to the calls as generated, without decoding anything.
 *
 * <p>Not thread-safe; read it after generation is done.
 */
public final class ExpectedTally {

  /** Usage of one customer for one (type, direction). Immutable. */
  public record Usage(long calls, long answered, long billableSeconds, long sms, long segments) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    Usage plus(Usage o) {
      return new Usage(calls + o.calls, answered + o.answered, billableSeconds + o.billableSeconds,
          sms + o.sms, segments + o.segments);
    }
  }

  /** A (type, direction) pair. */
  public record Key(ServiceType type, Direction direction) {}

  private final Map<CustomerId, Long> records = new HashMap<>();
  private final Map<CustomerId, Map<Key, Usage>> usage = new HashMap<>();
  private final Map<String, String> deadLetters = new LinkedHashMap<>();
  private final Map<SkipKind, Long> skips = new EnumMap<>(SkipKind.class);
  private long validPayloads;
  private long duplicates;
  private long contentFields;
  private long storedRecords;

  ExpectedTally() {}

  void stored(CustomerId customer, Direction direction, ServiceType type, boolean answered,
      long billableSeconds, int segments) {
    records.merge(customer, 1L, Long::sum);
    storedRecords++;
    Usage u = type == ServiceType.VOICE
        ? new Usage(1, answered ? 1 : 0, billableSeconds, 0, 0)
        : new Usage(0, 0, 0, 1, segments);
    usage.computeIfAbsent(customer, c -> new HashMap<>()).merge(new Key(type, direction), u, Usage::plus);
  }

  void validPayload(int contentFieldCount) {
    validPayloads++;
    contentFields += contentFieldCount;
  }

  /** Content fields of a payload that decodes but is dead-lettered later (unattributed). */
  void contentDropped(int n) {
    contentFields += n;
  }

  void skipped(SkipKind kind) {
    skips.merge(kind, 1L, Long::sum);
  }

  void duplicate() {
    duplicates++;
  }

  void deadLetter(String originId, String reasonCode) {
    deadLetters.put(originId, reasonCode);
  }

  /** Stored records (attributed, one per served customer) expected for the customer. */
  public long records(CustomerId customer) {
    return records.getOrDefault(customer, 0L);
  }

  /** Usage expected for the customer's records of that type and direction. */
  public Usage usage(CustomerId customer, ServiceType type, Direction direction) {
    return usage.getOrDefault(customer, Map.of()).getOrDefault(new Key(type, direction), Usage.ZERO);
  }

  /** Customers with at least one expected record. */
  public Set<CustomerId> customers() {
    return Collections.unmodifiableSet(records.keySet());
  }

  /** All stored records expected (on-net calls count twice). */
  public long storedRecords() {
    return storedRecords;
  }

  /** Distinct valid (storable) payloads generated, duplicates excluded. */
  public long validPayloads() {
    return validPayloads;
  }

  /** Payloads that were resends of earlier valid ones. */
  public long duplicates() {
    return duplicates;
  }

  /**
   * Content fields in distinct payloads that decode (stored or unattributed; each must be
   * dropped); skipped payloads are not counted.
   */
  public long contentFields() {
    return contentFields;
  }

  /**
   * Payloads that hold no record and must be skipped (not dead-lettered), by kind: B legs, BYE
   * transactions, DLRs, log markers.
   */
  public Map<SkipKind, Long> skips() {
    return Collections.unmodifiableMap(skips);
  }

  /** Skipped payloads of all kinds. */
  public long skippedPayloads() {
    return skips.values().stream().mapToLong(Long::longValue).sum();
  }

  /** originId → expected {@code cdr.dlq.reason} code, for every payload that must be dead-lettered. */
  public Map<String, String> deadLetters() {
    return Collections.unmodifiableMap(deadLetters);
  }
}
