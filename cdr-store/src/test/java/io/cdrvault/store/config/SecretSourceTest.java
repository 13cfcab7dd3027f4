package io.cdrvault.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourceTest {
  @TempDir
  Path dir;

  @Test
  void file_losesOneTrailingNewline_andNothingElse() throws Exception {
    Path f = dir.resolve("pw");
    Files.writeString(f, " s3cr\u00e9t \n\n", StandardCharsets.UTF_8);
    assertThat(SecretSource.file("k.passwordFile", f).read(Map.of(), "the password"))
        .containsExactly(" s3cr\u00e9t \n".toCharArray());
    Files.writeString(f, "abc\r\n", StandardCharsets.UTF_8);
    assertThat(SecretSource.file("k.passwordFile", f).read(Map.of(), "the password"))
        .containsExactly("abc".toCharArray());
  }

  @Test
  void env_readsTheNamedVariable() {
    assertThat(SecretSource.env("k.passwordEnv", "PW").read(Map.of("PW", "x1"), "the password"))
        .containsExactly('x', '1');
  }

  @Test
  void emptyMissingOrDirectory_areRefused_namingKeyAndPlace_neverContent() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> SecretSource.file("a.passwordFile", empty).read(Map.of(), "the password"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a.passwordFile").hasMessageContaining("is empty");
    assertThatThrownBy(() -> SecretSource.file("a.passwordFile", dir.resolve("none")).read(Map.of(), "x"))
        .hasMessageContaining("does not exist").hasMessageContaining("a.passwordFile");
    assertThatThrownBy(() -> SecretSource.file("a.passwordFile", dir).read(Map.of(), "x"))
        .hasMessageContaining("is a directory");
    Path big = Files.write(dir.resolve("big"), new byte[SecretSource.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> SecretSource.file("a.passwordFile", big).read(Map.of(), "x"))
        .hasMessageContaining("larger than");
    assertThatThrownBy(() -> SecretSource.env("a.passwordEnv", "PW").read(Map.of("PW", ""), "the password"))
        .hasMessageContaining("'PW'").hasMessageContaining("a.passwordEnv");
  }

  @Test
  void of_takesExactlyOne_andAFileOverridesTheDefaultVariable() {
    assertThat(SecretSource.of("e", "", "f", "", null)).isEmpty();
    assertThat(SecretSource.of("e", "PW", "f", " ", null)).contains(SecretSource.env("e", "PW"));
    assertThat(SecretSource.of("e", "DEFAULT_PW", "f", "/run/s/pw", "DEFAULT_PW"))
        .contains(SecretSource.file("f", Path.of("/run/s/pw")));
    assertThatThrownBy(() -> SecretSource.of("x.passwordEnv", "PW", "x.passwordFile", "/run/s/pw", "DEFAULT_PW"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set only one of keys 'x.passwordEnv' and 'x.passwordFile'");
  }

  @Test
  void toString_namesThePlace_notTheSecret() throws Exception {
    Path f = Files.writeString(dir.resolve("pw"), "hunter2");
    assertThat(SecretSource.file("k", f).toString()).contains(f.toString()).doesNotContain("hunter2");
  }
}
