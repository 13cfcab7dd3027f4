package io.cdrvault.ingest.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdrvault.store.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which customer a number (E.164) belongs to. Loaded from a CSV file ({@code number,customerId}
 * per line; blank lines and lines starting with {@code #} skipped; an optional header line
 * {@code number,customerId}) or a YAML file (a mapping {@code "+15551234567": cust-1}, optionally
 * under a top-level {@code numbers:} key), or built in code.
 *
 * <p>Immutable and thread-safe. Errors name the file position, never the number or id.
 */
public final class SubscriberDirectory {
  private final Map<String, CustomerId> byNumber;

  private SubscriberDirectory(Map<String, CustomerId> byNumber) {
    this.byNumber = Map.copyOf(byNumber);
  }

  /** The customer the E.164 number belongs to, if any. */
  public Optional<CustomerId> lookup(String e164) {
    return e164 == null ? Optional.empty() : Optional.ofNullable(byNumber.get(e164));
  }

  /** How many numbers the directory holds. */
  public int size() {
    return byNumber.size();
  }

  public static SubscriberDirectory of(Map<String, CustomerId> numbers) {
    Builder b = builder();
    numbers.forEach(b::add);
    return b.build();
  }

  public static SubscriberDirectory empty() {
    return new SubscriberDirectory(Map.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a directory file: {@code .yaml}/{@code .yml} as YAML, anything else as CSV.
   *
   * @throws CdrVaultException naming the line or entry index that is wrong
   */
  public static SubscriberDirectory load(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    try {
      return name.endsWith(".yaml") || name.endsWith(".yml") ? loadYaml(file) : loadCsv(file);
    } catch (IOException e) {
      throw new CdrVaultException("cannot read subscriber directory file", e);
    }
  }

  private static SubscriberDirectory loadCsv(Path file) throws IOException {
    Builder b = builder();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || (no == 1 && t.equalsIgnoreCase("number,customerId"))) {
          continue;
        }
        int comma = t.indexOf(',');
        if (comma < 0 || t.indexOf(',', comma + 1) >= 0) {
          throw new CdrVaultException("subscriber directory line " + no + " must have two columns");
        }
        try {
          b.add(t.substring(0, comma).strip(), CustomerId.of(t.substring(comma + 1).strip()));
        } catch (IllegalArgumentException e) {
          throw new CdrVaultException("subscriber directory line " + no + " is invalid: " + e.getMessage());
        }
      }
    }
    return b.build();
  }

  private static SubscriberDirectory loadYaml(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    if (root != null && root.has("numbers")) {
      root = root.get("numbers");
    }
    Builder b = builder();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return b.build();
    }
    if (!root.isObject()) {
      throw new CdrVaultException("subscriber directory YAML must be a mapping of number to customer id");
    }
    int index = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); index++) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        b.add(e.getKey(), CustomerId.of(e.getValue().asText()));
      } catch (IllegalArgumentException ex) {
        throw new CdrVaultException("subscriber directory entry " + (index + 1) + " is invalid: " + ex.getMessage());
      }
    }
    return b.build();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final Map<String, CustomerId> map = new HashMap<>();

    private Builder() {}

    /**
     * Adds a number. A number may belong to one customer only.
     *
     * @throws IllegalArgumentException if the number is not E.164 or already belongs to another customer
     */
    public Builder add(String e164, CustomerId customer) {
      Objects.requireNonNull(e164, "e164");
      Objects.requireNonNull(customer, "customer");
      if (!PhoneNumber.isE164(e164)) {
        throw new IllegalArgumentException("number is not in E.164 form");
      }
      CustomerId prev = map.putIfAbsent(e164, customer);
      if (prev != null && !prev.equals(customer)) {
        throw new IllegalArgumentException("number is listed for two customers");
      }
      return this;
    }

    public SubscriberDirectory build() {
      return new SubscriberDirectory(map);
    }
  }
}
