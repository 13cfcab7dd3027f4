package io.cdrvault.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster for one benchmark run: {@code initdb} into {@code dir/pgdata}
 * (trust authentication, superuser {@code postgres}), the given settings appended to
 * {@code postgresql.conf}, listening on 127.0.0.1 only, on a free port, with its unix socket in
 * {@code dir}. When the JVM runs as root the server runs as the {@code postgres} OS user
 * ({@code runuser}), which then owns {@code dir}. {@link #close()} stops the server
 * ({@code pg_ctl stop -m fast}); deleting {@code dir} is the caller's.
 *
 * <p>Binaries: {@code $PG_BIN} if set, else the newest {@code /usr/lib/postgresql/N/bin}, else
 * {@code initdb} on the {@code PATH}. Not thread-safe, except {@link #close()} (idempotent, safe
 * from a shutdown hook).
 */
public final class PgCluster implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final Path data;
  private final Path log;
  private final int port;
  private final boolean asPostgresUser;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PgCluster(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("pgdata");
    this.log = dir.resolve("postgres.log");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Creates and starts a cluster in {@code dir} (an empty directory) with {@code settings}
   * (name → value, written to {@code postgresql.conf}; {@code listen_addresses}, {@code port} and
   * {@code unix_socket_directories} are added here).
   *
   * @throws IllegalStateException if no PostgreSQL binaries are found or a step fails (the
   *     server log's tail is in the message)
   */
  public static PgCluster start(Path dir, Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    Path bin = findBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    PgCluster c = new PgCluster(bin, dir, freePort(), root);
    try {
      Files.createDirectories(dir);
      if (root) {
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()), "chown to postgres");
      }
      c.pg(List.of(bin.resolve("initdb").toString(), "-D", c.data.toString(), "-U", "postgres",
          "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"), "initdb");
      Map<String, String> all = new LinkedHashMap<>();
      all.put("listen_addresses", "127.0.0.1");
      all.put("port", Integer.toString(c.port));
      all.put("unix_socket_directories", dir.toString());
      all.putAll(settings);
      StringBuilder conf = new StringBuilder("\n# cdrvault PostgresPeer\n");
      all.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
      Files.writeString(c.data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      c.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", c.data.toString(), "-l", c.log.toString(),
          "-w", "-t", "120", "start"), "pg_ctl start");
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw new IllegalStateException("starting PostgreSQL in " + dir + " failed" + c.logTail(), e);
    }
  }

  /** The server's version as {@code postgres --version} prints it, e.g. {@code postgres (PostgreSQL) 15.18}. */
  public String serverVersion() {
    return run(List.of(bin.resolve("postgres").toString(), "--version"), "postgres --version").trim();
  }

  /** A JDBC URL for the {@code postgres} database over TCP on 127.0.0.1. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** The binaries directory used. */
  public Path bin() {
    return bin;
  }

  /** Whether the server runs as the {@code postgres} OS user (this JVM is root). */
  public boolean runsAsPostgresUser() {
    return asPostgresUser;
  }

  public int port() {
    return port;
  }

  /** Stops the server (fast shutdown) if it was started. Idempotent; never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true) || !Files.exists(data.resolve("postmaster.pid"))) {
      return;
    }
    try {
      pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "120",
          "stop"), "pg_ctl stop");
    } catch (RuntimeException e) {
      System.err.println("warning: stopping PostgreSQL failed: " + e.getMessage());
    }
  }

  private String pg(List<String> cmd, String what) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(cmd);
    return run(full, what);
  }

  private static String run(List<String> cmd, String what) {
    try {
      // in /, which every user may enter (the caller's directory may be closed to postgres)
      Process p = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " did not finish in 5 minutes");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(what + " exited with " + p.exitValue() + ": " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(what + " could not be run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    }
  }

  private String logTail() {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "; server log:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static Path findBin() {
    String env = System.getenv("PG_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> s = Files.list(lib)) {
        Path best = s.filter(p -> p.getFileName().toString().matches("[0-9]+")
                && Files.isExecutable(p.resolve("bin/initdb")))
            .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
            .orElse(null);
        if (best != null) {
          return best.resolve("bin");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + lib, e);
      }
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "initdb"))) {
        try { // a symlink such as /usr/local/bin/initdb: pg_ctl and postgres sit beside its target
          return Path.of(d, "initdb").toRealPath().getParent();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot resolve " + d + "/initdb", e);
        }
      }
    }
    throw new IllegalStateException("no PostgreSQL binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin "
        + "or on the PATH; install the Debian package 'postgresql' or set PG_BIN");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
