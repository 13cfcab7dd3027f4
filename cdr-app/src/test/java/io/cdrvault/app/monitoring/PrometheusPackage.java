package io.cdrvault.app.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's {@code prometheus} package ({@code /usr/bin/prometheus} and {@code /usr/bin/promtool}):
 * installed with {@code apt-get} at most once per JVM, and only when a binary is missing, so the
 * monitoring IT runs on a fresh build machine (root, Debian mirror reachable). A Prometheus service
 * the package starts is stopped again; tests run their own server.
 *
 * <p>Thread-safe.
 */
final class PrometheusPackage {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(1);

  private static boolean ensured;

  /** A finished command: its exit code and its standard output and error, interleaved. */
  record Run(int code, String output) {}

  private PrometheusPackage() {}

  /**
   * Installs the package unless both binaries are there.
   *
   * @throws IllegalStateException when apt-get fails (its output is in the message)
   */
  static synchronized void ensureInstalled() {
    if (ensured) {
      return;
    }
    if (!Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
      Set<Long> before = daemons();
      List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "prometheus");
      Run r = run(APT_TIMEOUT, install);
      if (r.code() != 0) { // a fresh machine may not have the package lists yet
        Run update = run(APT_TIMEOUT, List.of("apt-get", "update"));
        r = update.code() == 0 ? run(APT_TIMEOUT, install) : update;
      }
      if (r.code() != 0 || !Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
        throw new IllegalStateException("cannot install Debian's prometheus package (exit "
            + r.code() + "):\n" + tail(r.output()));
      }
      stopStartedDaemons(before);
    }
    ensured = true;
  }

  /** Runs {@code promtool} with {@code args}. */
  static Run promtool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(PROMTOOL.toString());
    command.addAll(List.of(args));
    return run(TOOL_TIMEOUT, command);
  }

  /** The last lines of {@code output}. */
  static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
  }

  /** The ids of running processes of {@link #PROMETHEUS}. */
  private static Set<Long> daemons() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.equals(PROMETHEUS.toString())).orElse(false))
        .map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** Stops a service the installation started (where the init system let it start one). */
  private static void stopStartedDaemons(Set<Long> before) {
    Set<Long> started = daemons();
    started.removeAll(before);
    if (started.isEmpty()) {
      return;
    }
    run(TOOL_TIMEOUT, List.of("service", "prometheus", "stop"));
    for (long pid : started) {
      ProcessHandle.of(pid).ifPresent(p -> {
        p.destroy();
        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
      });
    }
  }

  private static Run run(Duration timeout, List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("prometheus-package", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        return new Run(-1, String.join(" ", command) + " timed out after " + timeout + "\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Run(-1, String.join(" ", command) + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command.get(0), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          out.toFile().deleteOnExit();
        }
      }
    }
  }
}
