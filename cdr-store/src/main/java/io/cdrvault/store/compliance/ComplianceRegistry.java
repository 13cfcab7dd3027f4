package io.cdrvault.store.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The compliance officer's registers kept (sealed) in the store: the CPNI breach register
 * (47 CFR 64.2011) and the log of customer complaints about the unauthorised release of CPNI
 * (64.2009(e)). Entries are only ever added to: nothing deletes a breach or a complaint — no
 * route, no retention sweep, no erasure (64.2011(d) asks for at least two years).
 *
 * <p>Implementations are thread-safe and persistent (a change is durable when the call returns);
 * arguments and results are non-null unless a parameter says otherwise.
 */
public interface ComplianceRegistry {

  /**
   * Records a breach under a new random id.
   *
   * @param customersAffected how many customers it affected (0 while unknown)
   * @throws IllegalArgumentException if it was determined before it was discovered, or either
   *     lies after {@code now}
   */
  Breach recordBreach(Instant discoveredAt, Instant determinedAt, BreachText text,
      long customersAffected, String principal, Instant now);

  /**
   * Adds a notification (or a delay direction) to a breach.
   *
   * @throws ComplianceException {@code UNKNOWN} for no such breach; {@code CONFLICT} when
   *     customers are recorded as told before law enforcement was, or a notification is dated
   *     after {@code now} or before the breach was discovered
   */
  Breach addNotification(String breachId, BreachNotification.Kind kind, Instant at,
      String reference, java.time.LocalDate delayUntil, String principal, Instant now);

  /** The breach with this id. */
  Optional<Breach> breach(String id);

  /** Every breach, by id. */
  List<Breach> breaches();

  /**
   * Logs a complaint under a new random id.
   *
   * @param note null for none
   * @throws IllegalArgumentException if it was received after {@code now} or the note is not
   *     acceptable text
   */
  Complaint recordComplaint(Instant receivedAt, ComplaintCategory category, String note,
      String principal, Instant now);

  /** Every complaint, by id. */
  List<Complaint> complaints();
}
