package io.cdrvault.store.rocks;

import io.cdrvault.store.errors.CdrVaultException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Who may use the store now. Ordinary work (batch writes, reads, registry calls) passes
 * {@linkplain #shared shared}; work that changes which files and keys exist (dropping a month,
 * destroying data keys, closing the store) passes {@linkplain #exclusive alone}. The gate also
 * knows the open cursors, so dropped column families are closed only once no cursor can still use
 * them ({@code whenIdle}).
 *
 * <p>Thread-safe.
 */
final class StoreGate {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<StoreCursor> openCursors = ConcurrentHashMap.newKeySet();
  private final Runnable whenIdle;
  /** Guarded by the write lock; read under either lock. */
  private boolean closed;

  /** {@code whenIdle} runs, with the gate held alone, when the last open cursor closes. */
  StoreGate(Runnable whenIdle) {
    this.whenIdle = whenIdle;
  }

  /** Runs {@code action} beside other shared work, on an open store. */
  <T> T shared(Supplier<T> action) {
    return locked(lock.readLock(), action);
  }

  /** Runs {@code action} alone, on an open store. */
  <T> T exclusive(Supplier<T> action) {
    return locked(lock.writeLock(), action);
  }

  /** Runs {@code close} alone, once: false (and nothing run) if the store was already closed. */
  boolean closeOnce(Runnable close) {
    lock.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      close.run();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Runs {@code action} beside other shared work if the store is open; else {@code ifClosed}. */
  <T> T sharedIfOpen(Supplier<T> action, Supplier<T> ifClosed) {
    lock.readLock().lock();
    try {
      return closed ? ifClosed.get() : action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Throws unless the store is open; the caller holds the gate. */
  void ensureOpen() {
    if (closed) {
      throw new CdrVaultException("store is closed");
    }
  }

  /** Opens a cursor from {@code factory} on an open store and remembers it until it closes. */
  StoreCursor register(Supplier<StoreCursor> factory) {
    return shared(() -> {
      StoreCursor c = factory.get();
      openCursors.add(c);
      return c;
    });
  }

  /** Forgets a closed cursor; the last one out lets {@code whenIdle} run. */
  void forget(StoreCursor c) {
    openCursors.remove(c);
    if (openCursors.isEmpty() && lock.writeLock().tryLock()) {
      try {
        runIfIdle();
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  /** Runs {@code whenIdle} if no cursor is open; the caller holds the gate alone. */
  void runIfIdle() {
    if (openCursors.isEmpty()) {
      whenIdle.run();
    }
  }

  /** The cursors open now. */
  List<StoreCursor> openCursors() {
    return List.copyOf(openCursors);
  }

  private <T> T locked(Lock l, Supplier<T> action) {
    l.lock();
    try {
      ensureOpen();
      return action.get();
    } finally {
      l.unlock();
    }
  }
}
