package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DerivedKeySealer;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalRequestException;
import io.cdrvault.store.legal.LegalRequestException.Reason;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.legal.Usability;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * {@link LegalRegistry} in the store's {@code legal} column family: key {@code legal/<id>}, value
 * the request's JSON sealed with AES-256-GCM under a key derived from the index root key (info
 * {@value #SEAL_INFO}) and the storage key as associated data. Writes are synced.
 *
 * <p>Thread-safe: changes are serialised on this object; every call runs under the store's
 * open/close guard.
 */
final class RocksLegalRegistry implements LegalRegistry {
  /** HKDF info of the registry's sealing key; changing it makes every stored request unreadable. */
  static final String SEAL_INFO = "cdrvault legal-registry seal v1";
  static final String KEY_PREFIX = "legal/";
  private static final String POSITION = "legal request key";

  /** Runs an action while the store is open (or fails because it is closed). */
  interface Guard {
    <T> T run(Supplier<T> action);
  }

  private final RocksDB db;
  private final ColumnFamilyHandle cf;
  private final WriteOptions syncOptions;
  private final DerivedKeySealer sealer;
  private final Guard guard;
  private final SecureRandom random = new SecureRandom();

  RocksLegalRegistry(RocksDB db, ColumnFamilyHandle cf, WriteOptions syncOptions, Keyring keyring,
      Guard guard) {
    this.db = db;
    this.cf = cf;
    this.syncOptions = syncOptions;
    this.sealer = DerivedKeySealer.create(keyring, SEAL_INFO);
    this.guard = guard;
  }

  static byte[] storageKey(String id) {
    return (KEY_PREFIX + id).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized LegalRequest register(NewLegalRequest request, String principal,
      Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    return guard.run(() -> {
      if (!now.isBefore(request.expiresAt())) {
        throw new LegalRequestException(Reason.EXPIRED,
            "a legal request that has already expired cannot be registered");
      }
      String id;
      do {
        byte[] b = new byte[8];
        random.nextBytes(b);
        id = "LR-" + HexFormat.of().formatHex(b);
      } while (read(id).isPresent());
      LegalRequest r = LegalRequest.registered(id, request, principal, now);
      put(r);
      return r;
    });
  }

  @Override
  public synchronized LegalRequest approve(String id, String principal, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    return guard.run(() -> {
      LegalRequest r = existing(id);
      if (r.state() != LegalRequest.State.REGISTERED) {
        throw new LegalRequestException(Reason.NOT_PENDING,
            "legal request " + id + " is " + r.state() + ", not awaiting approval");
      }
      if (r.isExpiredAt(now)) {
        throw new LegalRequestException(Reason.EXPIRED, "legal request " + id + " has expired");
      }
      if (LegalRequest.samePrincipal(principal, r.registeredBy())) {
        throw new LegalRequestException(Reason.SAME_PRINCIPAL, "legal request " + id
            + " must be approved by someone other than who registered it (two-person rule)");
      }
      LegalRequest approved = r.approvedBy(principal, now);
      put(approved);
      return approved;
    });
  }

  @Override
  public synchronized LegalRequest revoke(String id, String principal, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    return guard.run(() -> {
      LegalRequest r = existing(id);
      if (r.state() == LegalRequest.State.REVOKED) {
        throw new LegalRequestException(Reason.ALREADY_REVOKED,
            "legal request " + id + " is already revoked");
      }
      LegalRequest revoked = r.revokedBy(principal, now);
      put(revoked);
      return revoked;
    });
  }

  @Override
  public Optional<LegalRequest> find(String id) {
    Objects.requireNonNull(id, "id");
    return guard.run(() -> read(id));
  }

  @Override
  public List<LegalRequest> all() {
    return guard.run(() -> {
      List<LegalRequest> out = new ArrayList<>();
      byte[] prefix = KEY_PREFIX.getBytes(StandardCharsets.UTF_8);
      try (RocksIterator it = db.newIterator(cf)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          byte[] k = it.key();
          if (!startsWith(k, prefix)) {
            break;
          }
          out.add(open(k, it.value()));
        }
        it.status();
      } catch (RocksDBException e) {
        throw RocksErrors.translate("listing legal requests", e);
      }
      return List.copyOf(out);
    });
  }

  @Override
  public Usability usable(String id, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(now, "now");
    return find(id).map(r -> r.usabilityAt(now)).orElse(Usability.UNKNOWN);
  }

  private LegalRequest existing(String id) {
    return read(id).orElseThrow(() -> new LegalRequestException(Reason.UNKNOWN,
        "no legal request with id " + (LegalRequest.ID.matcher(id).matches() ? id : "<malformed>")));
  }

  private Optional<LegalRequest> read(String id) {
    if (!LegalRequest.ID.matcher(id).matches()) {
      return Optional.empty();
    }
    byte[] k = storageKey(id);
    byte[] v;
    try {
      v = db.get(cf, k);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading a legal request", e);
    }
    return v == null ? Optional.empty() : Optional.of(open(k, v));
  }

  private LegalRequest open(byte[] key, byte[] sealed) {
    byte[] json = sealer.open(key, sealed, RocksCdrStore.LEGAL, POSITION);
    try {
      LegalRequest r = LegalRequestCodec.decode(json);
      if (!java.util.Arrays.equals(storageKey(r.id()), key)) {
        throw new io.cdrvault.store.errors.CdrVaultException("a legal request is stored under another id");
      }
      return r;
    } finally {
      java.util.Arrays.fill(json, (byte) 0);
    }
  }

  private void put(LegalRequest r) {
    byte[] k = storageKey(r.id());
    byte[] json = LegalRequestCodec.encode(r);
    try {
      db.put(cf, syncOptions, k, sealer.seal(k, json));
    } catch (RocksDBException e) {
      throw RocksErrors.translate("writing legal request " + r.id(), e);
    } finally {
      java.util.Arrays.fill(json, (byte) 0);
    }
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    if (a.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (a[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "RocksLegalRegistry[" + RocksCdrStore.LEGAL + "]";
  }
}
