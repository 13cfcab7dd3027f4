package io.cdrvault.store.rocks;

import io.cdrvault.store.CdrVaultException;
import io.cdrvault.store.RetriableException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Translates {@link RocksDBException} into the project hierarchy, once, keeping the cause. */
final class RocksErrors {
  private RocksErrors() {}

  /**
   * {@link RetriableException} for no-space, I/O, busy, try-again and timed-out; else
   * {@link CdrVaultException}. The message names the operation and the status kind only.
   */
  static CdrVaultException translate(String operation, RocksDBException e) {
    Status s = e.getStatus();
    Status.Code code = s == null ? null : s.getCode();
    Status.SubCode sub = s == null ? null : s.getSubCode();
    String kind = code == null ? "unknown status" : code.name()
        + (sub == null || sub == Status.SubCode.None ? "" : "/" + sub.name());
    boolean retriable = sub == Status.SubCode.NoSpace
        || code == Status.Code.IOError
        || code == Status.Code.Busy
        || code == Status.Code.TryAgain
        || code == Status.Code.TimedOut;
    String msg = operation + " failed: " + kind;
    return retriable ? new RetriableException(msg, e) : new CdrVaultException(msg, e);
  }
}
