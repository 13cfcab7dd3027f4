package io.cdrvault.app.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image tarball Jib writes in {@code package} (ADR 0033), read as a container runtime would:
 * {@code manifest.json}, the image config it names and the layers. Without {@code -Pimage} the
 * tarball is the configuration check built FROM scratch (it has no JRE and cannot run); with
 * {@code -Pimage} it is the runnable image, and the base's Java runtime is checked too. Both come
 * from the one Jib configuration in cdr-app's pom.
 */
class ImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = System.getProperty("cdrvault.version", "0.1.0-SNAPSHOT");
  private static final String FROM = System.getProperty("cdrvault.image.from", "scratch");
  private static final String NAME = System.getProperty("cdrvault.image.name",
      "cdrvault-config-check:" + VERSION);
  private static final Path TAR = Path.of(System.getProperty("cdrvault.image.tar",
      "target/image-check/jib-image.tar"));

  private static JsonNode manifest;
  private static JsonNode config;
  /** Layer file name in the tarball → the paths it holds (without a leading "/" or "./"). */
  private static final Map<String, List<String>> LAYERS = new HashMap<>();

  @BeforeAll
  static void read() throws IOException {
    assertThat(TAR).as("written by jib:buildTar in package").isRegularFile();
    Map<String, byte[]> small = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new BufferedInputStream(Files.newInputStream(TAR)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().endsWith(".json")) {
          small.put(e.getName(), tar.readAllBytes());
        } else if (e.isFile()) {
          LAYERS.put(e.getName(), entries(tar));
        }
      }
    }
    manifest = JSON.readTree(small.get("manifest.json")).get(0);
    config = JSON.readTree(small.get(manifest.get("Config").asText()));
  }

  @Test
  void config_runsTheCliAsANonRootUser() {
    JsonNode c = config.get("config");
    assertThat(c.get("User").asText()).isEqualTo("10001:10001");
    List<String> entrypoint = strings(c.get("Entrypoint"));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=50", "-Dcdrvault.home=/opt/cdrvault",
        "-Dlogback.configurationFile=/opt/cdrvault/config/logback.xml", "-cp")
        .endsWith("io.cdrvault.app.cli.CdrVaultCli");
    assertThat(strings(c.get("Cmd"))).containsExactly("serve", "--config", "/etc/cdrvault/node.yaml");
    assertThat(c.get("WorkingDir").asText()).isEqualTo("/var/lib/cdrvault");
  }

  @Test
  void config_exposesTheApiPort_andTheDataVolume_withLabels() {
    JsonNode c = config.get("config");
    assertThat(names(c.get("ExposedPorts"))).containsExactly("8080/tcp");
    assertThat(names(c.get("Volumes"))).containsExactly("/var/lib/cdrvault");
    JsonNode labels = c.get("Labels");
    assertThat(labels.get("org.opencontainers.image.title").asText()).isEqualTo("cdrvault");
    assertThat(labels.get("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
    assertThat(labels.get("org.opencontainers.image.base.name").asText()).isEqualTo(FROM);
    assertThat(c.has("Healthcheck")).as("probes belong to the orchestrator (deploy/kubernetes)").isFalse();
    assertThat(strings(manifest.get("RepoTags"))).containsExactly(NAME.contains(":") ? NAME : NAME + ":latest");
  }

  @Test
  void layers_holdServesClassPathAndTheConfigDefaults_butNoDemoBroker() {
    List<String> all = LAYERS.values().stream().flatMap(List::stream).toList();
    assertThat(all).anyMatch(p -> p.matches("app/libs/rocksdbjni-.*\\.jar"))
        .anyMatch(p -> p.matches("app/libs/kafka-clients-.*\\.jar"))
        .anyMatch(p -> p.startsWith("app/classes/io/cdrvault/app/cli/CdrVaultCli"))
        .contains("app/jib-classpath-file", "opt/cdrvault/config/logback.xml",
            "opt/cdrvault/config/policy.yaml", "opt/cdrvault/config/principals.yaml");
    assertThat(all).noneMatch(p -> p.contains("cdr-kafka-embedded") || p.contains("/kafka_2.13")
        || p.contains("/scala-library"));
    assertThat(config.get("rootfs").get("diff_ids")).hasSize(manifest.get("Layers").size());
  }

  @Test
  void runnableImage_hasAJavaRuntime_unlessItIsTheScratchConfigCheck() {
    List<String> all = LAYERS.values().stream().flatMap(List::stream).toList();
    if (FROM.equals("scratch")) {
      assertThat(NAME).as("the check image is named for what it is").startsWith("cdrvault-config-check:");
      assertThat(all).noneMatch(p -> p.endsWith("bin/java"));
    } else {
      assertThat(all).as("the base (%s) brings java", FROM).anyMatch(p -> p.endsWith("bin/java"));
    }
  }

  private static List<String> entries(InputStream layer) throws IOException {
    BufferedInputStream in = new BufferedInputStream(layer);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    List<String> names = new ArrayList<>();
    TarArchiveInputStream t = new TarArchiveInputStream(gzip ? new GzipCompressorInputStream(in) : in);
    TarArchiveEntry e;
    while ((e = t.getNextEntry()) != null) {
      names.add(e.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""));
    }
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
