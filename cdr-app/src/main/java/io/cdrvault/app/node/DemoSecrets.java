package io.cdrvault.app.node;

import io.cdrvault.query.auth.CustomerAssertions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's secrets: each from its environment variable as {@code serve} reads it, or generated
 * once into the demo's data directory (owner-only) with a loud warning — demo only.
 */
final class DemoSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  private final Path dataDir;

  DemoSecrets(Path dataDir) {
    this.dataDir = dataDir;
  }

  /**
   * The customer assertion key: {@value CustomerAssertions#KEY_ENV} as {@code serve} reads it, or
   * generated once into the data directory (owner-only, like the demo keystore password) so that
   * {@code cdrvault assertion --data-dir} mints assertions this node accepts — demo only.
   */
  CustomerAssertions assertions() throws IOException {
    String value = System.getenv(CustomerAssertions.KEY_ENV);
    if (value != null && !value.isBlank()) {
      return CustomerAssertions.fromBase64(value);
    }
    Path file = CustomerAssertions.demoKeyFile(dataDir);
    LOG.warn("DEMO ONLY: customer assertion key read from {} because {} is not set; a production node "
        + "takes it from the environment", file, CustomerAssertions.KEY_ENV);
    return CustomerAssertions.fromKeyFile(file, true);
  }

  /** The demo keystore's password: from the environment, or generated once into the data dir. */
  char[] keystorePassword() throws IOException {
    return secret("CDRVAULT_KEYSTORE_PASSWORD", "demo-keystore.password");
  }

  /**
   * A demo secret: from the environment variable, or generated once into {@code data/keys/FILE}
   * (owner-only) with a loud warning — demo only.
   */
  char[] secret(String env, String fileName) throws IOException {
    String value = System.getenv(env);
    if (value != null && !value.isEmpty()) {
      return value.toCharArray();
    }
    Path file = dataDir.resolve("keys").resolve(fileName);
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      byte[] raw = new byte[24];
      new SecureRandom().nextBytes(raw);
      Files.writeString(file, HexFormat.of().formatHex(raw), StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
    }
    LOG.warn("DEMO ONLY: secret read from {} because {} is not set; a production node takes it "
        + "from the environment", file, env);
    return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
  }
}
