package io.cdrvault.query.console;

/**
 * What the last action did, shown once at the top of the next page: done, or refused with the rule
 * that refused it and the audit entry that records the refusal.
 *
 * @param auditSequence the audit entry's sequence number; null when the API sent none
 * @param rule the refusing rule; null when done
 */
public record Notice(boolean ok, String message, String rule, Long auditSequence) {
  static Notice done(String message, Long auditSequence) {
    return new Notice(true, message, null, auditSequence);
  }

  static Notice refused(ApiAnswer a) {
    String reason = a.json().path("reason").asText(a.json().path("error").asText("refused"));
    return new Notice(false, "Refused (HTTP " + a.status() + "): " + reason,
        a.json().path("rule").asText(null), a.auditSequence());
  }
}
