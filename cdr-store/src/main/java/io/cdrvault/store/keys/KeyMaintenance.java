package io.cdrvault.store.keys;

import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.KekInUseException;
import io.cdrvault.store.crypto.Keyring;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Key-encryption-key maintenance over an open store's data keys, audited in its ledger:
 * {@link #rewrap} (move every data key to the current KEK) and {@link #retire} (drop an old KEK
 * version from the keystore once nothing needs it). Adding a version is
 * {@link Keyring#addKekVersion}, which needs no store.
 *
 * <p>Stateless and thread-safe; the operations themselves are serialised by the
 * {@link DataKeyManager} and the keystore's lock file.
 */
public final class KeyMaintenance {
  /** Audit operation of a rewrap. */
  public static final String REWRAP = "keys.rewrap";
  /** Audit operation of a retirement (allowed or refused). */
  public static final String RETIRE = "keys.retire";
  /** Audit rule of operator-run key maintenance. */
  public static final String RULE = "operator-command";
  /** Audit rule of a refused retirement. */
  public static final String RULE_IN_USE = "kek-in-use";
  /** Default number of data keys per atomic rewrap write. */
  public static final int DEFAULT_BATCH = 1000;

  private KeyMaintenance() {}

  /**
   * Re-wraps every data key under {@code keys}' current KEK version (see
   * {@link DataKeyManager#rewrap}) and appends an {@value #REWRAP} entry to {@code ledger} with
   * the number of keys moved.
   *
   * @param principal who ran it (operator account name; not personal data of a customer)
   */
  public static DataKeyManager.RewrapReport rewrap(DataKeyManager keys, int batchSize,
      AuditLedger ledger, Clock clock, String principal) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(principal, "principal");
    DataKeyManager.RewrapReport report = keys.rewrap(batchSize);
    ledger.append(new AuditEvent.KeyAction(clock.instant(), principal, REWRAP, Outcome.ALLOWED,
        RULE, report.toVersion(), report.rewrapped()));
    return report;
  }

  /**
   * Removes KEK {@code version} from the keystore file after checking that none of {@code keys}'
   * stored data keys is wrapped under it. Both outcomes are audited ({@value #RETIRE}: allowed,
   * naming the version, or denied with rule {@value #RULE_IN_USE} and the count of data keys still
   * under it).
   *
   * @throws KekInUseException naming the count when data keys still use the version (the keystore
   *     is not changed)
   * @throws KeyringException if the version is absent or current, or the keystore cannot be written
   */
  public static void retire(DataKeyManager keys, Path keystoreFile, String keystoreType,
      char[] password, int version, AuditLedger ledger, Clock clock, String principal) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(principal, "principal");
    long inUse = keys.countByKekVersion().getOrDefault(version, 0L);
    if (inUse > 0) {
      ledger.append(new AuditEvent.KeyAction(clock.instant(), principal, RETIRE, Outcome.DENIED,
          RULE_IN_USE, null, inUse));
      throw new KekInUseException(version, inUse);
    }
    Keyring.removeKekVersion(keystoreFile, keystoreType, password, version);
    ledger.append(new AuditEvent.KeyAction(clock.instant(), principal, RETIRE, Outcome.ALLOWED,
        RULE, version, 0L));
  }
}
