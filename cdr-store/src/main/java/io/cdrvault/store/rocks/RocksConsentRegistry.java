package io.cdrvault.store.rocks;

import io.cdrvault.store.consent.ConsentException;
import io.cdrvault.store.consent.ConsentKind;
import io.cdrvault.store.consent.ConsentRegistry;
import io.cdrvault.store.consent.ConsentVersion;
import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.crypto.DerivedKeySealer;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * {@link ConsentRegistry} in the store's {@code consent} column family: key
 * {@code customerTag(16) ‖ version(4, big-endian)}, value the version's JSON sealed with
 * AES-256-GCM under a key derived from the index root key (info {@value #SEAL_INFO}) with the
 * storage key as associated data, so a version moved to another customer or number fails to open.
 * A version is written once and never overwritten; writes are synced.
 *
 * <p>Thread-safe: appends are serialised on this object; every call runs under the store's
 * open/close guard.
 */
final class RocksConsentRegistry implements ConsentRegistry {
  /** HKDF info of the registry's sealing key; changing it makes every stored version unreadable. */
  static final String SEAL_INFO = "cdrvault consent-registry seal v1";
  static final int TAG_LENGTH = 16;
  private static final String POSITION = "consent version key";

  private final RocksDB db;
  private final ColumnFamilyHandle cf;
  private final WriteOptions syncOptions;
  private final DerivedKeySealer sealer;
  private final CustomerTagger tagger;
  private final RocksLegalRegistry.Guard guard;

  RocksConsentRegistry(RocksDB db, ColumnFamilyHandle cf, WriteOptions syncOptions,
      Keyring keyring, CustomerTagger tagger, RocksLegalRegistry.Guard guard) {
    this.db = db;
    this.cf = cf;
    this.syncOptions = syncOptions;
    this.sealer = DerivedKeySealer.create(keyring, SEAL_INFO);
    this.tagger = tagger;
    this.guard = guard;
  }

  static byte[] storageKey(byte[] tag, int version) {
    return ByteBuffer.allocate(TAG_LENGTH + 4).put(tag, 0, TAG_LENGTH).putInt(version).array();
  }

  @Override
  public synchronized ConsentVersion record(CustomerId customer, ConsentKind kind,
      Instant effectiveAt, String principal, String note, Instant now) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(effectiveAt, "effectiveAt");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    String n = note == null ? "" : note;
    kind.timingProblem(effectiveAt, now).ifPresent(p -> {
      throw new ConsentException(ConsentException.Reason.TIMING, p);
    });
    String noteProblem = ConsentVersion.noteProblem(n);
    if (noteProblem != null) {
      throw new ConsentException(ConsentException.Reason.NOTE, noteProblem);
    }
    return guard.run(() -> {
      byte[] tag = tagger.tag(customer);
      List<ConsentVersion> history = read(tag);
      int next = history.isEmpty() ? 1 : history.get(history.size() - 1).version() + 1;
      ConsentVersion v = new ConsentVersion(next, kind, effectiveAt, now, principal, n);
      byte[] key = storageKey(tag, next);
      byte[] json = ConsentVersionCodec.encode(v);
      try {
        if (db.get(cf, key) != null) {
          throw new CdrVaultException("consent version " + next + " exists already; not overwritten");
        }
        db.put(cf, syncOptions, key, sealer.seal(key, json));
      } catch (RocksDBException e) {
        throw RocksErrors.translate("writing a consent version", e);
      } finally {
        Arrays.fill(json, (byte) 0);
      }
      return v;
    });
  }

  @Override
  public List<ConsentVersion> history(CustomerId customer) {
    Objects.requireNonNull(customer, "customer");
    return guard.run(() -> read(tagger.tag(customer)));
  }

  private List<ConsentVersion> read(byte[] tag) {
    List<ConsentVersion> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(cf)) {
      for (it.seek(tag); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length != TAG_LENGTH + 4 || !Arrays.equals(k, 0, TAG_LENGTH, tag, 0, TAG_LENGTH)) {
          break;
        }
        ConsentVersion v = open(k, it.value());
        int expected = out.size() + 1;
        if (v.version() != expected || ByteBuffer.wrap(k, TAG_LENGTH, 4).getInt() != expected) {
          throw new CdrVaultException("a customer's consent history has a gap or misnumbered"
              + " version at position " + expected);
        }
        out.add(v);
      }
      it.status();
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading a consent history", e);
    }
    return List.copyOf(out);
  }

  private ConsentVersion open(byte[] key, byte[] sealed) {
    byte[] json = sealer.open(key, sealed, RocksCdrStore.CONSENT, POSITION);
    try {
      return ConsentVersionCodec.decode(json);
    } finally {
      Arrays.fill(json, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "RocksConsentRegistry[" + RocksCdrStore.CONSENT + "]";
  }
}
