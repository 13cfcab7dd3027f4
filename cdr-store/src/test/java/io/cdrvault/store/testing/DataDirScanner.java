package io.cdrvault.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Scans every regular file under a directory for the UTF-8 bytes of given strings, to prove that
 * no plaintext reached the disk. Findings name the file and the needle's index, never the needle.
 *
 * <p>Stateless and thread-safe.
 */
public final class DataDirScanner {
  private DataDirScanner() {}

  /**
   * Finds every (file, needle) occurrence.
   *
   * @param needles strings of at least 4 UTF-8 bytes
   * @return findings like {@code rocksdb/000012.sst: needle #17}, sorted; empty when clean
   */
  public static List<String> findOccurrences(Path dir, Collection<String> needles) {
    List<byte[]> bs = new ArrayList<>();
    for (String s : needles) {
      bs.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return findBytes(dir, bs);
  }

  /**
   * As {@link #findOccurrences} for binary needles (storage keys, wrapped keys), each at least 4
   * bytes.
   */
  public static List<String> findBytes(Path dir, Collection<byte[]> needles) {
    List<byte[]> ns = new ArrayList<>();
    Map<Integer, List<Integer>> byPrefix = new HashMap<>();
    for (byte[] b : needles) {
      if (b.length < 4) {
        throw new IllegalArgumentException("needle #" + ns.size() + " is shorter than 4 bytes");
      }
      byPrefix.computeIfAbsent(prefix(b, 0), k -> new ArrayList<>()).add(ns.size());
      ns.add(b);
    }
    TreeSet<String> findings = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path f : files) {
      byte[] data;
      try {
        data = Files.readAllBytes(f);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String name = dir.relativize(f).toString();
      for (int i = 0; i + 4 <= data.length; i++) {
        List<Integer> cands = byPrefix.get(prefix(data, i));
        if (cands == null) {
          continue;
        }
        for (int idx : cands) {
          byte[] n = ns.get(idx);
          if (matches(data, i, n)) {
            findings.add(name + ": needle #" + idx);
          }
        }
      }
    }
    return new ArrayList<>(findings);
  }

  /** How many regular files lie under {@code dir} (to show a scan looked at something). */
  public static long countFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int prefix(byte[] b, int i) {
    return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  private static boolean matches(byte[] data, int at, byte[] n) {
    if (at + n.length > data.length) {
      return false;
    }
    for (int j = 4; j < n.length; j++) {
      if (data[at + j] != n[j]) {
        return false;
      }
    }
    return true;
  }
}
