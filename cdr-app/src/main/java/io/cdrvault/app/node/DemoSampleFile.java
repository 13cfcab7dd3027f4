package io.cdrvault.app.node;

import io.cdrvault.ingest.simulate.TrafficSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A switch's own file for the demo's {@code produce} example: Asterisk {@code cdr_csv} lines of the
 * simulated switch {@code pbx1} (the demo's customers, its source settings), written once into the
 * data directory, so the printed command runs as pasted.
 */
final class DemoSampleFile {
  static final String SOURCE = "pbx1";
  private static final int LINES = 20;

  private DemoSampleFile() {}

  /**
   * Writes {@code data/samples/Master.csv} from {@code asteriskOnly} (a simulator of the demo's
   * customers producing only asterisk-csv) unless it exists; returns its path.
   */
  static Path write(Path dataDir, TrafficSimulator asteriskOnly) throws IOException {
    Path file = dataDir.resolve("samples").resolve("Master.csv");
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling("Master.csv.partial");
    try (OutputStream out = Files.newOutputStream(partial)) {
      int written = 0;
      for (int tries = 0; written < LINES && tries < 100 * LINES; tries++) {
        TrafficSimulator.Payload p = asteriskOnly.next();
        if (SOURCE.equals(p.origin()) && "asterisk-csv".equals(p.format())) {
          out.write(p.value());
          if (p.value().length == 0 || p.value()[p.value().length - 1] != '\n') {
            out.write('\n');
          }
          written++;
        }
      }
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
