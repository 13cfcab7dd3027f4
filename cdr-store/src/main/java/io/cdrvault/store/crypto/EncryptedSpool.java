package io.cdrvault.store.crypto;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Temporary files whose bytes are AES-256-GCM ciphertext under an ephemeral key that exists only
 * in this object's memory: data that must leave the heap for a while (the sorted runs of a large
 * legal export) goes to disk unreadable, and becomes unreadable for good once the spool is closed
 * or the process dies. Nothing is ever written in plaintext; the key is never written.
 *
 * <p>Each file is a sequence of chunks of at most {@value #CHUNK_BYTES} plaintext bytes, each
 * {@code final(1) ‖ ciphertextLength(4) ‖ ciphertext+tag}. The 96-bit nonce is
 * {@code fileNumber(4) ‖ chunkNumber(8)} (unique per key), and the associated data binds the file
 * number, chunk number and the final flag, so a reordered, swapped, altered, truncated or extended
 * file fails to read ({@link IOException}, naming the file number and chunk, never data).
 *
 * <p>The spool lives in a fresh directory {@code cdrvault-export-*} (owner-only permissions where
 * the file system supports them) under the parent the caller names; {@link #close()} deletes every
 * file and the directory and drops the key. Not thread-safe: one owner at a time (distinct files
 * may be read and written by the same thread interleaved).
 */
public final class EncryptedSpool implements AutoCloseable {
  /** Plaintext bytes per chunk. */
  public static final int CHUNK_BYTES = 32 * 1024;
  /** Prefix of the spool directory's name. */
  public static final String DIRECTORY_PREFIX = "cdrvault-export-";
  private static final int TAG_BYTES = 16;
  private static final int TAG_BITS = TAG_BYTES * 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final List<SpoolFile> files = new ArrayList<>();
  private SecretKeySpec key;
  private int nextFile;

  private EncryptedSpool(Path dir, SecretKeySpec key) {
    this.dir = dir;
    this.key = key;
  }

  /**
   * A new, empty spool in a fresh directory under {@code parent} (created if missing).
   *
   * @throws UncheckedIOException if the directory cannot be created
   */
  public static EncryptedSpool create(Path parent) {
    Objects.requireNonNull(parent, "parent");
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    SecretKeySpec key = new SecretKeySpec(raw, "AES");
    Arrays.fill(raw, (byte) 0);
    try {
      Files.createDirectories(parent);
      Path dir = parent.getFileSystem().supportedFileAttributeViews().contains("posix")
          ? Files.createTempDirectory(parent, DIRECTORY_PREFIX,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory(parent, DIRECTORY_PREFIX);
      return new EncryptedSpool(dir, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a spool directory", e);
    }
  }

  /** The directory the spool's files are in (deleted by {@link #close()}). */
  public Path directory() {
    return dir;
  }

  /** A new empty file of this spool; write it once, then read it any number of times. */
  public SpoolFile newFile() {
    if (key == null) {
      throw new IllegalStateException("the spool is closed");
    }
    int number = nextFile++;
    SpoolFile f = new SpoolFile(number, dir.resolve("spool-" + number + ".bin"));
    files.add(f);
    return f;
  }

  /** Deletes every file and the directory, and forgets the key. Idempotent. */
  @Override
  public void close() {
    key = null;
    for (SpoolFile f : files) {
      f.delete();
    }
    files.clear();
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a file someone else put there: leave the directory; the spooled data is already gone
    }
  }

  @Override
  public String toString() {
    return "EncryptedSpool[" + files.size() + " files]";
  }

  /** One encrypted temporary file. Not thread-safe. */
  public final class SpoolFile {
    private final int number;
    private final Path path;
    private boolean written;

    private SpoolFile(int number, Path path) {
      this.number = number;
      this.path = path;
    }

    /**
     * The stream that encrypts into this file; closing it writes the final chunk. May be called
     * once.
     *
     * @throws UncheckedIOException if the file cannot be created
     */
    public OutputStream write() {
      if (written) {
        throw new IllegalStateException("spool file " + number + " was already written");
      }
      written = true;
      try {
        return new ChunkWriter(number, Files.newOutputStream(path), cipher());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create spool file " + number, e);
      }
    }

    /**
     * A stream that decrypts this file, failing with {@link IOException} if it was altered,
     * truncated or extended.
     *
     * @throws UncheckedIOException if the file cannot be opened
     */
    public InputStream read() {
      try {
        return new ChunkReader(number, Files.newInputStream(path), cipher());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open spool file " + number, e);
      }
    }

    /** Size on disk (ciphertext and framing), for reports. */
    public long sizeOnDisk() {
      try {
        return Files.size(path);
      } catch (NoSuchFileException e) {
        return 0;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stat spool file " + number, e);
      }
    }

    /** Deletes the file now (it is also deleted when the spool closes). Idempotent. */
    public void delete() {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // retried by the spool's close; the content is ciphertext under a key about to be dropped
      }
    }

    /** The file's path, for tests that tamper with it. */
    public Path path() {
      return path;
    }
  }

  private Cipher cipher() {
    SecretKeySpec k = key;
    if (k == null) {
      throw new IllegalStateException("the spool is closed");
    }
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JVM", e);
    }
  }

  private SecretKeySpec key() throws IOException {
    SecretKeySpec k = key;
    if (k == null) {
      throw new IOException("the spool is closed");
    }
    return k;
  }

  private static byte[] nonce(int file, long chunk) {
    return ByteBuffer.allocate(12).putInt(file).putLong(chunk).array();
  }

  private static byte[] aad(int file, long chunk, boolean last) {
    return ByteBuffer.allocate(13).putInt(file).putLong(chunk).put((byte) (last ? 1 : 0)).array();
  }

  private final class ChunkWriter extends OutputStream {
    private final int file;
    private final OutputStream out;
    private final Cipher cipher;
    private final byte[] plain = new byte[CHUNK_BYTES];
    private final byte[] sealed = new byte[CHUNK_BYTES + TAG_BYTES];
    private int used;
    private long chunk;
    private boolean closed;

    ChunkWriter(int file, OutputStream out, Cipher cipher) {
      this.file = file;
      this.out = out;
      this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
      if (used == plain.length) {
        seal(false);
      }
      plain[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      while (len > 0) {
        if (used == plain.length) {
          seal(false);
        }
        int n = Math.min(len, plain.length - used);
        System.arraycopy(b, off, plain, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    private void seal(boolean last) throws IOException {
      if (closed) {
        throw new IOException("spool file " + file + " is closed");
      }
      int n;
      try {
        cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce(file, chunk)));
        cipher.updateAAD(aad(file, chunk, last));
        n = cipher.doFinal(plain, 0, used, sealed, 0);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot encrypt chunk " + chunk + " of spool file " + file, e);
      }
      out.write(last ? 1 : 0);
      out.write(ByteBuffer.allocate(4).putInt(n).array());
      out.write(sealed, 0, n);
      used = 0;
      chunk++;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      try {
        seal(true);
      } finally {
        closed = true;
        Arrays.fill(plain, (byte) 0);
        out.close();
      }
    }
  }

  private final class ChunkReader extends InputStream {
    private final int file;
    private final DataInputStream in;
    private final Cipher cipher;
    private final byte[] sealed = new byte[CHUNK_BYTES + TAG_BYTES];
    private final byte[] plain = new byte[CHUNK_BYTES];
    private int pos;
    private int limit;
    private long chunk;
    private boolean sawLast;

    ChunkReader(int file, InputStream in, Cipher cipher) {
      this.file = file;
      this.in = new DataInputStream(in);
      this.cipher = cipher;
    }

    @Override
    public int read() throws IOException {
      if (pos == limit && !fill()) {
        return -1;
      }
      return plain[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos == limit && !fill()) {
        return -1;
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(plain, pos, b, off, n);
      pos += n;
      return n;
    }

    /** Opens the next chunk; false at the authenticated end of the file. */
    private boolean fill() throws IOException {
      while (pos == limit) {
        if (sawLast) {
          if (in.read() >= 0) {
            throw new IOException("spool file " + file + " has data after its final chunk");
          }
          return false;
        }
        int flag;
        int n;
        try {
          flag = in.readUnsignedByte();
          n = in.readInt();
          if (flag > 1 || n < TAG_BYTES || n > sealed.length) {
            throw new IOException("spool file " + file + " chunk " + chunk + " is malformed");
          }
          in.readFully(sealed, 0, n);
        } catch (EOFException e) {
          throw new IOException("spool file " + file + " is truncated at chunk " + chunk, e);
        }
        try {
          cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce(file, chunk)));
          cipher.updateAAD(aad(file, chunk, flag == 1));
          limit = cipher.doFinal(sealed, 0, n, plain, 0);
        } catch (GeneralSecurityException e) {
          throw new IOException("spool file " + file + " chunk " + chunk
              + " failed authentication", e);
        }
        pos = 0;
        sawLast = flag == 1;
        chunk++;
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      Arrays.fill(plain, (byte) 0);
      in.close();
    }
  }
}
