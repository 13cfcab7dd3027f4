package io.cdrvault.query.testing;

import io.cdrvault.store.IngestBatch;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.AuditUnavailableException;
import io.cdrvault.store.audit.VerificationResult;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.ForwardingCdrStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link RocksCdrStore} (real RocksDB, real keyring and sealing, its real hash-chained audit
 * ledger and HMAC customer tagger) behind a thin delegating wrapper that only <em>observes</em> and
 * <em>injects faults</em>: it counts {@link #records} calls and open cursors, and can make the real
 * ledger's appends fail. Every call reaches the real store; nothing is simulated.
 *
 * <p>Thread-safe (as the real store). {@link #close()} closes the real store and is idempotent.
 */
public final class ObservedStore extends ForwardingCdrStore {
  private static final char[] KEYSTORE_PASSWORD = "cdr-query-test".toCharArray();

  private final RocksCdrStore rocks;
  private final FaultInjectingLedger ledger;
  private final AtomicInteger readsStarted = new AtomicInteger();
  private final AtomicInteger openCursors = new AtomicInteger();

  private ObservedStore(RocksCdrStore real) {
    super(real);
    this.rocks = real;
    this.ledger = new FaultInjectingLedger(real.auditLedger());
  }

  /**
   * Creates a fresh keystore ({@code dir/keystore.p12}, random keys) and opens a real store in
   * {@code dir/data}; {@code dir} should be a JUnit {@code @TempDir}.
   */
  public static ObservedStore open(Path dir, MeterRegistry registry, Clock clock) {
    Keyring keyring = Keyring.create(dir.resolve("keystore.p12"), "PKCS12", KEYSTORE_PASSWORD);
    return new ObservedStore(RocksCdrStore.open(StoreSettings.defaults(dir.resolve("data")), keyring,
        registry, clock));
  }

  /** Opens again a store that {@link #open} created under {@code dir} (same keystore). */
  public static ObservedStore reopen(Path dir, MeterRegistry registry, Clock clock) {
    Keyring keyring = Keyring.load(dir.resolve("keystore.p12"), "PKCS12", KEYSTORE_PASSWORD);
    return new ObservedStore(RocksCdrStore.open(StoreSettings.defaults(dir.resolve("data")), keyring,
        registry, clock));
  }

  /** The data directory of the real store (holds {@code rocksdb/}). */
  public Path dataDir() {
    return rocks.settings().dataDir();
  }

  /** Writes records through the real store as an ingest batch without offsets. */
  public void put(List<CustomerCdr> records) {
    write(new IngestBatch(records, Map.of()));
  }



  @Override
  public RecordCursor records(AccessGrant grant, String afterCustomerTagHex) {
    return observe(real.records(grant, afterCustomerTagHex));
  }

  @Override
  public RecordCursor records(AccessGrant grant) {
    return observe(real.records(grant));
  }

  private RecordCursor observe(RecordCursor cursor) {
    readsStarted.incrementAndGet();
    openCursors.incrementAndGet();
    return new RecordCursor() {
      private boolean closed;

      @Override
      public boolean hasNext() {
        return cursor.hasNext();
      }

      @Override
      public GrantedCdr next() {
        return cursor.next();
      }

      @Override
      public void close() {
        cursor.close();
        if (!closed) {
          closed = true;
          openCursors.decrementAndGet();
        }
      }
    };
  }

  /** How many times {@link #records} was called (a read of plaintext began). */
  public int readsStarted() {
    return readsStarted.get();
  }

  /** Cursors opened and not yet closed. */
  public int openCursors() {
    return openCursors.get();
  }

  /** The real ledger, wrapped so that a test can make its appends fail. */
  @Override
  public FaultInjectingLedger auditLedger() {
    return ledger;
  }



  /**
   * The store's real {@link AuditLedger}; while {@link #failAppends(boolean) failing}, an append
   * throws {@link AuditUnavailableException} before reaching the real ledger (fault injection:
   * a full or broken disk). Thread-safe.
   */
  public static final class FaultInjectingLedger implements AuditLedger {
    private final AuditLedger real;
    private volatile boolean failing;

    FaultInjectingLedger(AuditLedger real) {
      this.real = Objects.requireNonNull(real, "real");
    }

    /** While true, every append fails and writes nothing. */
    public void failAppends(boolean fail) {
      this.failing = fail;
    }

    @Override
    public AuditEntry append(AuditEvent event) {
      if (failing) {
        throw new AuditUnavailableException("injected ledger failure",
            new IOException("simulated disk failure"));
      }
      return real.append(event);
    }

    @Override
    public VerificationResult verify() {
      return real.verify();
    }

    @Override
    public List<AuditEntry> read(long fromSequence, int limit) {
      return real.read(fromSequence, limit);
    }

    @Override
    public long lastSequence() {
      return real.lastSequence();
    }

    @Override
    public java.util.Optional<io.cdrvault.store.audit.AuditCheckpoint> latestCheckpoint() {
      return real.latestCheckpoint();
    }

    /** Every entry of the real ledger, in order. */
    public List<AuditEntry> entries() {
      return real.read(1, Integer.MAX_VALUE);
    }
  }
}
