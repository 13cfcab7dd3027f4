package io.cdrvault.ingest.pipeline;

import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.model.CustomerCdr;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Work consumed but not yet written: records, next offsets and the counts to publish once written. Not thread-safe. */
final class PendingBatch {
  final List<CustomerCdr> records = new ArrayList<>();
  final Map<SourcePartition, Long> nextOffsets = new HashMap<>();
  /** format → counts indexed by the constants below. */
  final Map<String, long[]> perFormat = new HashMap<>();
  final Map<RejectReason, Long> deadLetters = new EnumMap<>(RejectReason.class);
  int consumed;
  long legDuplicates;
  /** When the poll that returned this batch's first record returned. */
  long firstAtNanos;

  static final int DECODED = 0;
  static final int STORED = 1;
  static final int REJECTED = 2;
  static final int UNATTRIBUTED = 3;
  static final int SKIPPED = 4;
  static final int CONTENT = 5;
  private static final int KINDS = 6;

  void consumed(SourcePartition p, long offset, long polledAtNanos) {
    if (consumed == 0) {
      firstAtNanos = polledAtNanos;
    }
    consumed++;
    nextOffsets.put(p, offset + 1);
  }

  /**
   * Takes one decoded input record, in offset order: records its position, counts its outcome
   * and keeps its attributed store records. Returns whether it is a dead letter, i.e. rejected
   * ({@code x.result()} not ok; counted by its reason) or stored with some CDR unattributed
   * (counted as {@link RejectReason#UNATTRIBUTED}); the caller publishes it.
   */
  boolean take(SourcePartition p, long offset, long polledAtNanos, RecordDecoder.Decoded x) {
    consumed(p, offset, polledAtNanos);
    DecodeResult d = x.result();
    count(x.formatTag(), CONTENT, d.droppedContentFields());
    if (!d.isOk()) {
      count(x.formatTag(), REJECTED, 1);
      deadLetter(d.reason());
      return true;
    }
    count(x.formatTag(), DECODED, 1);
    if (d.skipped() != null) {
      count(x.formatTag(), SKIPPED, 1);
      if (d.skipped() == SkipKind.DUPLICATE_LEG) {
        legDuplicates++;
      }
      return false;
    }
    records.addAll(x.attributed());
    count(x.formatTag(), STORED, x.storedCdrs() > 0 ? 1 : 0);
    if (x.unattributed()) {
      count(x.formatTag(), UNATTRIBUTED, 1);
      deadLetter(RejectReason.UNATTRIBUTED);
      return true;
    }
    return false;
  }

  void count(String format, int what, long n) {
    perFormat.computeIfAbsent(format, f -> new long[KINDS])[what] += n;
  }

  void deadLetter(RejectReason reason) {
    deadLetters.merge(reason, 1L, Long::sum);
  }

  boolean isEmpty() {
    return consumed == 0;
  }

  IngestBatch toIngestBatch() {
    return new IngestBatch(records, nextOffsets);
  }

  void clear() {
    records.clear();
    nextOffsets.clear();
    perFormat.clear();
    deadLetters.clear();
    consumed = 0;
    legDuplicates = 0;
  }
}
