package io.cdrvault.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (ADR 0027): {@code java -jar target/cdrvault.jar serve} runs on the
 * jar's manifest {@code Class-Path}, which is exactly {@code lib/} and holds no embedded broker,
 * no Scala and no broker-side Kafka module; those are in {@code lib-demo/}, for the demo alone.
 */
class ServeClasspathIT {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path JAR = TARGET.resolve("cdrvault.jar");
  /** Class-file prefixes only the broker side has: kafka_2.13, Scala, cdr-kafka-embedded, raft. */
  private static final List<String> BROKER_CLASSES = List.of("kafka/", "scala/",
      "io/cdrvault/kafka/embedded/", "org/apache/kafka/raft/");

  @Test
  void theJarsClassPath_isExactlyLib_withoutBrokerOrScala() throws IOException {
    Attributes manifest;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      manifest = jar.getManifest().getMainAttributes();
    }
    assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.cdrvault.app.cli.CdrVaultCli");
    List<String> classPath = Arrays.asList(manifest.getValue(Attributes.Name.CLASS_PATH).trim().split("\\s+"));
    assertThat(classPath).allMatch(e -> e.startsWith("lib/"), "in lib/");
    assertThat(new TreeSet<>(classPath.stream().map(e -> e.substring("lib/".length())).toList()))
        .as("the Class-Path names every jar of lib/ and nothing else")
        .isEqualTo(jarNames(TARGET.resolve("lib")));

    assertThat(jarNames(TARGET.resolve("lib")))
        .noneMatch(n -> n.startsWith("scala-") || n.startsWith("cdr-kafka-embedded")
            || n.startsWith("kafka_") || n.startsWith("kafka-server") || n.startsWith("kafka-raft"))
        .filteredOn(n -> n.startsWith("kafka")).allMatch(n -> n.startsWith("kafka-clients-"));
    for (String entry : classPath) {
      assertThat(brokerClasses(TARGET.resolve(entry))).as(entry).isEmpty();
    }
  }

  @Test
  void theBroker_isInLibDemo_only() throws IOException {
    Set<String> demo = jarNames(TARGET.resolve("lib-demo"));
    assertThat(demo).anyMatch(n -> n.startsWith("cdr-kafka-embedded-"))
        .anyMatch(n -> n.startsWith("kafka_2.13-")).anyMatch(n -> n.startsWith("scala-library-"));
    assertThat(demo).doesNotContainAnyElementsOf(jarNames(TARGET.resolve("lib")));
    // control: the scan that finds nothing in lib/ does find the broker in lib-demo/
    List<String> found = new ArrayList<>();
    for (String n : demo) {
      found.addAll(brokerClasses(TARGET.resolve("lib-demo").resolve(n)));
    }
    assertThat(found).contains("kafka/server/KafkaRaftServer.class", "scala/Predef.class",
        "io/cdrvault/kafka/embedded/EmbeddedKafkaBroker.class");
  }

  private static Set<String> jarNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar"))
          .toList());
    }
  }

  private static List<String> brokerClasses(Path jarFile) throws IOException {
    try (JarFile jar = new JarFile(jarFile.toFile())) {
      return jar.stream().map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && BROKER_CLASSES.stream().anyMatch(n::startsWith))
          .toList();
    }
  }
}
