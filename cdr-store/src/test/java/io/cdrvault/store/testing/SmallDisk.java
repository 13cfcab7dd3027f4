package io.cdrvault.store.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test (the machine's tests run as root; {@code mount -t tmpfs} is
 * allowed there and on CI). Fails loudly when it cannot mount — a disk-full test that silently
 * runs on a big disk proves nothing. Close it to unmount.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path dir;
  private final java.util.List<Path> fillers = new java.util.ArrayList<>();

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  /**
   * Mounts a tmpfs of {@code megabytes} MiB on {@code dir} (created if missing).
   *
   * @throws IllegalStateException with the mount command's output when mounting fails
   */
  public static SmallDisk mount(Path dir, int megabytes) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs",
        dir.toString()));
    if (out != null) {
      throw new IllegalStateException("this test needs a small tmpfs (run as root, mount -t tmpfs"
          + " allowed) and could not mount one on " + dir + ": " + out);
    }
    return new SmallDisk(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Writes another filler file until the file system says it is full. */
  public void fill() throws IOException {
    Path filler = dir.resolve("filler-" + fillers.size() + ".bin");
    fillers.add(filler);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream o = Files.newOutputStream(filler)) {
      while (true) {
        o.write(chunk);
        o.flush();
      }
    } catch (IOException e) {
      if (Files.getFileStore(dir).getUsableSpace() > chunk.length) {
        throw e;
      }
    }
    // the last partial chunk: fill the remaining bytes too
    try (OutputStream o = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      for (int i = 0; i < 64 * 1024; i++) {
        o.write(0);
        o.flush();
      }
    } catch (IOException full) {
      // full
    }
  }

  /** Deletes the filler files. */
  public void free() throws IOException {
    for (Path f : fillers) {
      Files.deleteIfExists(f);
    }
    fillers.clear();
  }

  /** Unmounts (lazily, so a still-open file cannot keep it mounted). */
  @Override
  public void close() throws IOException, InterruptedException {
    String out = run(List.of("umount", "-l", dir.toString()));
    if (out != null) {
      throw new IllegalStateException("could not unmount " + dir + ": " + out);
    }
  }

  /** Runs a command; null on exit 0, else its output and exit code. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return "cannot run " + command.get(0) + ": " + e.getMessage();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return command.get(0) + " timed out";
    }
    return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
  }
}
