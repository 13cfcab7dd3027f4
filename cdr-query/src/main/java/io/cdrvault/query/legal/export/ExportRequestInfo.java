package io.cdrvault.query.legal.export;

import io.cdrvault.store.legal.Instrument;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The registered, approved legal request an export package answers: what was served, by whom, on
 * which targets and for which window ({@code from} inclusive, {@code to} exclusive).
 *
 * <p>Immutable and thread-safe; all components non-null. {@link #toString()} prints no targets.
 *
 * @param servedDocumentSha256 lowercase hex SHA-256 of the served document (subpoena, order, ...)
 * @param registeredBy principal who registered the request
 * @param approvedBy a different principal who approved it
 * @param gag whether a non-disclosure order accompanies the request (the package says so; it
 *     changes nothing in the records)
 */
public record ExportRequestInfo(
    String requestId,
    Instrument instrument,
    String issuingAuthority,
    String caseNumber,
    List<String> targets,
    Instant from,
    Instant to,
    String servedDocumentSha256,
    String registeredBy,
    String approvedBy,
    boolean gag) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public ExportRequestInfo {
    requireText(requestId, "requestId");
    Objects.requireNonNull(instrument, "instrument");
    requireText(issuingAuthority, "issuingAuthority");
    requireText(caseNumber, "caseNumber");
    Objects.requireNonNull(targets, "targets");
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets must not be empty");
    }
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i).isBlank()) {
        throw new IllegalArgumentException("target " + i + " is blank");
      }
    }
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("window 'from' must be before 'to'");
    }
    Objects.requireNonNull(servedDocumentSha256, "servedDocumentSha256");
    if (!SHA256_HEX.matcher(servedDocumentSha256).matches()) {
      throw new IllegalArgumentException("servedDocumentSha256 must be 64 lowercase hex digits");
    }
    requireText(registeredBy, "registeredBy");
    requireText(approvedBy, "approvedBy");
    if (registeredBy.equals(approvedBy)) {
      throw new IllegalArgumentException("a request must be approved by someone other than its registrar");
    }
  }

  /** A request without a non-disclosure order. */
  public ExportRequestInfo(String requestId, Instrument instrument, String issuingAuthority,
      String caseNumber, List<String> targets, Instant from, Instant to, String servedDocumentSha256,
      String registeredBy, String approvedBy) {
    this(requestId, instrument, issuingAuthority, caseNumber, targets, from, to,
        servedDocumentSha256, registeredBy, approvedBy, false);
  }

  /** Whether {@code t} lies in the window ({@code from} inclusive, {@code to} exclusive). */
  public boolean inWindow(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  private static void requireText(String v, String name) {
    Objects.requireNonNull(v, name);
    if (v.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  @Override
  public String toString() {
    return "ExportRequestInfo[" + requestId + " " + instrument + ", " + targets.size() + " target(s), "
        + from + ".." + to + "]";
  }
}
