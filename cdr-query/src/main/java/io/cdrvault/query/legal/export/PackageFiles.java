package io.cdrvault.query.legal.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of a package as {@link ExportVerifier} reads them: a directory on disk (the CLI), or
 * a map held in memory (the console, which never writes a package to the node's disk).
 */
interface PackageFiles {
  boolean has(String name) throws IOException;

  byte[] read(String name) throws IOException;

  /** Lowercase hex SHA-256 of the file. */
  String sha256(String name) throws IOException;

  /** Every entry's name (directories included, so an unexpected one is reported). */
  Set<String> names() throws IOException;

  static PackageFiles of(Path dir) {
    return new PackageFiles() {
      @Override
      public boolean has(String name) {
        return Files.isRegularFile(dir.resolve(name));
      }

      @Override
      public byte[] read(String name) throws IOException {
        return Files.readAllBytes(dir.resolve(name));
      }

      @Override
      public String sha256(String name) {
        return ExportPackage.sha256(dir.resolve(name));
      }

      @Override
      public Set<String> names() throws IOException {
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
          s.forEach(p -> present.add(p.getFileName().toString()));
        }
        return present;
      }
    };
  }

  static PackageFiles of(Map<String, byte[]> files) {
    return new PackageFiles() {
      @Override
      public boolean has(String name) {
        return files.containsKey(name);
      }

      @Override
      public byte[] read(String name) {
        return files.get(name).clone();
      }

      @Override
      public String sha256(String name) {
        return HexFormat.of().formatHex(ExportPackage.sha256().digest(files.get(name)));
      }

      @Override
      public Set<String> names() {
        return files.keySet();
      }
    };
  }
}
