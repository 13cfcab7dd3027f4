package io.cdrvault.query.legal.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An export package written as a zip archive straight to a stream (the HTTP response), one entry
 * after the other, nothing held but the deflater's buffers. Deterministic as {@link PackageZip}:
 * the same fixed entry time, no comments or extra fields, so the same files in the same order give
 * the same bytes. {@link PackageZip#unpack} reads it (it does not depend on entry order).
 *
 * <p>Abandoning ({@link #close()} before {@link #complete()}) writes nothing more: the archive has
 * no central directory and no entries after the one in progress, so a client cannot take it for a
 * complete package. The underlying stream is never closed by this class (its owner closes it).
 *
 * <p>Not thread-safe.
 */
public final class ZipPackageStream implements PackageSink {
  private final Guard guard;
  private final ZipOutputStream zip;
  private boolean entryOpen;
  private boolean completed;
  private boolean closed;

  public ZipPackageStream(OutputStream out) {
    this.guard = new Guard(Objects.requireNonNull(out, "out"));
    this.zip = new ZipOutputStream(guard);
    zip.setLevel(PackageZip.LEVEL);
  }

  @Override
  public OutputStream file(String name) throws IOException {
    if (entryOpen || completed || closed) {
      throw new IllegalStateException("an entry is open or the archive is finished");
    }
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(PackageZip.ENTRY_TIME);
    zip.putNextEntry(e);
    entryOpen = true;
    return new FilterOutputStream(zip) {
      private boolean ended;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        zip.write(b, off, len);
      }

      @Override
      public void flush() {
        // entries are flushed by the archive
      }

      @Override
      public void close() throws IOException {
        if (!ended) {
          ended = true;
          zip.closeEntry();
          entryOpen = false;
        }
      }
    };
  }

  @Override
  public void complete() throws IOException {
    if (entryOpen) {
      throw new IllegalStateException("an entry is still open");
    }
    zip.finish();
    guard.flush();
    completed = true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!completed) {
      guard.poisoned = true;
    }
    try {
      zip.close(); // releases the deflater; writes nothing once poisoned or finished
    } catch (IOException e) {
      // abandoned: the refusal to write is the point
    }
  }

  /** Passes writes through until poisoned; never closes the stream it wraps. */
  private static final class Guard extends FilterOutputStream {
    boolean poisoned;

    Guard(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      check();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check();
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      check();
      out.flush();
    }

    @Override
    public void close() {
      // the owner of the wrapped stream closes it
    }

    private void check() throws IOException {
      if (poisoned) {
        throw new IOException("the export package was abandoned");
      }
    }
  }
}
