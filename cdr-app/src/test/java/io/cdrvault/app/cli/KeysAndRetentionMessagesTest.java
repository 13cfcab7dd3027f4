package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Messages of {@code keys retire} and of the retention options name what the user did. */
class KeysAndRetentionMessagesTest {
  @TempDir Path dir;

  @Test
  void keysRetire_ofTheCurrentVersion_saysItIsCurrent_andToRotateFirst() throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Keyring.openOrCreateDemo(keys.resolve("demo-keystore.p12"), "pw-0123456789".toCharArray());
    Files.writeString(keys.resolve("demo-keystore.password"), "pw-0123456789");
    StringWriter err = new StringWriter();
    CommandLine cl = KeysCommand.group(Map.of());
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("retire", "--version", "1", "--data-dir", dir.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("kek-v1 is the current key-encryption key version")
        .contains("keys rotate").doesNotContain("run 'cdrvault keys rewrap' first");
  }

  @Test
  void passwordFile_givesTheKeystorePassword_andOnlyOneOfItAndANamedVariableMayBeGiven() throws Exception {
    Path ks = Files.createDirectories(dir.resolve("keys")).resolve("keystore.p12");
    Keyring.openOrCreateDemo(ks, "pw-0123456789".toCharArray());
    Path pw = Files.writeString(dir.resolve("ks-password"), "pw-0123456789\n");
    StringWriter err = new StringWriter();
    CommandLine cl = KeysCommand.group(Map.of());
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("retire", "--version", "1", "--data-dir", dir.toString(), "--password-file", pw.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("kek-v1 is the current key-encryption key version");
    assertThatThrownBy(() -> StoreOptions.fromFile("MY_PW", pw, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--password-env")
        .hasMessageContaining("--password-file");
    assertThat(StoreOptions.fromFile("CDRVAULT_KEYSTORE_PASSWORD", pw, Map.of())).hasValueSatisfying(
        p -> assertThat(p).containsExactly("pw-0123456789".toCharArray()));
  }

  @Test
  void retentionPolicy_belowTheMinimum_blamesTheKeyThatSetIt() {
    assertThatThrownBy(() -> RetentionPolicy.parse("US", "P6M", List.of(), List.of("US.VOICE=P18M")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'retention.default' sets the retention of VOICE below its statutory minimum P18M")
        .hasMessageNotContaining("retention.overrides");
    assertThatThrownBy(() -> RetentionPolicy.parse("US", "P18M", List.of("US.SMS=P6M", "US.VOICE=P1M"),
        List.of("US.VOICE=P18M")))
        .hasMessageContaining("key 'retention.overrides' entry 1 sets the retention of VOICE");
  }

  @Test
  void retentionOption_belowTheMinimum_namesTheOption() {
    LifecycleCommands.StoreOptions options = new LifecycleCommands.StoreOptions();
    options.jurisdiction = "US";
    options.retention = "P6M";

    assertThatThrownBy(options::policy)
        .hasMessageContaining("--retention sets the retention of VOICE below its statutory minimum P18M")
        .hasMessageContaining("--statutory-minimum")
        .hasMessageNotContaining("retention.overrides");
  }
}
