package io.cdrvault.store.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.json.CanonicalJsonException.Problem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code canonical-json} format, version 1: one JSON object per record, as described by
 * {@code cdr-store/src/main/resources/schema/canonical-cdr-v1.schema.json}. Used by the
 * canonical-json decoder, by {@code cdrvault decode} output, and (projected) by record streams.
 *
 * <p>Input is read a little more leniently than output is written: {@code recordId} may be absent
 * (it is derived from origin and originId; when present it must match), a party may be a plain
 * string (its raw text, handed to a party normaliser), {@code durationSeconds} /
 * {@code billableSeconds} may be absent (derived from the times), content fields ({@link
 * #CONTENT_FIELDS}) are dropped and counted, and other unknown fields are ignored. Times must carry
 * an offset ({@code Z} or {@code ±hh:mm}); they are converted to UTC.
 *
 * <p>Stateless and thread-safe.
 */
public final class CanonicalJson {

  /** The {@code schema} value every v1 object carries. */
  public static final String SCHEMA = "cdrvault.cdr/1";

  /** Field names that carry message content: accepted on input, dropped, never stored. */
  public static final Set<String> CONTENT_FIELDS =
      Set.of("text", "content", "body", "msg", "short_message");

  /** The result of {@link #readCounting}: the record and how many content fields were dropped. */
  public record Result(Cdr cdr, int droppedContentFields) {
    public Result {
      Objects.requireNonNull(cdr, "cdr");
      if (droppedContentFields < 0) {
        throw new IllegalArgumentException("droppedContentFields must not be negative");
      }
    }
  }

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
      .build();
  private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Normaliser used by {@link #read(byte[])} for parties given as plain strings: no E.164 guess. */
  private static final Function<String, PhoneNumber> RAW_ONLY = raw ->
      raw.isEmpty() ? PhoneNumber.EMPTY : PhoneNumber.other(raw, NumberKind.UNKNOWN);

  private CanonicalJson() {}

  /**
   * Parses one canonical-json object. Parties given as plain strings are kept raw with kind
   * {@code UNKNOWN} (use {@link #readCounting} with a normaliser to get E.164).
   *
   * @throws CanonicalJsonException naming the offending field (never its value)
   */
  public static Cdr read(byte[] json) {
    return readCounting(json, RAW_ONLY).cdr();
  }

  /**
   * Parses one canonical-json object, normalising parties given as plain strings with
   * {@code partyNormalizer}, and reports how many content fields were dropped.
   *
   * @param partyNormalizer maps raw party text (never null, may be empty) to a PhoneNumber
   * @throws CanonicalJsonException naming the offending field (never its value)
   */
  public static Result readCounting(byte[] json, Function<String, PhoneNumber> partyNormalizer) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(partyNormalizer, "partyNormalizer");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CanonicalJsonException(Problem.MALFORMED, null,
          "canonical-json record is not valid JSON (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")", null);
    } catch (IOException e) {
      throw new CanonicalJsonException(Problem.MALFORMED, null,
          "canonical-json record cannot be read", null);
    }
    if (root == null || !root.isObject()) {
      throw new CanonicalJsonException(Problem.MALFORMED, null,
          "canonical-json record is not a JSON object", null);
    }
    return CanonicalJsonReader.fromTree(root, partyNormalizer);
  }

  // ---------------------------------------------------------------- writing

  /** Writes the record as one compact JSON object (no trailing newline). */
  public static String write(Cdr cdr) {
    Objects.requireNonNull(cdr, "cdr");
    StringWriter w = new StringWriter(512);
    try (JsonGenerator gen = FACTORY.createGenerator(w)) {
      write(gen, cdr);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string failed", e);
    }
    return w.toString();
  }

  /** Writes the record as one JSON object to {@code gen} (the caller owns and closes it). */
  public static void write(JsonGenerator gen, Cdr cdr) throws IOException {
    CanonicalJsonWriter.write(gen, cdr);
  }

  /**
   * Writes an attributed record projected to exactly {@code fields} (names per
   * {@link CdrField#jsonName()}): one JSON object, nothing outside the set. Absent (null) values
   * are omitted. {@link CdrField#CUSTOMER} writes the served customer's id, {@link
   * CdrField#DIRECTION} the direction relative to that customer, and {@link CdrField#CAUSE} covers
   * both the numeric {@code causeCode} and the textual {@code cause}.
   */
  public static void writeProjected(JsonGenerator gen, CustomerCdr record, Set<CdrField> fields)
      throws IOException {
    CanonicalJsonWriter.writeProjected(gen, record, fields);
  }

  /** A new JSON generator factory configured like this codec's (for writing record streams). */
  public static JsonFactory jsonFactory() {
    return FACTORY;
  }
}
