package io.cdrvault.app.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution {@code target/cdrvault-<version>-dist.tar.gz} (ADR 0033) as an operator
 * unpacks it: the layout, an executable launcher that runs the jar with {@code lib/} (directly
 * and through a symlink), the same class path as {@code target/lib} without the demo's broker,
 * and a systemd unit and config example that fit together — {@code init} accepts the example
 * config in the installed layout and creates the keys where the unit's data directory is.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("cdrvault.version", "0.1.0-SNAPSHOT");
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path TARBALL = TARGET.resolve("cdrvault-" + VERSION + "-dist.tar.gz");
  private static final String BASE = "cdrvault-" + VERSION + "/";

  /** Entry name (without the base directory) → tar mode, for files. */
  private static final Map<String, Integer> FILES = new LinkedHashMap<>();

  @TempDir static Path unpacked;

  @BeforeAll
  static void unpack() throws IOException {
    assertThat(TARBALL).as("built by mvn package").isRegularFile();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(TARBALL));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        assertThat(e.getName()).as("every entry is under the base directory").startsWith(BASE);
        assertThat(e.isSymbolicLink() || e.isLink()).as("no links: %s", e.getName()).isFalse();
        Path out = unpacked.resolve(e.getName()).normalize();
        assertThat(out.startsWith(unpacked)).as("stays inside: %s", e.getName()).isTrue();
        if (e.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        FILES.put(e.getName().substring(BASE.length()), e.getMode() & 07777);
        Files.createDirectories(out.getParent());
        Files.copy(tar, out);
        Files.setPosixFilePermissions(out, permissions(e.getMode()));
      }
    }
  }

  @Test
  void layout_hasLauncherJarLibConfigUnitAndReadme() {
    assertThat(FILES).containsKeys("bin/cdrvault", "cdrvault.jar", "README.md",
        "systemd/cdrvault.service", "config/node.systemd.example.yaml", "config/node.example.yaml",
        "config/policy.yaml", "config/principals.yaml", "config/logback.xml",
        "config/grafana/cdrvault.json", "config/prometheus/alerts.yml", "docs/operations.md",
        "docs/configuration.md");
    assertThat(FILES.get("bin/cdrvault")).as("launcher mode").isEqualTo(0755);
    assertThat(FILES).allSatisfy((name, mode) -> assertThat(mode & 0002)
        .as("%s is not world-writable", name).isZero());
    assertThat(FILES.keySet()).noneMatch(n -> n.startsWith("lib-demo/") || n.contains("/lib-demo/"));
  }

  @Test
  void lib_isExactlyServesClassPath_withoutTheDemoBroker() throws IOException {
    Set<String> lib = FILES.keySet().stream().filter(n -> n.startsWith("lib/"))
        .map(n -> n.substring("lib/".length())).collect(Collectors.toCollection(TreeSet::new));
    try (Stream<Path> built = Files.list(TARGET.resolve("lib"))) {
      assertThat(lib).isEqualTo(built.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jar")).collect(Collectors.toCollection(TreeSet::new)));
    }
    assertThat(lib).anyMatch(n -> n.startsWith("rocksdbjni-"))
        .noneMatch(n -> n.startsWith("cdr-kafka-embedded") || n.startsWith("kafka_")
            || n.startsWith("scala-"));
  }

  @Test
  void systemdUnit_runsTheLauncherAsANonRootUser_withHardening() throws IOException {
    String unit = Files.readString(home().resolve("systemd/cdrvault.service"));
    assertThat(unit).contains("User=cdrvault", "Group=cdrvault", "StateDirectory=cdrvault",
        "ExecStart=/opt/cdrvault/bin/cdrvault serve --config /etc/cdrvault/node.yaml",
        "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/cdrvault",
        "PrivateTmp=yes", "CapabilityBoundingSet=\n", "WantedBy=multi-user.target");
    assertThat(unit).doesNotContainPattern("(?m)^User=root");
    // the example config the unit names keeps its data in the unit's writable directory
    String config = Files.readString(home().resolve("config/node.systemd.example.yaml"));
    assertThat(config).contains("dataDir: /var/lib/cdrvault", "passwordFile: /etc/cdrvault/credentials/",
        "signingKeyPasswordFile: /etc/cdrvault/credentials/");
  }

  @Test
  void launcher_printsTheVersion_directlyAndThroughASymlink(@TempDir Path elsewhere) throws Exception {
    Run direct = run(elsewhere, home().resolve("bin/cdrvault").toString(), "--version");
    assertThat(direct.exit).as(direct.out).isZero();
    assertThat(direct.out.strip()).isEqualTo("cdrvault " + VERSION);

    Path link = Files.createSymbolicLink(elsewhere.resolve("cdrvault"), home().resolve("bin/cdrvault"));
    Run linked = run(elsewhere, link.toString(), "--version");
    assertThat(linked.exit).as(linked.out).isZero();
    assertThat(linked.out.strip()).isEqualTo("cdrvault " + VERSION);

    Run help = run(elsewhere, link.toString(), "--help");
    assertThat(help.exit).as(help.out).isZero();
    assertThat(help.out).contains("serve", "init", "audit");
  }

  @Test
  void init_acceptsTheSystemdExampleConfig_inTheInstalledLayout(@TempDir Path root) throws Exception {
    // the INSTALL steps, with /etc/cdrvault and /var/lib/cdrvault moved under a temp root
    Path etc = Files.createDirectories(root.resolve("etc/cdrvault/credentials"));
    Path varLib = Files.createDirectories(root.resolve("var/lib/cdrvault"));
    String config = Files.readString(home().resolve("config/node.systemd.example.yaml"))
        .replace("/etc/cdrvault/", root.resolve("etc/cdrvault") + "/")
        .replace("/var/lib/cdrvault", varLib.toString());
    Path nodeYaml = etc.getParent().resolve("node.yaml");
    Files.writeString(nodeYaml, config);
    Files.copy(home().resolve("config/policy.yaml"), etc.getParent().resolve("policy.yaml"));
    Files.copy(home().resolve("config/principals.yaml"), etc.getParent().resolve("principals.yaml"));
    for (String secret : List.of("keystore-password", "signing-key-password")) {
      Path f = etc.resolve(secret);
      Files.writeString(f, "test-" + secret + "\n");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r-----"));
    }

    Run init = run(root, home().resolve("bin/cdrvault").toString(), "init", "--config", nodeYaml.toString());

    assertThat(init.exit).as(init.out).isZero();
    assertThat(varLib.resolve("keys/keystore.p12")).isRegularFile();
    assertThat(varLib.resolve("keys/signing-key.p8")).isRegularFile();
    assertThat(init.out).doesNotContain("test-keystore-password", "test-signing-key-password");
  }

  private static Path home() {
    return unpacked.resolve(BASE);
  }

  private record Run(int exit, String out) {}

  private static Run run(Path dir, String... cmd) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("CDRVAULT_JAVA_OPTS",
        "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.io.tmpdir=" + dir);
    pb.environment().remove("CDRVAULT_KEYSTORE_PASSWORD");
    pb.environment().remove("CDRVAULT_SIGNING_KEY_PASSWORD");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", String.join(" ", cmd)).isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
    }
    return PosixFilePermissions.fromString(s.toString());
  }
}
