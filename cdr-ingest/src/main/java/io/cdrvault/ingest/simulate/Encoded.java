package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.store.model.Cdr;
import java.util.List;

/**
 * What an encoder wrote for one payload: the bytes, the switch id it carries (also the Kafka key),
 * the records the decoder must produce, and the skip or reject expected instead; {@code before}:
 * payloads the switch writes for the same call just before this one (a B leg, an earlier dial
 * attempt of the channel), each with its own expectation. Immutable.
 */
record Encoded(byte[] value, String originId, List<Cdr> expected, SkipKind skip, RejectReason reject,
    int contentFields, List<Encoded> before) {
  Encoded {
    expected = List.copyOf(expected);
    before = List.copyOf(before);
  }

  Encoded(byte[] value, String originId, List<Cdr> expected, SkipKind skip, RejectReason reject,
      int contentFields) {
    this(value, originId, expected, skip, reject, contentFields, List.of());
  }

  /** This payload, preceded by {@code earlier} (written first, in order). */
  Encoded after(List<Encoded> earlier) {
    return new Encoded(value, originId, expected, skip, reject, contentFields, earlier);
  }

  static Encoded ok(byte[] value, Cdr expected, int contentFields) {
    return new Encoded(value, expected.originId(), List.of(expected), null, null, contentFields);
  }

  static Encoded skip(byte[] value, String key, SkipKind kind) {
    return new Encoded(value, key, List.of(), kind, null, 0);
  }

  static Encoded reject(byte[] value, String key, RejectReason reason) {
    return new Encoded(value, key, List.of(), null, reason, 0);
  }
}
