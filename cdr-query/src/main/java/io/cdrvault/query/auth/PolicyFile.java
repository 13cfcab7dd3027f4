package io.cdrvault.query.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdrvault.store.access.Duty;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the role → purposes and duties mapping ({@code config/policy.yaml}) into a {@link Policy}:
 * <pre>
 * roles:
 *   billing-job: [BILLING]
 *   customer-care: [CUSTOMER_ACCESS]
 *   compliance-officer: [OVERSIGHT]     # a duty (docs/adr/0035), not a purpose
 * limits:                      # optional; defaults shown
 *   fraudMaxWindowDays: 31
 *   aggregateMinGroupSize: 10
 * </pre>
 * Purpose names are the {@link Purpose} constants, duty names the {@link Duty} constants; an
 * unknown one is an error, never ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PolicyFile() {}

  /**
   * Reads and validates a policy file.
   *
   * @throws ConfigException listing every problem, each naming the role
   */
  public static Policy load(Path file) {
    try {
      return fromTree(YAML.readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new ConfigException(List.of("cannot read policy file " + file + ": "
          + e.getClass().getSimpleName()));
    }
  }

  /** Parses policy YAML from a string (same format and errors as {@link #load(Path)}). */
  public static Policy parse(String yaml) {
    try {
      return fromTree(YAML.readTree(yaml), "policy YAML");
    } catch (IOException e) {
      throw new ConfigException(List.of("policy YAML is not well-formed: " + e.getClass().getSimpleName()));
    }
  }

  private static Policy fromTree(JsonNode root, String source) {
    JsonNode roles = root == null ? null : root.get("roles");
    if (roles == null || !roles.isObject()) {
      throw new ConfigException(List.of(source + ": top-level key 'roles' must be a mapping of role to purposes"));
    }
    List<String> problems = new ArrayList<>();
    root.fieldNames().forEachRemaining(f -> {
      if (!f.equals("roles") && !f.equals("limits")) {
        problems.add(source + ": unknown top-level key '" + f + "'");
      }
    });
    Map<String, Set<Purpose>> byRole = new LinkedHashMap<>();
    Map<String, Set<Duty>> duties = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : roles.properties()) {
      String role = e.getKey();
      JsonNode list = e.getValue();
      if (list == null || !list.isArray()) {
        problems.add("roles." + role + " must be a list of purposes and duties");
        continue;
      }
      Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
      Set<Duty> held = EnumSet.noneOf(Duty.class);
      for (int i = 0; i < list.size(); i++) {
        String p = list.get(i).asText();
        if (isConstant(Purpose.class, p)) {
          purposes.add(Purpose.valueOf(p));
        } else if (isConstant(Duty.class, p)) {
          held.add(Duty.valueOf(p));
        } else {
          problems.add("roles." + role + "[" + i + "] is not a purpose (one of "
              + EnumSet.allOf(Purpose.class) + ") or a duty (one of " + EnumSet.allOf(Duty.class) + ")");
        }
      }
      byRole.put(role, Set.copyOf(purposes));
      if (!held.isEmpty()) {
        duties.put(role, Set.copyOf(held));
      }
    }
    Policy.Limits limits = limits(root.get("limits"), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Policy(byRole, duties, limits);
  }

  private static <E extends Enum<E>> boolean isConstant(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Policy.Limits limits(JsonNode node, List<String> problems) {
    Policy.Limits d = Policy.Limits.DEFAULT;
    if (node == null || node.isNull()) {
      return d;
    }
    if (!node.isObject()) {
      problems.add("limits must be a mapping");
      return d;
    }
    long fraudDays = d.fraudMaxWindow().toDays();
    int k = d.aggregateMinGroupSize();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "fraudMaxWindowDays" -> {
          if (!v.canConvertToInt() || v.asInt() < 1 || v.asInt() > 366) {
            problems.add("limits.fraudMaxWindowDays must be an integer 1..366");
          } else {
            fraudDays = v.asInt();
          }
        }
        case "aggregateMinGroupSize" -> {
          if (!v.canConvertToInt() || v.asInt() < 2 || v.asInt() > 1_000_000) {
            problems.add("limits.aggregateMinGroupSize must be an integer 2..1000000");
          } else {
            k = v.asInt();
          }
        }
        default -> problems.add("limits: unknown key '" + e.getKey() + "'");
      }
    }
    return new Policy.Limits(java.time.Duration.ofDays(fraudDays), k);
  }
}
