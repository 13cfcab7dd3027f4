package io.cdrvault.query.testing;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.SourcePartition;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * In-memory test doubles of the store contracts, all in one place so that tests can be switched to
 * the real {@code RocksCdrStore} / {@code RocksAuditLedger} by changing only
 * {@link #newStore()} and the fixtures that call it. Plaintext, no encryption, no hash chain:
 * for cdr-query tests only.
 */
public final class StoreDoubles {
  private StoreDoubles() {}

  /** A fresh, empty in-memory store with its own ledger and tagger. */
  public static InMemoryCdrStore newStore() {
    return new InMemoryCdrStore(new InMemoryAuditLedger(), new HmacTagger());
  }

  /** A CdrStore holding records in a list; counts reads and open cursors. Thread-safe. */
  public static final class InMemoryCdrStore implements CdrStore {
    /** Keyed like the real store: customer + record id, so a resend overwrites itself. */
    private final Map<String, CustomerCdr> records = new LinkedHashMap<>();
    private final Map<SourcePartition, Long> offsets = new HashMap<>();
    private final InMemoryAuditLedger ledger;
    private final CustomerTagger tagger;
    private final AtomicInteger readsStarted = new AtomicInteger();
    private final AtomicInteger openCursors = new AtomicInteger();
    private volatile boolean ignoreScope;

    InMemoryCdrStore(InMemoryAuditLedger ledger, CustomerTagger tagger) {
      this.ledger = ledger;
      this.tagger = tagger;
    }

    /** Adds records directly (as an ingest batch would, without offsets). */
    public void put(List<CustomerCdr> rs) {
      write(new IngestBatch(rs, Map.of()));
    }

    @Override
    public synchronized void write(IngestBatch batch) {
      for (CustomerCdr r : batch.records()) {
        records.put(r.customer().value() + "/" + r.cdr().id().hex(), r);
      }
      offsets.putAll(batch.nextOffsets());
    }

    @Override
    public synchronized Map<SourcePartition, Long> storedOffsets() {
      return Map.copyOf(offsets);
    }

    @Override
    public RecordCursor records(AccessGrant grant) {
      AccessScope scope = grant.scope();
      List<CustomerCdr> hits;
      synchronized (this) {
        hits = records.values().stream()
            .filter(r -> ignoreScope
                || (r.customer().equals(scope.customer()) && scope.covers(r.cdr().start())))
            .sorted(Comparator.comparing((CustomerCdr r) -> r.cdr().start()))
            .toList();
      }
      readsStarted.incrementAndGet();
      openCursors.incrementAndGet();
      Iterator<CustomerCdr> it = hits.iterator();
      return new RecordCursor() {
        private boolean closed;

        @Override
        public boolean hasNext() {
          return !closed && it.hasNext();
        }

        @Override
        public CustomerCdr next() {
          return it.next();
        }

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            openCursors.decrementAndGet();
          }
        }
      };
    }

    /**
     * While true, {@link #records} returns every record regardless of the grant's scope: a
     * misbehaving store, to prove callers re-check the scope. (Not a mode of the real store.)
     */
    public void ignoreScope(boolean ignore) {
      this.ignoreScope = ignore;
    }

    /** How many times {@link #records} was called (a read of plaintext began). */
    public int readsStarted() {
      return readsStarted.get();
    }

    /** Cursors opened and not yet closed. */
    public int openCursors() {
      return openCursors.get();
    }

    @Override
    public InMemoryAuditLedger auditLedger() {
      return ledger;
    }

    @Override
    public CustomerTagger customerTagger() {
      return tagger;
    }

    @Override
    public void close() {}
  }

  /** An AuditLedger in a list, without a hash chain; can be told to fail. Thread-safe. */
  public static final class InMemoryAuditLedger implements AuditLedger {
    private final List<AuditEntry> entries = new ArrayList<>();
    private volatile boolean failing;

    /** While true, every append throws {@link AuditUnavailableException}. */
    public void failAppends(boolean fail) {
      this.failing = fail;
    }

    @Override
    public synchronized AuditEntry append(AuditEvent event) {
      if (failing) {
        throw new AuditUnavailableException("test ledger is failing",
            new java.io.IOException("simulated disk failure"));
      }
      AuditEntry e = new AuditEntry(entries.size() + 1L, event, "", "");
      entries.add(e);
      return e;
    }

    @Override
    public synchronized VerificationResult verify() {
      return VerificationResult.intact(entries.size());
    }

    @Override
    public synchronized List<AuditEntry> read(long fromSequence, int limit) {
      return entries.stream().filter(e -> e.sequence() >= fromSequence).limit(limit).toList();
    }

    @Override
    public synchronized long lastSequence() {
      return entries.size();
    }

    /** All entries so far. */
    public synchronized List<AuditEntry> entries() {
      return List.copyOf(entries);
    }
  }

  /** HMAC-SHA256 tagger with a fixed test key. */
  public static final class HmacTagger implements CustomerTagger {
    private final SecretKeySpec key = new SecretKeySpec(
        "cdr-query-test-index-key-000000".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

    @Override
    public byte[] tag(CustomerId customer) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return Arrays.copyOf(mac.doFinal(customer.value().getBytes(StandardCharsets.UTF_8)), 16);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
