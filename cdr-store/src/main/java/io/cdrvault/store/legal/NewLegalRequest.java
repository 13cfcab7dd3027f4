package io.cdrvault.store.legal;

import io.cdrvault.store.model.PrintableText;
import io.cdrvault.store.model.StoreTimes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Legal process as served, before it is registered: the instrument, who issued it, its case
 * number, the targets and window it authorises, when it expires, the SHA-256 of the served document
 * and whether a non-disclosure (gag) order accompanies it. The case number and targets are
 * sensitive: {@link #toString()} prints neither.
 *
 * <p>Immutable and thread-safe; every component is non-null. The window is {@code [from, to)}.
 */
public record NewLegalRequest(Instrument instrument, String issuingAuthority, String caseNumber,
    List<LegalTarget> targets, Instant from, Instant to, Instant expiresAt,
    String servedDocumentSha256, boolean gag) {

  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  static final int MAX_TEXT = 256;

  public NewLegalRequest {
    targets = check(instrument, issuingAuthority, caseNumber, targets, from, to, expiresAt,
        servedDocumentSha256, true);
  }

  /**
   * Checks the served part of a request and returns the targets as an immutable list. New
   * requests ({@code asServed}) must have printable text ({@link PrintableText}) and a window
   * within the store's times ({@link StoreTimes#EARLIEST}..{@link StoreTimes#END});
   * registered ones, read back from the store, are held to the rules they were registered under
   * (text without control characters, any window), so a request stored earlier still loads.
   */
  static List<LegalTarget> check(Instrument instrument, String issuingAuthority, String caseNumber,
      List<LegalTarget> targets, Instant from, Instant to, Instant expiresAt,
      String servedDocumentSha256, boolean asServed) {
    Objects.requireNonNull(instrument, "instrument");
    if (asServed) {
      PrintableText.require(issuingAuthority, "issuingAuthority", MAX_TEXT);
      PrintableText.require(caseNumber, "caseNumber", MAX_TEXT);
    } else {
      text(issuingAuthority, "issuingAuthority");
      text(caseNumber, "caseNumber");
    }
    Objects.requireNonNull(targets, "targets");
    List<LegalTarget> copy = List.copyOf(targets); // rejects null elements
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a legal request needs at least one target");
    }
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("window start must be before its end");
    }
    if (asServed && (from.isBefore(StoreTimes.EARLIEST) || to.isAfter(StoreTimes.END))) {
      throw new IllegalArgumentException("the window must lie in the years the store holds (1970..9999)");
    }
    Objects.requireNonNull(servedDocumentSha256, "servedDocumentSha256");
    if (!SHA256_HEX.matcher(servedDocumentSha256).matches()) {
      throw new IllegalArgumentException("servedDocumentSha256 must be 64 lowercase hex digits");
    }
    return copy;
  }

  static void text(String s, String name) {
    Objects.requireNonNull(s, name);
    if (s.isBlank() || s.length() > MAX_TEXT) {
      throw new IllegalArgumentException(name + " must be 1.." + MAX_TEXT + " characters, not blank");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new IllegalArgumentException(name + " has a control character at index " + i);
      }
    }
  }

  @Override
  public String toString() {
    return "NewLegalRequest[" + instrument + ", " + targets.size() + " target(s), gag=" + gag + "]";
  }
}
