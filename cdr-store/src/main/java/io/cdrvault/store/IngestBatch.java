package io.cdrvault.store;

import io.cdrvault.store.model.CustomerCdr;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One ingest batch: the attributed records and, per input partition, the next offset to consume
 * after this batch. The store writes both in one atomic WriteBatch (DESIGN invariant 4).
 *
 * <p>Immutable and thread-safe.
 */
public record IngestBatch(List<CustomerCdr> records, Map<SourcePartition, Long> nextOffsets) {
  public IngestBatch {
    records = List.copyOf(records);
    nextOffsets = Map.copyOf(nextOffsets);
    for (Long v : nextOffsets.values()) {
      if (Objects.requireNonNull(v) < 0) {
        throw new IllegalArgumentException("offsets must not be negative");
      }
    }
  }
}
