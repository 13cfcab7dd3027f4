package io.cdrvault.store.legal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registered legal request: what was served ({@link NewLegalRequest}'s components), who
 * registered it and when, who approved or revoked it and when, and its {@link State}. The case
 * number and targets are sensitive: {@link #toString()} prints neither.
 *
 * <p>Immutable and thread-safe. All components are non-null; the {@code Optional}s are present
 * exactly when the state says so (approval for {@code APPROVED}, and for a {@code REVOKED} request
 * that had been approved; revocation for {@code REVOKED}). An approver is never the registrar.
 */
public record LegalRequest(String id, Instrument instrument, String issuingAuthority,
    String caseNumber, List<LegalTarget> targets, Instant from, Instant to, Instant expiresAt,
    String servedDocumentSha256, boolean gag, String registeredBy, Instant registeredAt,
    Optional<String> approvedBy, Optional<Instant> approvedAt, Optional<String> revokedBy,
    Optional<Instant> revokedAt, State state) {

  /** Lifecycle of a request. */
  public enum State {
    /** Registered, awaiting approval by a second person. */
    REGISTERED,
    /** Approved by a second person. */
    APPROVED,
    /** Revoked; never usable again. */
    REVOKED
  }

  /** Shape of a request id: {@code LR-} and 16 lowercase hex digits. */
  public static final Pattern ID = Pattern.compile("LR-[0-9a-f]{16}");

  public LegalRequest {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("request id must be LR- and 16 lowercase hex digits");
    }
    // the served part, by the rules it was registered under (NewLegalRequest checked it then)
    targets = NewLegalRequest.check(instrument, issuingAuthority, caseNumber, targets, from, to,
        expiresAt, servedDocumentSha256, false);
    NewLegalRequest.text(registeredBy, "registeredBy");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(approvedBy, "approvedBy");
    Objects.requireNonNull(approvedAt, "approvedAt");
    Objects.requireNonNull(revokedBy, "revokedBy");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(state, "state");
    approvedBy.ifPresent(p -> NewLegalRequest.text(p, "approvedBy"));
    revokedBy.ifPresent(p -> NewLegalRequest.text(p, "revokedBy"));
    if (approvedBy.isPresent() != approvedAt.isPresent()) {
      throw new IllegalArgumentException("approvedBy and approvedAt must both be present or absent");
    }
    if (revokedBy.isPresent() != revokedAt.isPresent()) {
      throw new IllegalArgumentException("revokedBy and revokedAt must both be present or absent");
    }
    if (approvedBy.isPresent() && samePrincipal(approvedBy.get(), registeredBy)) {
      throw new IllegalArgumentException("the approver must not be the registrar (two-person rule)");
    }
    switch (state) {
      case REGISTERED -> {
        if (approvedBy.isPresent() || revokedBy.isPresent()) {
          throw new IllegalArgumentException("a REGISTERED request has no approval or revocation");
        }
      }
      case APPROVED -> {
        if (approvedBy.isEmpty() || revokedBy.isPresent()) {
          throw new IllegalArgumentException("an APPROVED request has an approval and no revocation");
        }
      }
      case REVOKED -> {
        if (revokedBy.isEmpty()) {
          throw new IllegalArgumentException("a REVOKED request has a revocation");
        }
      }
      default -> throw new IllegalArgumentException("unknown state " + state);
    }
  }

  /** A newly registered request. */
  public static LegalRequest registered(String id, NewLegalRequest served, String principal,
      Instant now) {
    Objects.requireNonNull(served, "served");
    return new LegalRequest(id, served.instrument(), served.issuingAuthority(), served.caseNumber(),
        served.targets(), served.from(), served.to(), served.expiresAt(),
        served.servedDocumentSha256(), served.gag(), principal, now, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), State.REGISTERED);
  }

  /** This request approved by {@code principal} at {@code at} (no state checks beyond validation). */
  public LegalRequest approvedBy(String principal, Instant at) {
    return new LegalRequest(id, instrument, issuingAuthority, caseNumber, targets, from, to,
        expiresAt, servedDocumentSha256, gag, registeredBy, registeredAt, Optional.of(principal),
        Optional.of(at), Optional.empty(), Optional.empty(), State.APPROVED);
  }

  /** This request revoked by {@code principal} at {@code at}. */
  public LegalRequest revokedBy(String principal, Instant at) {
    return new LegalRequest(id, instrument, issuingAuthority, caseNumber, targets, from, to,
        expiresAt, servedDocumentSha256, gag, registeredBy, registeredAt, approvedBy, approvedAt,
        Optional.of(principal), Optional.of(at), State.REVOKED);
  }

  /** True when {@code now} is at or after the expiry instant. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Whether this request may scope an export at {@code now}, or why not. */
  public Usability usabilityAt(Instant now) {
    Objects.requireNonNull(now, "now");
    if (state == State.REVOKED) {
      return Usability.REVOKED;
    }
    if (isExpiredAt(now)) {
      return Usability.EXPIRED;
    }
    return state == State.APPROVED ? Usability.USABLE : Usability.UNAPPROVED;
  }

  /** Principals are the same person when equal ignoring case and surrounding blanks. */
  public static boolean samePrincipal(String a, String b) {
    return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "LegalRequest[" + id + " " + instrument + " " + state + ", " + targets.size()
        + " target(s), gag=" + gag + "]";
  }
}
