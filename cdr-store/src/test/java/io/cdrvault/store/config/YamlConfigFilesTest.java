package io.cdrvault.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigFilesTest {
  @TempDir Path dir;

  @Test
  void syntaxError_namesTheLine_andNotTheContent() throws Exception {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, "store:\n  dataDir: /var/lib/cdrvault\ningest:\n  topic: [cdr.raw\n  groupId: secret-value\n");

    assertThatThrownBy(() -> YamlConfigFiles.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.yaml is not valid YAML (syntax error at line ")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void syntaxError_reportsTheLineOfTheBadToken() throws Exception {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, "store:\n  dataDir: x\n  syncWrites: false\n bad-indent: 1\n");

    assertThatThrownBy(() -> YamlConfigFiles.load(file))
        .hasMessageContaining("line 4,");
  }

  @Test
  void validFile_flattensToDottedKeys() throws Exception {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, "store:\n  dataDir: x\n");
    assertThat(YamlConfigFiles.load(file)).containsEntry("store.dataDir", "x");
  }
}
