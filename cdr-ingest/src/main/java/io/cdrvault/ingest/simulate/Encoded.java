package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.store.model.Cdr;
import java.util.List;

/**
 * What an encoder wrote for one payload: the bytes, the switch id it carries (also the Kafka key),
 * the records the decoder must produce, and the skip or reject expected instead. Immutable.
 */
record Encoded(byte[] value, String originId, List<Cdr> expected, SkipKind skip, RejectReason reject,
    int contentFields) {
  Encoded {
    expected = List.copyOf(expected);
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
