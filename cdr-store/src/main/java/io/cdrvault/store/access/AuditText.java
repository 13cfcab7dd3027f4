package io.cdrvault.store.access;

import io.cdrvault.store.compliance.Breach;
import io.cdrvault.store.compliance.Complaint;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.lifecycle.Hold;
import java.util.Optional;

/**
 * What of a caller's text may be written to the audit ledger (DESIGN.md invariant 3: nothing a
 * caller sends reaches the ledger in plaintext unless it is a known, non-personal value). Every
 * text is either a value from a closed set, an opaque id this node generated, or a keyed pseudonym
 * ({@link CustomerTagger#referenceTag}); docs/audit.md lists which field gets which.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditText {
  /** Written as the purpose when the caller sent text that names no purpose. */
  public static final String UNKNOWN_PURPOSE = "UNKNOWN";
  /** Marks a pseudonymised case reference: {@code case~} and 32 hex digits. */
  public static final String CASE_TAG = "case~";
  /** Separates the kept head of a long destination prefix from its keyed tag. */
  public static final String PREFIX_TAG = "~";

  private AuditText() {}

  /** A purpose name as recorded: the constant's name, {@link #UNKNOWN_PURPOSE}, or null when absent. */
  public static String purpose(String sent) {
    if (sent == null || sent.isBlank()) {
      return null;
    }
    for (Purpose p : Purpose.values()) {
      if (p.name().equals(sent.strip())) {
        return p.name();
      }
    }
    return UNKNOWN_PURPOSE;
  }

  /**
   * A case reference as recorded: a legal request, hold, breach or complaint id (opaque random
   * ids this node issued: {@code LR-}, {@code LH-}, {@code BR-}, {@code CP-}) verbatim, anything else as {@code case~} and its keyed tag (a fraud case number could
   * be, or hold, a phone number or customer id).
   */
  public static String caseRef(Optional<String> sent, CustomerTagger tagger) {
    if (sent.isEmpty()) {
      return null;
    }
    String c = sent.get();
    if (LegalRequest.ID.matcher(c).matches() || Hold.ID.matcher(c).matches()
        || Breach.ID.matcher(c).matches() || Complaint.ID.matcher(c).matches()) {
      return c;
    }
    return CASE_TAG + tagger.referenceTagHex("c|" + c);
  }

  /**
   * A destination prefix as recorded: verbatim up to {@link CustomerTagger#PREFIX_INDEX_LENGTH}
   * characters (a country or area code, as coarse as the blind index itself); a longer one — up
   * to a whole number — as its first {@code PREFIX_INDEX_LENGTH} characters, {@code ~} and the
   * keyed tag of the whole prefix.
   */
  public static String prefix(String prefix, CustomerTagger tagger) {
    if (prefix.length() <= CustomerTagger.PREFIX_INDEX_LENGTH) {
      return prefix;
    }
    return prefix.substring(0, CustomerTagger.PREFIX_INDEX_LENGTH) + PREFIX_TAG
        + tagger.referenceTagHex("p|" + prefix);
  }
}
