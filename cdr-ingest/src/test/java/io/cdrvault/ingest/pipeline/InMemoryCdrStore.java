package io.cdrvault.ingest.pipeline;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.RetriableException;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.model.CustomerCdr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test double of {@link CdrStore} for the ingest pipeline: records keyed like the real store
 * (customer + record id), offsets written atomically with them, every write counted, and an
 * injectable number of retriable failures. Thread-safe (synchronized). Reads are not supported.
 */
final class InMemoryCdrStore implements CdrStore {
  private final Map<String, CustomerCdr> records = new HashMap<>();
  private final Map<SourcePartition, Long> offsets = new HashMap<>();
  private long recordWrites;
  private int batches;
  private int failNext;
  private int failedAttempts;

  private volatile long writeDelayMillis;

  /** Makes every write take this long (a slow disk), so a test can stop a pipeline part-way. */
  void writeDelay(long millis) {
    writeDelayMillis = millis;
  }

  synchronized void failNextWrites(int n) {
    failNext = n;
  }

  @Override
  public synchronized void write(IngestBatch batch) {
    if (writeDelayMillis > 0) {
      try {
        Thread.sleep(writeDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RetriableException("interrupted");
      }
    }
    if (failNext > 0) {
      failNext--;
      failedAttempts++;
      throw new RetriableException("injected retriable failure");
    }
    for (CustomerCdr r : batch.records()) {
      records.put(r.customer().value() + "/" + r.cdr().id().hex(), r);
    }
    recordWrites += batch.records().size();
    batch.nextOffsets().forEach((p, off) -> {
      Long prev = offsets.get(p);
      if (prev != null && off < prev) {
        throw new AssertionError("offsets went backwards on " + p);
      }
      offsets.put(p, off);
    });
    batches++;
  }

  @Override
  public synchronized Map<SourcePartition, Long> storedOffsets() {
    return Map.copyOf(offsets);
  }

  synchronized List<CustomerCdr> records() {
    return List.copyOf(records.values());
  }

  synchronized long recordWrites() {
    return recordWrites;
  }

  synchronized int failedAttempts() {
    return failedAttempts;
  }

  synchronized int batches() {
    return batches;
  }

  synchronized long offsetSum() {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public RecordCursor records(AccessGrant grant) {
    throw new UnsupportedOperationException("test double");
  }

  @Override
  public AuditLedger auditLedger() {
    throw new UnsupportedOperationException("test double");
  }

  @Override
  public CustomerTagger customerTagger() {
    throw new UnsupportedOperationException("test double");
  }

  @Override
  public void close() {}
}
