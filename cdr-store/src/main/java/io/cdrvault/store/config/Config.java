package io.cdrvault.store.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Validated configuration values of one {@link ConfigDef}: every declared key has a value (given
 * or default). Immutable and thread-safe. {@link #toString()} masks sensitive keys, so it is what
 * a node logs at startup.
 */
public final class Config {
  /** What a sensitive value prints as. */
  public static final String MASK = "****";

  private final ConfigDef def;
  private final Map<String, Object> values;

  Config(ConfigDef def, Map<String, Object> values) {
    this.def = def;
    this.values = Map.copyOf(values);
  }

  /** The declarations these values were parsed with. */
  public ConfigDef def() {
    return def;
  }

  /**
   * The value of key {@code key}.
   *
   * @throws IllegalArgumentException when the key is not declared or not of {@code type}
   */
  public <T> T get(String key, ConfigDef.Type<T> type) {
    ConfigDef.Key<?> k = def.key(key);
    if (k.type() != type) {
      throw new IllegalArgumentException("key '" + key + "' is of type " + k.type() + ", not "
          + type);
    }
    return type.cast(key, values.get(key));
  }

  public String getString(String key) {
    return get(key, ConfigDef.Type.STRING);
  }

  public int getInt(String key) {
    return get(key, ConfigDef.Type.INT);
  }

  public long getLong(String key) {
    return get(key, ConfigDef.Type.LONG);
  }

  public boolean getBoolean(String key) {
    return get(key, ConfigDef.Type.BOOLEAN);
  }

  public Path getPath(String key) {
    return get(key, ConfigDef.Type.PATH);
  }

  public Duration getDuration(String key) {
    return get(key, ConfigDef.Type.DURATION);
  }

  public List<String> getList(String key) {
    return get(key, ConfigDef.Type.LIST);
  }

  /** {@code title{key=value, ...}} in declaration order, sensitive values as {@value #MASK}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", def.title() + "{", "}");
    for (ConfigDef.Key<?> k : def.keys()) {
      j.add(k.name() + "=" + (k.sensitive() ? MASK : values.get(k.name())));
    }
    return j.toString();
  }
}
