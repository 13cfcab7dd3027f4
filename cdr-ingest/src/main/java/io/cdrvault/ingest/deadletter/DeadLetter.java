package io.cdrvault.ingest.deadletter;

import java.time.Instant;
import java.util.Objects;

/**
 * One dead letter as an operator sees it: where it is, why it is there and where it came from —
 * never its payload. Immutable; {@code source} and {@code replayId} may be empty strings.
 *
 * @param partition its partition in the dead-letter topic
 * @param offset its offset there
 * @param reason the reject reason code ({@code cdr.dlq.reason})
 * @param detail what was wrong, by kind and position ({@code cdr.dlq.detail})
 * @param format the format it was read as
 * @param source the switch ({@code cdr.source}), or empty
 * @param origin where it was read from, {@code topic-partition@offset}
 * @param originTopic the input topic it was read from (replay target)
 * @param originPartition the input partition it was read from
 * @param time the dead letter's Kafka timestamp
 * @param payload what was kept of the payload: {@code original}, {@code content-stripped} or
 *     {@code withheld}
 * @param replayId the replay that last re-sent it to ingest, or empty
 */
public record DeadLetter(int partition, long offset, String reason, String detail, String format,
    String source, String origin, String originTopic, int originPartition, Instant time,
    String payload, String replayId) {
  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(originTopic, "originTopic");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(replayId, "replayId");
  }

  /** Its position in the dead-letter topic, {@code partition@offset}. */
  public String position() {
    return partition + "@" + offset;
  }

  /** Whether a replay can re-send it (its payload was not withheld and its origin is known). */
  public boolean replayable() {
    return !payload.equals(DeadLetters.PAYLOAD_WITHHELD) && !originTopic.isEmpty() && originPartition >= 0;
  }
}
