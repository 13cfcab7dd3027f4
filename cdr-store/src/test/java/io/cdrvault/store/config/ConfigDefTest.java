package io.cdrvault.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.config.ConfigDef.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
  private static final String SECRET = "hunter2-secret-value";

  private static final ConfigDef DEF = ConfigDef.builder("demo")
      .define("servers", Type.STRING, null, Validators.nonBlank("host:port[,host:port]"),
          "Brokers.")
      .define("batchSize", Type.INT, 2000, Range.between(1, 100_000), "Records per write.")
      .define("maxWait", Type.DURATION, Duration.ofMillis(200), Validators.positive(),
          "Longest wait.")
      .define("type", Type.STRING, "PKCS12", ValidString.in("PKCS12", "BCFKS"), "Keystore format.")
      .define("sync", Type.BOOLEAN, false, "fsync | each batch.")
      .define("dir", Type.PATH, Path.of("data"), Validators.nonEmptyPath(), "Data directory.")
      .define("minFree", Type.LONG, 256L, Range.atLeast(0), "Bytes to keep free.")
      .define("formats", Type.LIST, List.of(), "topic=format entries.")
      .defineSensitive("token", Type.STRING, "default-" + SECRET, Validators.nonBlank("a token"),
          "A secret.")
      .build();

  @Test
  void parse_ofNoValues_givesTheDefaults_typed() {
    Config c = DEF.parse(Map.of("servers", "h:1"));

    assertThat(c.getString("servers")).isEqualTo("h:1");
    assertThat(c.getInt("batchSize")).isEqualTo(2000);
    assertThat(c.get("batchSize", Type.INT)).isEqualTo(2000);
    assertThat(c.getDuration("maxWait")).isEqualTo(Duration.ofMillis(200));
    assertThat(c.getBoolean("sync")).isFalse();
    assertThat(c.getPath("dir")).isEqualTo(Path.of("data"));
    assertThat(c.getLong("minFree")).isEqualTo(256L);
    assertThat(c.getList("formats")).isEmpty();
  }

  @Test
  void parse_convertsYamlScalarsAndLists() {
    Config c = DEF.parse(Map.of("servers", " h:1 ", "batchSize", 100, "maxWait", "1s",
        "sync", "true", "minFree", "0", "formats", "a=x, b=y"));

    assertThat(c.getString("servers")).isEqualTo("h:1");
    assertThat(c.getInt("batchSize")).isEqualTo(100);
    assertThat(c.getDuration("maxWait")).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.getBoolean("sync")).isTrue();
    assertThat(c.getList("formats")).containsExactly("a=x", "b=y");
    assertThat(DEF.parse(Map.of("servers", "h:1", "formats", List.of("a=x", 3))).getList("formats"))
        .containsExactly("a=x", "3");
  }

  @Test
  void parse_reportsEveryProblemAtOnce_eachWithItsKey_neverAValue() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("batchSize", "0");
    raw.put("maxWait", "soon");
    raw.put("type", "JKS");
    raw.put("sync", "yes");
    raw.put("dir", List.of("a", "b"));
    raw.put("token", " ");
    raw.put("tpyo", SECRET);

    assertThatThrownBy(() -> DEF.parse(raw))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).containsExactlyInAnyOrder(
              "unknown key 'tpyo'",
              "missing required key 'servers'",
              "key 'batchSize' is invalid: must be 1..100000",
              "key 'maxWait' must be of type duration",
              "key 'type' is invalid: must be PKCS12 or BCFKS",
              "key 'sync' must be of type boolean",
              "key 'dir' must be of type path",
              "key 'token' is invalid: must be a token");
          assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("JKS");
        });
  }

  @Test
  void aBadDefault_failsWhenTheKeyIsDeclared_namingIt() {
    ConfigDef.Builder b = ConfigDef.builder("bad");

    assertThatThrownBy(() -> b.define("batchSize", Type.INT, 0, Range.between(1, 100_000), "doc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default of key 'batchSize' is invalid: must be 1..100000");
    assertThatThrownBy(() -> b.define("type", Type.STRING, "JKS", ValidString.in("PKCS12"), "doc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'type'");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aDefaultOfTheWrongType_failsWhenTheKeyIsDeclared() {
    Type untyped = Type.INT;

    assertThatThrownBy(() -> ConfigDef.builder("bad").define("n", untyped, "2000", "doc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'n' is of type int, not String");
  }

  @Test
  void aKeyDeclaredTwice_fails() {
    assertThatThrownBy(() -> ConfigDef.builder("bad").define("k", Type.INT, 1, "doc")
        .define("k", Type.LONG, 1L, "doc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
  }

  @Test
  void toString_listsEveryKey_withSensitiveValuesMasked() {
    Config c = DEF.parse(Map.of("servers", "h:1", "token", SECRET));

    assertThat(c.toString())
        .startsWith("demo{servers=h:1, batchSize=2000, maxWait=PT0.2S, type=PKCS12, ")
        .contains("token=****")
        .doesNotContain(SECRET);
    assertThat(c.getString("token")).as("the program still gets the value").isEqualTo(SECRET);
  }

  @Test
  void markdown_describesEveryKeyWithItsValidator_andMasksSensitiveDefaults() {
    String md = DEF.markdown();

    assertThat(md).startsWith("## demo\n\n"
            + "| key | type | default | valid values | sensitive | description |\n")
        .contains("| `batchSize` | int | `2000` | 1..100000 |  | Records per write. |")
        .contains("| `servers` | string | *(required)* | host:port[,host:port] |  | Brokers. |")
        .contains("| `type` | string | `PKCS12` | PKCS12 or BCFKS |  | Keystore format. |")
        .contains("| `sync` | boolean | `false` |  |  | fsync \\| each batch. |")
        .contains("| `token` | string | `****` | a token | yes | A secret. |")
        .doesNotContain(SECRET);
  }

  @Test
  void getters_refuseAnUndeclaredKeyOrAnotherType_namingTheKey() {
    Config c = DEF.parse(Map.of("servers", "h:1"));

    assertThatThrownBy(() -> c.getInt("servers"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'servers' is of type string, not int");
    assertThatThrownBy(() -> c.getString("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("undeclared config key 'nope'");
  }

  @Test
  void requireValid_checksAValueGivenInCode_withTheKeysOwnValidatorAndWords() {
    assertThat(DEF.requireValid("batchSize", 100_000)).isEqualTo(100_000);
    assertThatThrownBy(() -> DEF.requireValid("batchSize", 100_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'batchSize' is invalid: must be 1..100000");
    assertThatThrownBy(() -> DEF.requireValid("batchSize", 5L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key 'batchSize' is of type int, not Long");
  }

  @Test
  void defaultValue_isTyped_andRequiredKeysHaveNone() {
    assertThat(DEF.defaultValue("maxWait", Type.DURATION)).isEqualTo(Duration.ofMillis(200));
    assertThatThrownBy(() -> DEF.defaultValue("servers", Type.STRING))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("required");
    assertThatThrownBy(() -> DEF.defaultValue("maxWait", Type.INT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
  }
}
