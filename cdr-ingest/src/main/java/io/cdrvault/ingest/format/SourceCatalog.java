package io.cdrvault.ingest.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configured sources (switches): source name (the {@code cdr.source} header) → its
 * {@link SourceContext}. A source that is not configured gets the defaults under its own name.
 *
 * <p>File form (YAML), every key but the source name optional:
 *
 * <pre>
 * sources:
 *   pbx1:
 *     region: US                 # default country for national numbers
 *     zone: America/New_York     # zone of local timestamps
 *     options:                   # format-specific, see docs/formats.md
 *       columns: accountcode,src,dst,...
 * </pre>
 *
 * A file holding only {@code region}/{@code zone}/{@code options} at the top level (no
 * {@code sources:}) describes one source; the {@code decode} tool's {@code --source-config} takes
 * either form. Immutable and thread-safe.
 */
public final class SourceCatalog {
  private final SourceContext defaults;
  private final Map<String, SourceContext> sources;

  private SourceCatalog(SourceContext defaults, Map<String, SourceContext> sources) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.sources = Map.copyOf(sources);
  }

  /** A catalog with only defaults. */
  public static SourceCatalog of(SourceContext defaults) {
    return new SourceCatalog(defaults, Map.of());
  }

  public static SourceCatalog of(SourceContext defaults, Map<String, SourceContext> sources) {
    return new SourceCatalog(defaults, sources);
  }

  /** The settings for a source name; null or empty means the default source. */
  public SourceContext forSource(String name) {
    if (name == null || name.isEmpty() || name.equals(defaults.sourceName())) {
      return defaults;
    }
    SourceContext s = sources.get(name);
    return s != null ? s : defaults.named(name);
  }

  /** The default source. */
  public SourceContext defaults() {
    return defaults;
  }

  /** The configured source names. */
  public java.util.Set<String> names() {
    return sources.keySet();
  }

  /**
   * Writes the configured sources (not the defaults) in the file form {@link #load} reads, e.g. for
   * a demo or a test that hands a simulator's sources to a node.
   */
  public void write(Path file) {
    Map<String, Object> all = new LinkedHashMap<>();
    sources.values().stream().sorted(java.util.Comparator.comparing(SourceContext::sourceName)).forEach(s -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("region", s.defaultRegion());
      one.put("zone", s.zone().getId());
      if (!s.options().isEmpty()) {
        one.put("options", new java.util.TreeMap<>(s.options()));
      }
      all.put(s.sourceName(), one);
    });
    try {
      new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), Map.of("sources", all));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write sources file " + file.getFileName(), e);
    }
  }

  /**
   * Loads a sources file; unspecified values come from {@code defaults}. A single-source file
   * (no {@code sources:} key) becomes the catalog's default source, under the defaults' name.
   *
   * @throws ConfigException listing every problem (by source name and key, never a value's meaning)
   */
  public static SourceCatalog load(Path file, SourceContext defaults) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(List.of("sources file " + file.getFileName() + " cannot be read: "
          + e.getClass().getSimpleName()));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return of(defaults);
    }
    if (!root.isObject()) {
      throw new ConfigException(List.of("sources file must be a YAML mapping"));
    }
    if (!root.has("sources")) {
      SourceContext one = parse(defaults.sourceName(), root, defaults, problems);
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return of(one);
    }
    JsonNode list = root.get("sources");
    Map<String, SourceContext> out = new LinkedHashMap<>();
    if (!list.isObject()) {
      problems.add("sources must be a mapping of source name to settings");
    } else {
      for (Map.Entry<String, JsonNode> e : list.properties()) {
        SourceContext s = parse(e.getKey(), e.getValue(), defaults, problems);
        if (s != null) {
          out.put(e.getKey(), s);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return of(defaults, out);
  }

  private static SourceContext parse(String name, JsonNode n, SourceContext defaults, List<String> problems) {
    String where = "sources." + name;
    if (n == null || n.isNull()) {
      return defaults.named(name);
    }
    if (!n.isObject()) {
      problems.add(where + " must be a mapping");
      return null;
    }
    int before = problems.size();
    String region = defaults.defaultRegion();
    ZoneId zone = defaults.zone();
    Map<String, String> options = new LinkedHashMap<>(defaults.options());
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      switch (key) {
        case "region" -> {
          try {
            region = NumberNormalizer.forRegion(v.asText()).region();
          } catch (IllegalArgumentException ex) {
            problems.add(where + ".region must be an ISO 3166 alpha-2 region libphonenumber knows");
          }
        }
        case "zone" -> {
          try {
            zone = ZoneId.of(v.asText());
          } catch (RuntimeException ex) {
            problems.add(where + ".zone must be a time-zone id (e.g. America/New_York, UTC)");
          }
        }
        case "options" -> {
          if (!v.isObject()) {
            problems.add(where + ".options must be a mapping");
          } else {
            for (Map.Entry<String, JsonNode> o : v.properties()) {
              if (!o.getValue().isValueNode()) {
                problems.add(where + ".options." + o.getKey() + " must be a single value");
              } else {
                options.put(o.getKey(), o.getValue().asText());
              }
            }
          }
        }
        default -> problems.add(where + "." + key + " is not a known key (region, zone, options)");
      }
    }
    if (problems.size() != before) {
      return null;
    }
    return new SourceContext(name.isEmpty() ? defaults.sourceName() : name, region, zone, options);
  }
}
