package io.cdrvault.store.rocks;

import io.cdrvault.store.audit.RocksAuditLedger;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.LegalRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * The sealed registries of one store, each in its own column family under a key derived from the
 * keyring (ADR 0006): legal requests, consent, the compliance registers (breaches, complaints) and
 * the lifecycle (holds, erasures). Every call of theirs runs inside the store's {@link StoreGate},
 * so it fails once the store is closed. They are built here so the store's constructor only wires
 * them.
 *
 * <p>Immutable; the registries are thread-safe.
 */
record StoreRegistries(RocksLegalRegistry legal, RocksConsentRegistry consent,
    RocksComplianceRegistry compliance, RocksLifecycle holds) {

  StoreRegistries {
    Objects.requireNonNull(legal, "legal");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(compliance, "compliance");
    Objects.requireNonNull(holds, "holds");
  }

  /** Opens the registries over the store's fixed column families ({@code fixed}, by name). */
  static StoreRegistries open(RocksDB db, Map<String, ColumnFamilyHandle> fixed,
      WriteOptions syncOptions, Keyring keyring, HmacCustomerTagger tagger, StoreGate gate,
      RocksAuditLedger ledger) {
    RocksLegalRegistry.Guard guard = new RocksLegalRegistry.Guard() {
      @Override
      public <T> T run(Supplier<T> action) {
        return gate.shared(action);
      }
    };
    return new StoreRegistries(
        new RocksLegalRegistry(db, family(fixed, RocksCdrStore.LEGAL), syncOptions, keyring, guard),
        new RocksConsentRegistry(db, family(fixed, RocksCdrStore.CONSENT), syncOptions, keyring,
            tagger, guard),
        new RocksComplianceRegistry(db, family(fixed, RocksCdrStore.COMPLIANCE), syncOptions,
            keyring, guard),
        new RocksLifecycle(db, family(fixed, RocksCdrStore.LIFECYCLE), syncOptions, keyring, guard,
            ledger));
  }

  /**
   * The legal requests in a database opened elsewhere (read-only, by offline reports such as
   * {@code audit report}): lookups only; {@code writeOptions} stays the caller's to close.
   */
  static LegalRegistry legalOver(RocksDB db, ColumnFamilyHandle legal, WriteOptions writeOptions,
      Keyring keyring) {
    return new RocksLegalRegistry(db, legal, writeOptions, keyring, new RocksLegalRegistry.Guard() {
      @Override
      public <T> T run(Supplier<T> action) {
        return action.get();
      }
    });
  }

  private static ColumnFamilyHandle family(Map<String, ColumnFamilyHandle> fixed, String name) {
    return Objects.requireNonNull(fixed.get(name), name);
  }
}
