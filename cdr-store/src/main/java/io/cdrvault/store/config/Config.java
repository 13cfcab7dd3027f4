package io.cdrvault.store.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Validated configuration values of one {@link ConfigDef}. Immutable and thread-safe.
 * {@link #toString()} masks sensitive keys, so it is safe to log at startup.
 */
public final class Config {
  private final ConfigDef def;
  private final Map<String, Object> values;

  Config(ConfigDef def, Map<String, Object> values) {
    this.def = def;
    this.values = Map.copyOf(values);
  }

  private Object get(String key) {
    Object v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("undeclared config key '" + key + "'");
    }
    return v;
  }

  public String getString(String key) { return (String) get(key); }
  public int getInt(String key) { return (Integer) get(key); }
  public long getLong(String key) { return (Long) get(key); }
  public boolean getBoolean(String key) { return (Boolean) get(key); }
  public Path getPath(String key) { return (Path) get(key); }
  public Duration getDuration(String key) { return (Duration) get(key); }

  @SuppressWarnings("unchecked")
  public List<String> getList(String key) { return (List<String>) get(key); }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", def.title() + "{", "}");
    for (ConfigDef.Key k : def.keys()) {
      j.add(k.name() + "=" + (k.sensitive() ? "****" : values.get(k.name())));
    }
    return j.toString();
  }
}
