package io.cdrvault.store.rocks;

import io.cdrvault.store.compliance.Breach;
import io.cdrvault.store.compliance.BreachNotification;
import io.cdrvault.store.compliance.BreachText;
import io.cdrvault.store.compliance.Complaint;
import io.cdrvault.store.compliance.ComplaintCategory;
import io.cdrvault.store.compliance.ComplianceException;
import io.cdrvault.store.compliance.ComplianceException.Reason;
import io.cdrvault.store.compliance.ComplianceRegistry;
import io.cdrvault.store.crypto.DerivedKeySealer;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * {@link ComplianceRegistry} in the store's {@code compliance} column family: keys
 * {@code breach/<id>} and {@code complaint/<id>}, values the record's JSON sealed with AES-256-GCM
 * under a key derived from the index root key (info {@value #SEAL_INFO}) with the storage key as
 * associated data (ADR 0006). Writes are synced. Nothing here deletes, and neither the retention
 * sweep nor erasure touches this column family.
 *
 * <p>Thread-safe: changes are serialised on this object; every call runs under the store's
 * open/close guard.
 */
final class RocksComplianceRegistry implements ComplianceRegistry {
  /** HKDF info of the registry's sealing key; changing it makes every stored record unreadable. */
  static final String SEAL_INFO = "cdrvault compliance-registry seal v1";
  static final String BREACH_PREFIX = "breach/";
  static final String COMPLAINT_PREFIX = "complaint/";

  private final RocksDB db;
  private final ColumnFamilyHandle cf;
  private final WriteOptions syncOptions;
  private final DerivedKeySealer sealer;
  private final RocksLegalRegistry.Guard guard;
  private final SecureRandom random = new SecureRandom();

  RocksComplianceRegistry(RocksDB db, ColumnFamilyHandle cf, WriteOptions syncOptions,
      Keyring keyring, RocksLegalRegistry.Guard guard) {
    this.db = db;
    this.cf = cf;
    this.syncOptions = syncOptions;
    this.sealer = DerivedKeySealer.create(keyring, SEAL_INFO);
    this.guard = guard;
  }

  @Override
  public synchronized Breach recordBreach(Instant discoveredAt, Instant determinedAt,
      BreachText text, long customersAffected, String principal, Instant now) {
    Objects.requireNonNull(discoveredAt, "discoveredAt");
    Objects.requireNonNull(determinedAt, "determinedAt");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    if (discoveredAt.isAfter(now) || determinedAt.isAfter(now)) {
      throw new IllegalArgumentException("a breach cannot be discovered or determined in the future");
    }
    return guard.run(() -> {
      String id = newId("BR-", BREACH_PREFIX);
      Breach b = new Breach(id, principal, now, discoveredAt, determinedAt, text,
          customersAffected, List.of());
      put(BREACH_PREFIX + id, ComplianceCodec.encode(b));
      return b;
    });
  }

  @Override
  public synchronized Breach addNotification(String breachId, BreachNotification.Kind kind,
      Instant at, String reference, LocalDate delayUntil, String principal, Instant now) {
    Objects.requireNonNull(breachId, "breachId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    return guard.run(() -> {
      Breach b = breachOf(breachId).orElseThrow(() -> new ComplianceException(Reason.UNKNOWN,
          "no breach with id " + (Breach.ID.matcher(breachId).matches() ? breachId : "<malformed>")));
      if (at.isAfter(now) || at.isBefore(b.discoveredAt())) {
        throw new ComplianceException(Reason.CONFLICT, "a notification of breach " + b.id()
            + " must be dated between its discovery and now");
      }
      if (kind == BreachNotification.Kind.CUSTOMERS && b.first(BreachNotification.Kind.LAW_ENFORCEMENT)
          .map(le -> le.at().isAfter(at)).orElse(true)) {
        throw new ComplianceException(Reason.CONFLICT, "customers of breach " + b.id()
            + " may be told only after law enforcement was notified (47 CFR 64.2011)");
      }
      Breach changed = b.with(new BreachNotification(kind, at, reference, delayUntil, principal, now));
      put(BREACH_PREFIX + b.id(), ComplianceCodec.encode(changed));
      return changed;
    });
  }

  @Override
  public Optional<Breach> breach(String id) {
    Objects.requireNonNull(id, "id");
    return guard.run(() -> breachOf(id));
  }

  @Override
  public List<Breach> breaches() {
    return guard.run(() -> all(BREACH_PREFIX, ComplianceCodec::decodeBreach));
  }

  @Override
  public synchronized Complaint recordComplaint(Instant receivedAt, ComplaintCategory category,
      String note, String principal, Instant now) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    if (receivedAt.isAfter(now)) {
      throw new IllegalArgumentException("a complaint cannot be received in the future");
    }
    return guard.run(() -> {
      String id = newId("CP-", COMPLAINT_PREFIX);
      Complaint c = new Complaint(id, receivedAt, category, note, principal, now);
      put(COMPLAINT_PREFIX + id, ComplianceCodec.encode(c));
      return c;
    });
  }

  @Override
  public List<Complaint> complaints() {
    return guard.run(() -> all(COMPLAINT_PREFIX, ComplianceCodec::decodeComplaint));
  }

  private Optional<Breach> breachOf(String id) {
    if (!Breach.ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return get(BREACH_PREFIX + id).map(json -> {
      try {
        Breach b = ComplianceCodec.decodeBreach(json);
        return checked(b.id(), id, b);
      } finally {
        Arrays.fill(json, (byte) 0);
      }
    });
  }

  private String newId(String idPrefix, String keyPrefix) {
    String id;
    do {
      byte[] b = new byte[8];
      random.nextBytes(b);
      id = idPrefix + HexFormat.of().formatHex(b);
    } while (get(keyPrefix + id).isPresent());
    return id;
  }

  private Optional<byte[]> get(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] v = db.get(cf, k);
      return v == null ? Optional.empty() : Optional.of(open(k, v));
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading a compliance record", e);
    }
  }

  private <T> List<T> all(String prefix, Function<byte[], T> decode) {
    List<T> out = new ArrayList<>();
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    try (RocksIterator it = db.newIterator(cf)) {
      for (it.seek(p); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length < p.length || !Arrays.equals(k, 0, p.length, p, 0, p.length)) {
          break;
        }
        byte[] json = open(k, it.value());
        try {
          T t = decode.apply(json);
          String id = new String(k, p.length, k.length - p.length, StandardCharsets.UTF_8);
          out.add(checked(idOf(t), id, t));
        } finally {
          Arrays.fill(json, (byte) 0);
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw RocksErrors.translate("listing compliance records", e);
    }
    return List.copyOf(out);
  }

  private static String idOf(Object t) {
    return t instanceof Breach b ? b.id() : ((Complaint) t).id();
  }

  private static <T> T checked(String storedId, String keyId, T t) {
    if (!storedId.equals(keyId)) {
      throw new CdrVaultException("a compliance record is stored under another id");
    }
    return t;
  }

  private byte[] open(byte[] key, byte[] sealed) {
    return sealer.open(key, sealed, RocksCdrStore.COMPLIANCE, "compliance record key");
  }

  private void put(String key, byte[] json) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    try {
      db.put(cf, syncOptions, k, sealer.seal(k, json));
    } catch (RocksDBException e) {
      throw RocksErrors.translate("writing a compliance record", e);
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "RocksComplianceRegistry[" + RocksCdrStore.COMPLIANCE + "]";
  }
}
