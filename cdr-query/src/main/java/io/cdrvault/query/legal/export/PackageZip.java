package io.cdrvault.query.legal.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An export package as one zip archive, the form the HTTP API answers with (the API streams it
 * with {@link ZipPackageStream}, records first; {@link #pack} zips a package directory). Packing is
 * deterministic: entries in file-name order, every entry with the same fixed timestamp, no
 * comments or extra fields, so identical package files give identical archives. Unpacking accepts
 * only plain file names (no directories, no {@code ..}, no absolute paths: "zip slip" is
 * refused), no duplicates, and at most {@link #MAX_ENTRIES} entries of at most
 * {@code maxEntryBytes} each, in any order.
 *
 * <p>Stateless and thread-safe. Arguments are non-null.
 */
public final class PackageZip {
  /** Media type of a packed export. */
  public static final String MEDIA_TYPE = "application/zip";
  /** The most entries an archive may hold (a package has six files). */
  public static final int MAX_ENTRIES = 64;
  /** Timestamp written on every entry (local DOS time; any fixed value works). */
  static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
  /**
   * Deflate level of every entry: the fastest. At the default level compressing the record files
   * was 40 % of a 200,000-record export's CPU (BENCHMARKS.md §10); level 1 is several times faster
   * and still shrinks NDJSON and CSV severalfold.
   */
  static final int LEVEL = java.util.zip.Deflater.BEST_SPEED;
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private PackageZip() {}

  /**
   * Writes every regular file directly in {@code dir} to {@code out} as a zip archive, in name
   * order. Does not close {@code out}.
   *
   * @throws IOException if a file cannot be read or the stream written
   */
  public static void pack(Path dir, OutputStream out) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(out, "out");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile)
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    }
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.setLevel(LEVEL);
    for (Path f : files) {
      ZipEntry e = new ZipEntry(f.getFileName().toString());
      e.setTimeLocal(ENTRY_TIME);
      zip.putNextEntry(e);
      Files.copy(f, zip);
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }

  /**
   * Unpacks an archive into {@code dir} (created if missing; must be empty). On failure the files
   * written so far remain; the caller decides whether to delete them.
   *
   * @throws UnsafeArchiveException if an entry is a directory or has a name that is not a plain
   *     file name, a name repeats, there are too many entries, or an entry is too large
   * @throws IOException if the stream cannot be read or a file written
   * @throws IllegalArgumentException if {@code dir} exists and is not an empty directory
   */
  public static int unpack(InputStream in, Path dir, long maxEntryBytes) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(dir, "dir");
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        throw new IllegalArgumentException("the output directory must be empty");
      }
    }
    Path root = dir.toAbsolutePath().normalize();
    Set<String> seen = new HashSet<>();
    int count = 0;
    ZipInputStream zip = new ZipInputStream(in);
    byte[] buf = new byte[8192];
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      count++;
      if (count > MAX_ENTRIES) {
        throw new UnsafeArchiveException("the archive has more than " + MAX_ENTRIES + " entries");
      }
      String name = e.getName();
      if (e.isDirectory() || !SAFE_NAME.matcher(name).matches()) {
        throw new UnsafeArchiveException("archive entry " + count
            + " is not a plain file name (directories and paths are refused)");
      }
      if (!seen.add(name)) {
        throw new UnsafeArchiveException("archive entry " + count + " repeats an earlier name");
      }
      Path target = root.resolve(name).normalize();
      if (!target.getParent().equals(root)) {
        throw new UnsafeArchiveException("archive entry " + count + " escapes the output directory");
      }
      long written = 0;
      try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
        for (int n = zip.read(buf); n >= 0; n = zip.read(buf)) {
          written += n;
          if (written > maxEntryBytes) {
            throw new UnsafeArchiveException("archive entry " + count + " is larger than "
                + maxEntryBytes + " bytes");
          }
          out.write(buf, 0, n);
        }
      }
      zip.closeEntry();
    }
    return count;
  }

  /**
   * Reads an archive into memory (name to content, in archive order), with the checks of {@link
   * #unpack}; the console verifies and hands over a package without writing it to disk.
   *
   * @throws UnsafeArchiveException as {@link #unpack}, or if the entries together are larger
   *     than {@code maxTotalBytes}
   * @throws IOException if the stream cannot be read
   */
  public static Map<String, byte[]> read(InputStream in, long maxTotalBytes) throws IOException {
    Objects.requireNonNull(in, "in");
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    ZipInputStream zip = new ZipInputStream(in);
    byte[] buf = new byte[8192];
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      int count = files.size() + 1;
      if (count > MAX_ENTRIES) {
        throw new UnsafeArchiveException("the archive has more than " + MAX_ENTRIES + " entries");
      }
      if (e.isDirectory() || !SAFE_NAME.matcher(e.getName()).matches()) {
        throw new UnsafeArchiveException("archive entry " + count
            + " is not a plain file name (directories and paths are refused)");
      }
      if (files.containsKey(e.getName())) {
        throw new UnsafeArchiveException("archive entry " + count + " repeats an earlier name");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int n = zip.read(buf); n >= 0; n = zip.read(buf)) {
        total += n;
        if (total > maxTotalBytes) {
          throw new UnsafeArchiveException("the archive is larger than " + maxTotalBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
      files.put(e.getName(), out.toByteArray());
      zip.closeEntry();
    }
    return files;
  }

  /** An archive that cannot be unpacked safely; the message names entry positions, not content. */
  public static final class UnsafeArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsafeArchiveException(String message) {
      super(message);
    }
  }
}
