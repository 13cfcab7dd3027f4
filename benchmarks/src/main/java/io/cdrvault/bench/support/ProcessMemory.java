package io.cdrvault.bench.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's memory as benchmarks report it. Stateless and thread-safe. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** {@code "RSS <VmRSS> (peak <VmHWM>"} from {@code /proc/self/status}, without the closing parenthesis. */
  public static String rssOpen() {
    try {
      String rss = "?";
      String hwm = "?";
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = line.substring(6).trim();
        } else if (line.startsWith("VmHWM:")) {
          hwm = line.substring(6).trim();
        }
      }
      return "RSS " + rss + " (peak " + hwm;
    } catch (IOException e) {
      return "RSS unknown (peak unknown";
    }
  }

  /**
   * The sum of the heap pools' peak use since the JVM started, in bytes: an upper bound of the
   * heap's peak (each pool's peak may fall at a different moment).
   */
  public static long heapPoolPeaks() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
