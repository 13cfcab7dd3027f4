package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped {@code config/node.example.yaml}, installed into a test directory. */
final class ExampleConfigs {
  private ExampleConfigs() {}

  /**
   * The shipped example config as an operator installs it: config/ copied next to it, relative
   * paths made absolute under {@code home} (the working directory of a real install), only the
   * broker address and the port (0, free) changed.
   */
  static Path installedIn(Path home, String bootstrap) throws Exception {
    Path shipped = Path.of("..", "config");
    Files.createDirectories(home.resolve("config"));
    for (String f : new String[] {"principals.yaml", "policy.yaml", "subscribers.example.csv"}) {
      Files.copy(shipped.resolve(f), home.resolve("config").resolve(f));
    }
    String text = Files.readString(shipped.resolve("node.example.yaml"), StandardCharsets.UTF_8);
    assertThat(text).contains("bootstrapServers: 127.0.0.1:9092", "port: 8080");
    String h = home.toAbsolutePath() + "/";
    text = text.replace("bootstrapServers: 127.0.0.1:9092", "bootstrapServers: " + bootstrap)
        .replace("port: 8080", "port: 0")
        .replace(": node-data", ": " + h + "node-data")
        .replace(": config/", ": " + h + "config/");
    Path config = home.resolve("config/node.yaml");
    Files.writeString(config, text, StandardCharsets.UTF_8);
    return config;
  }
}
