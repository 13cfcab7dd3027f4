package io.cdrvault.store.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A declared configuration: every key once, with its name, {@link Type}, default, {@link
 * Validator}, documentation and whether it is sensitive. A default is checked against the key's
 * type and validator when the key is declared, so a bad default fails at class initialisation, not
 * on some user's node. {@link #parse(Map)} checks every key and reports all problems at once, each
 * naming its key and never a value; {@link #markdown()} generates the reference documentation from
 * the declarations (the validators describe themselves).
 *
 * <p>Immutable once built; thread-safe.
 */
public final class ConfigDef {

  /**
   * The type of a key's value and how a raw value (a YAML scalar or list) becomes one.
   *
   * <p>Immutable and thread-safe.
   *
   * @param <T> the Java type of the parsed value
   */
  public static final class Type<T> {
    /** Any string, trimmed. */
    public static final Type<String> STRING = new Type<>("string", String.class, s -> s);
    /** A 32-bit integer. */
    public static final Type<Integer> INT = new Type<>("int", Integer.class, Integer::parseInt);
    /** A 64-bit integer. */
    public static final Type<Long> LONG = new Type<>("long", Long.class, Long::parseLong);
    /** {@code true} or {@code false}, nothing else. */
    public static final Type<Boolean> BOOLEAN = new Type<>("boolean", Boolean.class, s -> {
      if (!s.equals("true") && !s.equals("false")) {
        throw new IllegalArgumentException("not a boolean");
      }
      return Boolean.parseBoolean(s);
    });
    /** A file system path. */
    public static final Type<Path> PATH = new Type<>("path", Path.class, Path::of);
    /**
     * ISO-8601 ({@code PT5S}) or a number with unit {@code ms}, {@code s}, {@code m}, {@code h},
     * {@code d} (none: seconds).
     */
    public static final Type<Duration> DURATION =
        new Type<>("duration", Duration.class, ConfigDef::parseDuration);
    /** A YAML list, or one string of comma-separated entries; entries are strings. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Type<List<String>> LIST = new Type<>("list", (Class) List.class,
        s -> s.isEmpty() ? List.of() : List.of(s.split("\\s*,\\s*")));

    private final String name;
    private final Class<T> javaType;
    private final Function<String, T> fromString;

    private Type(String name, Class<T> javaType, Function<String, T> fromString) {
      this.name = name;
      this.javaType = javaType;
      this.fromString = fromString;
    }

    /** The lowercase name used in the docs and errors ({@code int}, {@code duration}). */
    public String name() {
      return name;
    }

    /**
     * The value of a raw config value.
     *
     * @throws IllegalArgumentException or {@link DateTimeParseException} when it is not of this
     *     type
     */
    @SuppressWarnings("unchecked")
    T parse(Object raw) {
      if (raw instanceof List<?> l) {
        if (this != LIST) {
          throw new IllegalArgumentException("a list where a " + name + " is expected");
        }
        return (T) l.stream().map(String::valueOf).toList();
      }
      return fromString.apply(String.valueOf(raw).trim());
    }

    /** {@code value} as this type, or an exception naming {@code key} (a declaration bug). */
    T cast(String key, Object value) {
      if (!javaType.isInstance(value)) {
        throw new IllegalArgumentException("key '" + key + "' is of type " + name + ", not "
            + value.getClass().getSimpleName());
      }
      return javaType.cast(value);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * One declared key. {@code defaultValue} null means required.
   *
   * <p>Immutable and thread-safe.
   */
  public record Key<T>(String name, Type<T> type, T defaultValue, Validator<? super T> validator,
      String doc, boolean sensitive) {
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(validator, "validator");
      Objects.requireNonNull(doc, "doc");
      if (defaultValue != null) {
        type.cast(name, defaultValue);
        if (!validator.test(defaultValue)) {
          throw new IllegalArgumentException("default of key '" + name + "' is invalid: must be "
              + validator);
        }
      }
    }

    /** The value of a raw config value, or the problem (naming this key) it has. */
    private Object parse(Object given, List<String> problems) {
      T v;
      try {
        v = type.parse(given);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        problems.add("key '" + name + "' must be of type " + type.name());
        return null;
      }
      if (!validator.test(v)) {
        problems.add(invalid());
        return null;
      }
      return v;
    }

    private String invalid() {
      return "key '" + name + "' is invalid: must be " + validator;
    }
  }

  private final String title;
  private final Map<String, Key<?>> keys;

  private ConfigDef(String title, Map<String, Key<?>> keys) {
    this.title = title;
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /** A builder of the config titled {@code title} (its section: {@code store}, {@code ingest}). */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  public String title() {
    return title;
  }

  /** The keys in declaration order. */
  public Collection<Key<?>> keys() {
    return keys.values();
  }

  /** The declared key {@code name}. */
  public Key<?> key(String name) {
    Key<?> k = keys.get(name);
    if (k == null) {
      throw new IllegalArgumentException("undeclared config key '" + name + "'");
    }
    return k;
  }

  /**
   * The default of key {@code name}, typed.
   *
   * @throws IllegalArgumentException when the key is not declared, not of {@code type} or required
   */
  public <T> T defaultValue(String name, Type<T> type) {
    Key<?> k = key(name);
    if (k.type() != type) {
      throw new IllegalArgumentException("key '" + name + "' is of type " + k.type() + ", not "
          + type);
    }
    if (k.defaultValue() == null) {
      throw new IllegalArgumentException("key '" + name + "' is required and has no default");
    }
    return type.cast(name, k.defaultValue());
  }

  /**
   * Checks a value that does not come from a config file (a settings record built in code) with the
   * key's own validator, in the words of a config error.
   *
   * @return {@code value}
   * @throws IllegalArgumentException "key 'k' is invalid: must be ..." when it is not acceptable
   */
  public <V> V requireValid(String name, V value) {
    Key<?> k = key(name);
    Objects.requireNonNull(value, name);
    if (!test(k, k.type().cast(name, value))) {
      throw new IllegalArgumentException(k.invalid());
    }
    return value;
  }

  private static <T> boolean test(Key<T> k, Object value) {
    return k.validator().test(k.type().cast(k.name(), value));
  }

  /**
   * Parses raw values (strings, numbers, booleans, lists as YAML gives them) keyed by dotted name.
   * Unknown keys are errors too, so a typo never silently falls back to a default.
   *
   * @throws ConfigException listing every problem, each naming its key (never its value)
   */
  public Config parse(Map<String, ?> raw) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : raw.keySet()) {
      if (!keys.containsKey(name)) {
        problems.add("unknown key '" + name + "'");
      }
    }
    for (Key<?> k : keys.values()) {
      Object given = raw.get(k.name());
      Object v;
      if (given != null) {
        v = k.parse(given, problems);
      } else if (k.defaultValue() == null) {
        problems.add("missing required key '" + k.name() + "'");
        v = null;
      } else {
        v = k.defaultValue();
      }
      if (v != null) {
        values.put(k.name(), v);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Config(this, values);
  }

  /** Accepts ISO-8601 ({@code PT5S}) or a number with unit {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}. */
  static Duration parseDuration(String s) {
    if (s.startsWith("P") || s.startsWith("p")) {
      return Duration.parse(s);
    }
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("no number");
    }
    long n = Long.parseLong(s.substring(0, i));
    return switch (s.substring(i).trim()) {
      case "ms" -> Duration.ofMillis(n);
      case "s", "" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("unknown unit");
    };
  }

  /**
   * Reference documentation generated from the declarations: one table row per key, the valid
   * values in the validator's own words; a sensitive key's default is masked.
   */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(title).append("\n\n");
    sb.append("| key | type | default | valid values | sensitive | description |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (Key<?> k : keys.values()) {
      String def = k.defaultValue() == null ? "*(required)*"
          : "`" + (k.sensitive() ? Config.MASK : k.defaultValue()) + "`";
      sb.append("| `").append(k.name()).append("` | ").append(k.type().name())
          .append(" | ").append(def)
          .append(" | ").append(cell(k.validator().toString()))
          .append(" | ").append(k.sensitive() ? "yes" : "")
          .append(" | ").append(cell(k.doc())).append(" |\n");
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final String title;
    private final Map<String, Key<?>> keys = new LinkedHashMap<>();

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** Declares a key accepting any value of its type; {@code defaultValue} null: required. */
    public <T> Builder define(String name, Type<T> type, T defaultValue, String doc) {
      return add(new Key<>(name, type, defaultValue, Validator.any(), doc, false));
    }

    /**
     * Declares a key with a validator (which documents itself).
     *
     * @throws IllegalArgumentException when the default fails the type or the validator, or the
     *     key is declared twice
     */
    public <T> Builder define(String name, Type<T> type, T defaultValue,
        Validator<? super T> validator, String doc) {
      return add(new Key<>(name, type, defaultValue, validator, doc, false));
    }

    /**
     * Declares a sensitive key: its value is masked in {@link Config#toString()} (what is logged)
     * and its default in the docs; errors never name values anyway.
     */
    public <T> Builder defineSensitive(String name, Type<T> type, T defaultValue,
        Validator<? super T> validator, String doc) {
      return add(new Key<>(name, type, defaultValue, validator, doc, true));
    }

    private Builder add(Key<?> k) {
      if (keys.putIfAbsent(k.name(), k) != null) {
        throw new IllegalArgumentException("key declared twice: " + k.name());
      }
      return this;
    }

    public ConfigDef build() {
      return new ConfigDef(title, keys);
    }
  }
}
