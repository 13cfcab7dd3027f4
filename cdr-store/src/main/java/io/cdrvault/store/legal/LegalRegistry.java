package io.cdrvault.store.legal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registry of legal process served on the carrier (DESIGN §7, {@code LEGAL_PROCESS}): a request
 * is registered by one person and approved by another (two-person rule) before it may scope an
 * export; it may be revoked at any time, and it expires at its expiry instant.
 *
 * <p>Implementations are thread-safe and persistent (a change is durable when the call returns);
 * arguments and results are non-null. Principals are compared case-insensitively.
 */
public interface LegalRegistry {

  /**
   * Registers a request in state {@link LegalRequest.State#REGISTERED} under a new random id.
   *
   * @throws LegalRequestException ({@link LegalRequestException.Reason#EXPIRED}) if it has
   *     already expired at {@code now}
   */
  LegalRequest register(NewLegalRequest request, String principal, Instant now);

  /**
   * Approves a registered request.
   *
   * @throws LegalRequestException with reason {@code UNKNOWN}, {@code NOT_PENDING} (approved or
   *     revoked already), {@code EXPIRED}, or {@code SAME_PRINCIPAL} (approver registered it)
   */
  LegalRequest approve(String id, String principal, Instant now);

  /**
   * Revokes a registered or approved request; it can never be used again.
   *
   * @throws LegalRequestException with reason {@code UNKNOWN} or {@code ALREADY_REVOKED}
   */
  LegalRequest revoke(String id, String principal, Instant now);

  /** The request with this id, if any. */
  Optional<LegalRequest> find(String id);

  /** Every request, ordered by id. */
  List<LegalRequest> all();

  /** Whether the request may scope an export at {@code now}, or why not. */
  Usability usable(String id, Instant now);
}
