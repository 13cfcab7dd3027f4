package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

  @Test
  void parse_ofAnEmptySection_usesTheDocumentedDefaults() {
    Config c = StoreConfig.parse(Map.of());

    StoreSettings s = StoreConfig.settings(c);
    assertThat(s.dataDir()).isEqualTo(Path.of("data"));
    assertThat(s.syncWrites()).isFalse();
    assertThat(s.dekCacheSize()).isEqualTo(StoreSettings.DEFAULT_DEK_CACHE_SIZE);
    assertThat(c.getString(StoreConfig.KEYSTORE_TYPE)).isEqualTo("PKCS12");
    assertThat(c.getString(StoreConfig.KEYSTORE_PASSWORD_ENV)).isEqualTo("CDRVAULT_KEYSTORE_PASSWORD");
  }

  @Test
  void parse_reportsEveryBadKeyAtOnce() {
    assertThatThrownBy(() -> StoreConfig.parse(Map.of(
        "keystore.type", "JKS", "dekCacheSize", "0", "syncWrites", "yes", "keystore.passwordEnv", "A B")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(4)
            .anySatisfy(p -> assertThat(p).contains("keystore.type"))
            .anySatisfy(p -> assertThat(p).contains("dekCacheSize"))
            .anySatisfy(p -> assertThat(p).contains("syncWrites"))
            .anySatisfy(p -> assertThat(p).contains("keystore.passwordEnv")));
  }

  @Test
  void keystorePassword_readsTheNamedVariable_andNamesItWhenMissing() {
    Config c = StoreConfig.parse(Map.of("keystore.passwordEnv", "MY_KS_PW"));

    assertThat(StoreConfig.keystorePassword(c, Map.of("MY_KS_PW", "s3cret"))).containsExactly("s3cret".toCharArray());
    assertThatThrownBy(() -> StoreConfig.keystorePassword(c, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("MY_KS_PW");
  }

  @Test
  void keystorePassword_fromAFile_overridesTheDefaultVariable_butNotAnExplicitOne(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path f = java.nio.file.Files.writeString(dir.resolve("ks-pw"), "from-file\n");
    Config c = StoreConfig.parse(Map.of("keystore.passwordFile", f.toString()));
    assertThat(StoreConfig.keystorePassword(c, Map.of("CDRVAULT_KEYSTORE_PASSWORD", "from-env")))
        .containsExactly("from-file".toCharArray());
    Config both = StoreConfig.parse(Map.of("keystore.passwordFile", f.toString(), "keystore.passwordEnv", "MY_PW"));
    assertThatThrownBy(() -> StoreConfig.keystorePassword(both, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("keystore.passwordFile");
  }

  @Test
  void markdown_documentsEveryKey() {
    String md = StoreConfig.DEF.markdown();
    for (String k : new String[] {"dataDir", "keystore.path", "keystore.type", "keystore.passwordEnv",
        "syncWrites", "dekCacheSize"}) {
      assertThat(md).contains("`" + k + "`");
    }
  }

  @Test
  void storeSettingsBuiltInCode_passTheDeclaredValidators() {
    Path dir = Path.of("data");
    assertThat(new StoreSettings(dir, false, 10_000_000, 0).dekCacheSize()).isEqualTo(10_000_000);

    assertThatThrownBy(() -> new StoreSettings(dir, false, 10_000_001, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'dekCacheSize' is invalid: must be 1..10000000");
    assertThatThrownBy(() -> StoreConfig.parse(Map.of("dekCacheSize", "10000001")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("key 'dekCacheSize' is invalid: must be 1..10000000"));
    assertThatThrownBy(() -> StoreSettings.defaults(dir).withMinFreeDiskBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'minFreeDiskBytes' is invalid: must be at least 0");
  }

  @Test
  void defaults_ofTheParsedSection_areTheSettingsDefaults() {
    assertThat(StoreConfig.settings(StoreConfig.parse(Map.of())))
        .isEqualTo(StoreSettings.defaults(Path.of("data")));
  }
}
