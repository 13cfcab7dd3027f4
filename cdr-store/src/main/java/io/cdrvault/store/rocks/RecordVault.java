package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.RecordSealer;
import io.cdrvault.store.model.CustomerCdr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Records in and out of their sealed form: the customer tags, the per-(customer, month) data keys
 * (kept in the {@link KeyDatabase}, which this vault owns and closes) and the encode-and-seal /
 * open-and-decode of one record under its storage key. Destroying keys here removes their wrapped
 * form from the key database's files and their {@code Cipher}s from every thread
 * ({@link DataKeyManager#destroy}).
 *
 * <p>Thread-safe. {@link #close()} closes the key database.
 */
final class RecordVault implements AutoCloseable {
  /** What a sealed record's position is called in errors. */
  static final String POSITION = "record key";

  private final HmacCustomerTagger tagger;
  private final DataKeyManager dataKeys;
  private final KeyDatabase keyDatabase;

  RecordVault(HmacCustomerTagger tagger, DataKeyManager dataKeys, KeyDatabase keyDatabase) {
    this.tagger = tagger;
    this.dataKeys = dataKeys;
    this.keyDatabase = keyDatabase;
  }

  HmacCustomerTagger tagger() {
    return tagger;
  }

  DataKeyManager dataKeys() {
    return dataKeys;
  }

  /** The key of a (customer, month) if one was created and not destroyed. */
  Optional<DataKey> forRead(DekId id) {
    return dataKeys.forRead(id);
  }

  /** The keys for writing, created where missing. */
  Map<DekId, DataKey> forWrite(Set<DekId> ids) {
    return ids.isEmpty() ? Map.of() : dataKeys.forWrite(ids);
  }

  /** Encodes and seals a record under its storage key. */
  byte[] seal(DataKey key, byte[] recordKey, CustomerCdr record) {
    RecordCodec.Encoded enc = RecordCodec.encode(record);
    return RecordSealer.seal(key, recordKey, enc.buffer(), 0, enc.length());
  }

  /** Decrypts and decodes a record read at {@code recordKey} of a month's record family. */
  CustomerCdr open(DataKey key, int month, byte[] recordKey, byte[] sealed) {
    byte[] plain = RecordSealer.open(key, recordKey, sealed, StorageKeys.monthColumnFamily(month),
        POSITION);
    try {
      return RecordCodec.decode(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * The ids of the stored data keys that {@code filter} accepts (a scan of the wrapped keys;
   * {@code tagPrefix} non-null restricts it to one customer).
   */
  List<DekId> ids(byte[] tagPrefix, Predicate<DekId> filter) {
    List<DekId> out = new ArrayList<>();
    dataKeys.forEachWrapped((id, version) -> {
      if ((tagPrefix == null || Arrays.equals(id.tag(), 0, 16, tagPrefix, 0, 16))
          && filter.test(id)) {
        out.add(id);
      }
    });
    return out;
  }

  /**
   * Destroys data keys: deletes their wrapped form (synced), drops every cached unwrapped key and
   * {@code Cipher}, then compacts the key database so the wrapped bytes leave its files. Records
   * under them can never be decrypted again. The caller holds the store's gate alone.
   */
  void destroy(Collection<DekId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    dataKeys.destroy(ids);
    keyDatabase.compact();
  }

  @Override
  public void close() {
    keyDatabase.close();
  }
}
