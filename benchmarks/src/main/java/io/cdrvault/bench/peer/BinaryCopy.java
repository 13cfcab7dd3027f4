package io.cdrvault.bench.peer;

import java.util.Arrays;

/**
 * Builds one {@code COPY … FROM STDIN (FORMAT binary)} stream in memory: the 19-byte header, tuples
 * of {@code bytea} / {@code bigint} fields (big-endian, each with its 32-bit length, -1 for NULL)
 * and the {@code -1} trailer. Not thread-safe.
 */
public final class BinaryCopy {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

  private byte[] buf;
  private int len;
  private int rows;
  private boolean finished;

  /** A stream with the header written, sized for about {@code expectedBytes}. */
  public BinaryCopy(int expectedBytes) {
    buf = new byte[Math.max(64, expectedBytes)];
    put(SIGNATURE, 0, SIGNATURE.length);
    putInt(0); // flags: no OIDs
    putInt(0); // header extension length
  }

  /** Starts a tuple of {@code fields} fields. */
  public void startRow(int fields) {
    putShort(fields);
    rows++;
  }

  /** A {@code bytea} field, or NULL when {@code b} is null. */
  public void bytea(byte[] b) {
    if (b == null) {
      putInt(-1);
    } else {
      bytea(b, 0, b.length);
    }
  }

  /** A {@code bytea} field of {@code b[off, off+n)}. */
  public void bytea(byte[] b, int off, int n) {
    putInt(n);
    put(b, off, n);
  }

  /** A {@code bigint} field. */
  public void int8(long v) {
    putInt(8);
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[len + i] = (byte) v;
      v >>>= 8;
    }
    len += 8;
  }

  /** Writes the trailer; the stream is then {@code buffer()[0, length())}. Idempotent. */
  public void finish() {
    if (!finished) {
      putShort(-1);
      finished = true;
    }
  }

  public byte[] buffer() {
    return buf;
  }

  public int length() {
    return len;
  }

  /** Tuples written. */
  public int rows() {
    return rows;
  }

  private void putShort(int v) {
    ensure(2);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void putInt(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void put(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void ensure(int n) {
    if (finished) {
      throw new IllegalStateException("the COPY stream is finished");
    }
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }
}
