package io.cdrvault.ingest.directory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Reads subscriber directory files (formats: see {@link SubscriberDirectory}). Stateless and
 * thread-safe. Errors name the line; they never carry a value from the file, nor a cause whose
 * message could quote one.
 */
final class DirectoryFiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DirectoryFiles() {}

  /**
   * Reads every entry it can; each bad line adds one problem ({@code line N ...}) to
   * {@code problems} and is skipped. A YAML file whose structure is wrong stops at that line.
   */
  static SubscriberDirectory load(Path file, List<String> problems) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    SubscriberDirectory.Builder b = SubscriberDirectory.builder();
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        loadYaml(file, b, problems);
      } else {
        loadCsv(file, b, problems);
      }
    } catch (CdrVaultException e) {
      problems.add(e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add("subscriber directory YAML line " + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
          + " is not valid YAML");
    }
    return b.build();
  }

  private static void loadCsv(Path file, SubscriberDirectory.Builder b, List<String> problems) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      boolean seenData = false;
      while ((line = r.readLine()) != null) {
        no++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        if (!seenData && t.regionMatches(true, 0, "number,", 0, 7)) {
          seenData = true; // the optional header line
          continue;
        }
        seenData = true;
        String[] cols = t.split(",", -1);
        try {
          if (cols.length < 2 || cols.length > 4) {
            throw error(no, "must have 2 to 4 columns (number,customerId[,validFrom[,validTo]])");
          }
          String from = cols.length > 2 ? cols[2].strip() : "";
          String to = cols.length > 3 ? cols[3].strip() : "";
          add(b, no, cols[0].strip(), cols[1].strip(), from, to, "column 3 'validFrom'", "column 4 'validTo'");
        } catch (CdrVaultException e) {
          problems.add(e.getMessage());
        }
      }
    }
  }

  /**
   * Streams the YAML so every entry keeps its line: a list of {@code {number, customer, from, to}}
   * mappings, or a mapping of number to customer id; either at the top or under {@code numbers:}.
   */
  private static void loadYaml(Path file, SubscriberDirectory.Builder b, List<String> problems) throws IOException {
    try (JsonParser p = YAML.createParser(file.toFile())) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        t = p.nextToken();
        if (t == JsonToken.FIELD_NAME && "numbers".equals(p.currentName())) {
          t = p.nextToken();
          if (t == JsonToken.START_OBJECT) {
            t = p.nextToken();
          } else {
            readBody(p, t, b, problems);
            return;
          }
        }
        readMapping(p, t, b, problems);
      } else {
        readBody(p, t, b, problems);
      }
    }
  }

  /** The value of the document or of {@code numbers:} when it is not a mapping: null or a list. */
  private static void readBody(JsonParser p, JsonToken t, SubscriberDirectory.Builder b, List<String> problems)
      throws IOException {
    if (t == null || t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      throw new CdrVaultException("subscriber directory YAML line " + line(p)
          + " must be a list of {number, customer, from, to} entries or a mapping of number to customer id");
    }
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      int no = line(p);
      if (t != JsonToken.START_OBJECT) {
        throw error(no, "must be a mapping {number, customer, from, to}");
      }
      JsonNode n = YAML.readTree(p);
      try {
        for (var it = n.fieldNames(); it.hasNext(); ) {
          String f = it.next();
          if (!f.equals("number") && !f.equals("customer") && !f.equals("from") && !f.equals("to")) {
            throw error(no, "has an unknown field (expected number, customer, from, to)");
          }
        }
        add(b, no, text(n, "number"), text(n, "customer"), text(n, "from"), text(n, "to"), "'from'", "'to'");
      } catch (CdrVaultException e) {
        problems.add(e.getMessage());
      }
    }
  }

  /** The older form: {@code "+15551234567": cust-1} pairs; {@code t} is the first field name. */
  private static void readMapping(JsonParser p, JsonToken t, SubscriberDirectory.Builder b, List<String> problems)
      throws IOException {
    while (t == JsonToken.FIELD_NAME) {
      int no = line(p);
      String number = p.currentName();
      t = p.nextToken();
      if (!t.isScalarValue()) {
        throw error(no, "must map a number to a customer id");
      }
      try {
        add(b, no, number, p.getText(), "", "", "'from'", "'to'");
      } catch (CdrVaultException e) {
        problems.add(e.getMessage());
      }
      t = p.nextToken();
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "" : v.asText().strip();
  }

  private static void add(SubscriberDirectory.Builder b, int no, String number, String customer,
      String from, String to, String fromName, String toName) {
    CustomerId id;
    try {
      id = CustomerId.of(customer);
    } catch (IllegalArgumentException e) {
      throw error(no, "has an invalid customer id: " + e.getMessage());
    }
    Instant start = time(no, from, fromName);
    Instant end = time(no, to, toName);
    try {
      b.add(number, new NumberAssignment(id, start == null ? NumberAssignment.SINCE_ALWAYS : start, end), no);
    } catch (IllegalArgumentException e) {
      throw error(no, "is invalid: " + e.getMessage());
    }
  }

  private static Instant time(int no, String text, String name) {
    try {
      return ValidityTimes.parseOrNull(text);
    } catch (DateTimeException e) {
      throw error(no, name + " is not an ISO-8601 instant or date");
    }
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static CdrVaultException error(int line, String what) {
    return new CdrVaultException("subscriber directory line " + line + " " + what);
  }
}
