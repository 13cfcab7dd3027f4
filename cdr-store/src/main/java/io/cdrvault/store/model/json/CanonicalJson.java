package io.cdrvault.store.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import java.io.IOException;
import java.util.Set;

/**
 * The {@code canonical-json} format, version 1: one JSON object per record, as described by
 * {@code cdr-store/src/main/resources/schema/canonical-cdr-v1.schema.json}. Used by the
 * canonical-json decoder, by {@code cdrvault decode} output, and (projected) by record streams.
 *
 * <p>Stateless and thread-safe.
 */
public final class CanonicalJson {

  /** The {@code schema} value every v1 object carries. */
  public static final String SCHEMA = "cdrvault.cdr/1";

  private CanonicalJson() {}

  /**
   * Parses one canonical-json object.
   *
   * @throws CanonicalJsonException naming the offending field (never its value)
   */
  public static Cdr read(byte[] json) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Writes the record as one compact JSON object (no trailing newline). */
  public static String write(Cdr cdr) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Writes an attributed record projected to exactly {@code fields} (names per
   * {@link CdrField#jsonName()}): one JSON object, nothing outside the set.
   */
  public static void writeProjected(JsonGenerator gen, CustomerCdr record, Set<CdrField> fields)
      throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
