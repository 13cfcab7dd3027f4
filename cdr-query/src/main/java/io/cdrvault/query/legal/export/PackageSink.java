package io.cdrvault.query.legal.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the files of an export package go, one after the other: entries of a zip streamed to a
 * client ({@link ZipPackageStream}) or files in a directory ({@link DirectoryPackage}). A package
 * is valid only once {@link #complete()} returned; {@link #close()} before that abandons it.
 *
 * <p>Not thread-safe.
 */
public interface PackageSink extends AutoCloseable {
  /**
   * Starts the next file; closing the returned stream ends it (and does not close the sink).
   * Only one file is open at a time.
   */
  OutputStream file(String name) throws IOException;

  /** Every file was written: makes the package whole (a zip writes its central directory). */
  void complete() throws IOException;

  /** Releases the sink; if {@link #complete()} was not reached, abandons the package. Idempotent. */
  @Override
  void close();
}
