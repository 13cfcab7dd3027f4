package io.cdrvault.query.aggregate;

import java.util.List;
import java.util.Objects;

/**
 * One group of an aggregate that met the minimum group size: its key (one value per grouping
 * dimension, in the order asked for), the distinct customers, records and sums in it.
 *
 * <p>Immutable and thread-safe.
 */
public record AggregateGroup(List<Comparable<?>> key, long customers, long records,
    long billableSeconds, long segments) {
  public AggregateGroup {
    key = List.copyOf(Objects.requireNonNull(key, "key"));
  }
}
