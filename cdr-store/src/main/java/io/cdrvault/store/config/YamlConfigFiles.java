package io.cdrvault.store.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a YAML file into dotted keys ({@code store.dataDir}) for {@link ConfigDef#parse(Map)}. */
public final class YamlConfigFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private YamlConfigFiles() {}

  /** Flattens nested maps into dotted keys; lists stay lists of strings. */
  public static Map<String, Object> load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      // the position only: the parser's own message may quote the file's content
      JsonLocation at = e.getLocation();
      throw new ConfigException(List.of("config file " + file + " is not valid YAML"
          + (at == null || at.getLineNr() < 1 ? "" : " (syntax error at line " + at.getLineNr()
              + ", column " + at.getColumnNr() + ")")));
    } catch (IOException e) {
      throw new ConfigException(List.of("cannot read config file " + file + ": " + e.getClass().getSimpleName()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (root != null && !root.isMissingNode() && !root.isNull()) {
      flatten("", root, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      List<String> l = new ArrayList<>();
      node.forEach(n -> l.add(n.asText()));
      out.put(prefix, l);
    } else if (!node.isNull()) {
      out.put(prefix, node.asText());
    }
  }

  /** The entries whose key starts with {@code prefix + "."}, with the prefix removed. */
  public static Map<String, Object> section(Map<String, Object> all, String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    String p = prefix + ".";
    all.forEach((k, v) -> {
      if (k.startsWith(p)) {
        out.put(k.substring(p.length()), v);
      }
    });
    return out;
  }
}
