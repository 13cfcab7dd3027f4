package io.cdrvault.store.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A declared configuration: every key with its name, type, default, validator, documentation and
 * whether it is sensitive. {@link #parse(Map)} checks every key and reports all problems at once;
 * {@link #markdown()} generates the reference documentation from the declarations.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class ConfigDef {

  /** Value types a key can have. */
  public enum Type { STRING, INT, LONG, BOOLEAN, PATH, DURATION, LIST }

  /**
   * One declared key. {@code defaultValue} null means required; {@code validator} sees the parsed
   * value; {@code validDescription} says in words what it accepts.
   */
  public record Key(String name, Type type, Object defaultValue, Predicate<Object> validator,
      String validDescription, String doc, boolean sensitive) {
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(doc, "doc");
      if (validator == null) {
        validator = v -> true;
        validDescription = "";
      }
    }
  }

  private final String title;
  private final Map<String, Key> keys;

  private ConfigDef(String title, Map<String, Key> keys) {
    this.title = title;
    this.keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  public static Builder builder(String title) {
    return new Builder(title);
  }

  public String title() {
    return title;
  }

  public Collection<Key> keys() {
    return keys.values();
  }

  /**
   * Parses raw values (strings, numbers, booleans, lists as YAML gives them) keyed by dotted name.
   * Unknown keys are errors too, so a typo never silently falls back to a default.
   *
   * @throws ConfigException listing every problem, each naming its key
   */
  public Config parse(Map<String, ?> raw) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (String name : raw.keySet()) {
      if (!keys.containsKey(name)) {
        problems.add("unknown key '" + name + "'");
      }
    }
    for (Key k : keys.values()) {
      Object given = raw.get(k.name());
      Object v;
      if (given == null) {
        if (k.defaultValue() == null) {
          problems.add("missing required key '" + k.name() + "'");
          continue;
        }
        v = k.defaultValue();
      } else {
        try {
          v = convert(k.type(), given);
        } catch (IllegalArgumentException | DateTimeParseException e) {
          problems.add("key '" + k.name() + "' must be of type " + k.type().name().toLowerCase());
          continue;
        }
      }
      if (!k.validator().test(v)) {
        problems.add("key '" + k.name() + "' is invalid: must be " + k.validDescription());
        continue;
      }
      values.put(k.name(), v);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Config(this, values);
  }

  static Object convert(Type type, Object given) {
    String s = given instanceof List<?> ? null : String.valueOf(given).trim();
    return switch (type) {
      case STRING -> s;
      case INT -> Integer.parseInt(s);
      case LONG -> Long.parseLong(s);
      case BOOLEAN -> {
        if (!s.equals("true") && !s.equals("false")) {
          throw new IllegalArgumentException("not a boolean");
        }
        yield Boolean.parseBoolean(s);
      }
      case PATH -> Path.of(s);
      case DURATION -> parseDuration(s);
      case LIST -> given instanceof List<?> l
          ? l.stream().map(String::valueOf).toList()
          : (s.isEmpty() ? List.of() : List.of(s.split("\\s*,\\s*")));
    };
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

  /** Reference documentation generated from the declarations. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(title).append("\n\n");
    sb.append("| key | type | default | valid values | sensitive | description |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (Key k : keys.values()) {
      sb.append("| `").append(k.name()).append("` | ").append(k.type().name().toLowerCase())
          .append(" | ").append(k.defaultValue() == null ? "*(required)*" : "`" + k.defaultValue() + "`")
          .append(" | ").append(k.validDescription()).append(" | ").append(k.sensitive() ? "yes" : "")
          .append(" | ").append(k.doc().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final String title;
    private final Map<String, Key> keys = new LinkedHashMap<>();

    private Builder(String title) {
      this.title = title;
    }

    /** Declares a key; {@code defaultValue} null makes it required. */
    public Builder define(String name, Type type, Object defaultValue, String doc) {
      return add(new Key(name, type, defaultValue, null, null, doc, false));
    }

    /** Declares a key with a validator described in words for the docs and errors. */
    public Builder define(String name, Type type, Object defaultValue, Predicate<Object> validator,
        String validDescription, String doc) {
      return add(new Key(name, type, defaultValue, validator, validDescription, doc, false));
    }

    /** Declares a sensitive key: masked in {@link Config#toString()} and logs. */
    public Builder defineSensitive(String name, Type type, Object defaultValue, String doc) {
      return add(new Key(name, type, defaultValue, null, null, doc, true));
    }

    private Builder add(Key k) {
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
