package io.cdrvault.store.rocks;

/**
 * The parts of an open store that retention, erasure and the hold check work with: the gate, the
 * read side (month families, vault, raw reads), the file maintenance and the registry of holds,
 * erasure markers and pending purges ({@code lifecycle} column family).
 *
 * <p>Immutable; each part is thread-safe.
 */
record LifecycleParts(StoreGate gate, RecordReader reader, MonthMaintenance maintenance,
    RocksLifecycle registry) {
  MonthFamilies families() {
    return reader.families();
  }

  RecordVault vault() {
    return reader.vault();
  }
}
