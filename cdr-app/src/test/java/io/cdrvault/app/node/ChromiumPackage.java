package io.cdrvault.app.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} and {@code chromium-driver} packages ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}): installed with {@code apt-get} at most once per JVM and only when
 * a binary is missing, so the console's browser test runs on a fresh build machine (root, Debian
 * mirror reachable) — as the monitoring IT installs Prometheus.
 *
 * <p>Thread-safe.
 */
final class ChromiumPackage {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

  private static boolean ensured;

  private ChromiumPackage() {}

  /**
   * Installs the packages unless both binaries are there.
   *
   * @throws IllegalStateException when apt-get fails (the end of its output is in the message)
   */
  static synchronized void ensureInstalled() {
    if (ensured) {
      return;
    }
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends",
          "chromium", "chromium-driver");
      String[] r = run(install);
      if (!r[0].equals("0")) { // a fresh machine may not have the package lists yet
        String[] update = run(List.of("apt-get", "update"));
        r = update[0].equals("0") ? run(install) : update;
      }
      if (!r[0].equals("0") || !Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
        throw new IllegalStateException("cannot install Debian's chromium and chromium-driver (exit "
            + r[0] + "):\n" + tail(r[1]));
      }
    }
    ensured = true;
  }

  private static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
  }

  /** Exit code (as text) and output of {@code command}. */
  private static String[] run(List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("chromium-package", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = pb.start();
      if (!p.waitFor(APT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        return new String[] {"-1", String.join(" ", command) + " timed out\n"
            + Files.readString(out, StandardCharsets.UTF_8)};
      }
      return new String[] {Integer.toString(p.exitValue()), Files.readString(out, StandardCharsets.UTF_8)};
    } catch (IOException e) {
      return new String[] {"-1", String.join(" ", command) + ": " + e};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command.get(0), e);
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }
}
