package io.cdrvault.store.rocks;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerCdr;
import java.util.NoSuchElementException;

/**
 * Common lifecycle of the store's cursors: each step runs under the store's read lock and fails
 * once the store is closed; {@link #close()} is idempotent and releases native resources.
 *
 * <p>Not thread-safe (one reader per cursor).
 */
abstract class StoreCursor implements CdrStore.RecordCursor {
  private final RecordReader reader;
  private final AccessGrant grant;
  private CustomerCdr next;
  private boolean done;
  volatile boolean storeClosed;

  StoreCursor(RecordReader reader, AccessGrant grant) {
    this.reader = reader;
    this.grant = grant;
  }

  /** The next record, or null when there is none. Runs under the store's read lock. */
  abstract CustomerCdr advance();

  /** Releases native resources; called once. */
  abstract void release();

  @Override
  public final boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      if (storeClosed) {
        throw new CdrVaultException("store was closed while this cursor was open");
      }
      return false;
    }
    next = reader.gate().shared(this::advance);
    if (next == null) {
      close();
    }
    return next != null;
  }

  @Override
  public final GrantedCdr next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    CustomerCdr r = next;
    next = null;
    reader.countRead();
    return grant.project(r);
  }

  @Override
  public final void close() {
    if (done) {
      return;
    }
    done = true;
    next = null;
    release();
    reader.gate().forget(this);
  }
}
