package io.cdrvault.query.http;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A node for {@link AttackMemoryIT} to run in a child JVM with a small heap: the {@link ApiFixture}
 * node (real RocksDB) over {@code args[0]}; prints {@code PORT n} and {@code MAXHEAP bytes}, and
 * stops (flushing the counted anonymous refusals into the ledger) when its standard input says
 * {@code stop} or ends.
 */
public final class AttackNodeMain {
  private AttackNodeMain() {}

  public static void main(String[] args) throws Exception {
    try (ApiFixture api = ApiFixture.start(Path.of(args[0]))) {
      System.out.println("MAXHEAP " + Runtime.getRuntime().maxMemory());
      System.out.println("PORT " + api.server.port());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
        // wait
      }
    }
    System.out.println("STOPPED");
    System.out.flush();
  }
}
