package io.cdrvault.query.aggregate;

import io.cdrvault.store.model.CustomerId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of an aggregate: the groups shown (sorted by key), how many groups were suppressed
 * for having fewer than {@code k} distinct customers, k, the records read, and (at most
 * {@code subjectLimit}) the customers whose records were read, for the completion audit entry.
 *
 * <p>Immutable and thread-safe.
 */
public record AggregateResult(List<Dimension> groupBy, List<AggregateGroup> groups,
    long suppressedGroups, int k, long recordsRead, Set<CustomerId> customersRead) {
  public AggregateResult {
    groupBy = List.copyOf(Objects.requireNonNull(groupBy, "groupBy"));
    groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
    customersRead = Set.copyOf(Objects.requireNonNull(customersRead, "customersRead"));
  }

  @Override
  public String toString() {
    return "AggregateResult[" + groups.size() + " groups, " + suppressedGroups + " suppressed, k="
        + k + "]";
  }
}
