package io.cdrvault.store.legal;

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
    Objects.requireNonNull(instrument, "instrument");
    text(issuingAuthority, "issuingAuthority");
    text(caseNumber, "caseNumber");
    Objects.requireNonNull(targets, "targets");
    targets = List.copyOf(targets); // rejects null elements
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("a legal request needs at least one target");
    }
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("window start must be before its end");
    }
    Objects.requireNonNull(servedDocumentSha256, "servedDocumentSha256");
    if (!SHA256_HEX.matcher(servedDocumentSha256).matches()) {
      throw new IllegalArgumentException("servedDocumentSha256 must be 64 lowercase hex digits");
    }
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
