package io.cdrvault.store;

import java.util.Objects;

/**
 * A partition of an input stream (a Kafka topic-partition, without importing Kafka into the store).
 * Printed as {@code topic-partition}.
 */
public record SourcePartition(String topic, int partition) {
  public SourcePartition {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty() || partition < 0) {
      throw new IllegalArgumentException("topic must not be empty and partition must be >= 0");
    }
  }

  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}
