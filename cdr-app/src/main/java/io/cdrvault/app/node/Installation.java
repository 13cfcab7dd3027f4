package io.cdrvault.app.node;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the installation's default files live: {@code -Dcdrvault.home} (set by the launcher), else the working directory. */
final class Installation {
  private Installation() {}

  static Path home() {
    String h = System.getProperty("cdrvault.home");
    return h != null ? Path.of(h) : Path.of("").toAbsolutePath();
  }

  /** {@code config/<name>} of the installation; fails with the path when missing. */
  static Path configFile(String name) {
    Path p = home().resolve("config").resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("default configuration file missing: " + p);
    }
    return p;
  }
}
