package io.cdrvault.store.model.json;

import io.cdrvault.store.errors.CdrVaultException;
import java.util.Objects;

/**
 * A canonical-json object is malformed; the message names the field, never its value.
 * {@link #problem()} classifies the failure so a decoder can map it to a dead-letter reason, and
 * {@link #field()} names the offending field when there is one.
 */
public class CanonicalJsonException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem the object has. */
  public enum Problem {
    /** Not a JSON object at all (syntax error, wrong top-level type). */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field is present but its value has the wrong type or is out of range. */
    INVALID_FIELD,
    /** The {@code schema} field names a schema this version cannot read. */
    UNSUPPORTED_SCHEMA
  }

  private final Problem problem;
  private final String field;

  public CanonicalJsonException(String message) {
    this(Problem.INVALID_FIELD, null, message, null);
  }

  public CanonicalJsonException(String message, Throwable cause) {
    this(Problem.INVALID_FIELD, null, message, cause);
  }

  /**
   * @param field the offending field's name (a schema name, never input data), or null
   */
  public CanonicalJsonException(Problem problem, String field, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.field = field;
  }

  public Problem problem() {
    return problem;
  }

  /** The offending field's name, or null when the problem is not about one field. */
  public String field() {
    return field;
  }
}
