package io.cdrvault.query.legal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A package written as files into an existing directory ({@code ExportWriter.write(dir, …)}). An
 * abandoned package leaves the files written so far, without a manifest or signature.
 *
 * <p>Not thread-safe.
 */
final class DirectoryPackage implements PackageSink {
  private final Path dir;

  DirectoryPackage(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  @Override
  public OutputStream file(String name) throws IOException {
    return Files.newOutputStream(dir.resolve(name), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
  }

  @Override
  public void complete() {
    // each file was complete when its stream closed
  }

  @Override
  public void close() {
    // nothing held between files
  }
}
