package io.cdrvault.store.rocks;

import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.errors.RetriableException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Translates {@link RocksDBException} into the project hierarchy, once, keeping the cause. */
final class RocksErrors {
  private RocksErrors() {}

  /**
   * {@link RetriableException} for no-space, I/O, busy, try-again and timed-out; else
   * {@link CdrVaultException}. No-space (the {@code NoSpace} sub-code, or an I/O error whose state
   * says the device has no space left) is of kind {@link RetriableException.Kind#DISK_FULL}, other
   * I/O errors {@link RetriableException.Kind#IO}. The message names the operation and the status
   * kind only.
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
    if (!retriable) {
      return new CdrVaultException(msg, e);
    }
    return new RetriableException(isNoSpace(s) ? RetriableException.Kind.DISK_FULL
        : code == Status.Code.IOError ? RetriableException.Kind.IO : RetriableException.Kind.OTHER, msg, e);
  }

  /** True for a status that says the disk is full. */
  static boolean isNoSpace(Status s) {
    if (s == null) {
      return false;
    }
    if (s.getSubCode() == Status.SubCode.NoSpace) {
      return true;
    }
    String state = s.getState();
    return s.getCode() == Status.Code.IOError && state != null
        && state.toLowerCase(java.util.Locale.ROOT).contains("no space");
  }
}
