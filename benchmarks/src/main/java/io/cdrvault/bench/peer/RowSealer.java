package io.cdrvault.bench.peer;

import io.cdrvault.store.crypto.CustomerTagger;
import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DataKeyManager;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.RecordSealer;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RecordCodec;
import io.cdrvault.store.rocks.StorageKeys;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cdrvault's key scheme applied client side, batch by batch, as {@code RocksCdrStore.write} does
 * it: per record the customer tag, the 32-byte storage key {@code recordKey(tag, startMillis,
 * recordId)}, the customer-month data key ({@link DataKeyManager#forWrite} once per batch), records
 * sorted by storage key, then {@link RecordCodec#encode} + {@link RecordSealer#seal} with the
 * storage key as associated data. Instead of RocksDB puts it writes one binary-COPY row per record
 * into the table {@link #COLUMNS}; the blind-index columns hold what the store's index keys start
 * with: {@code numberTag} of the calling and of the called E.164 number and {@code prefixTag} of the
 * called number's first {@link CustomerTagger#PREFIX_INDEX_LENGTH} characters (NULL where the store
 * writes no entry: a number without E.164, or a called number equal to the calling one). Tags are
 * memoised per batch, as in the store.
 *
 * <p>Not thread-safe: one instance per sealing thread.
 */
public final class RowSealer {
  /** The table's columns in COPY order. */
  public static final String COLUMNS =
      "customer, start_ms, record_id, calling_tag, called_tag, prefix_tag, sealed";
  /** The table the rows go to, keyed as the store is: {@code (customer, start_ms, record_id)}. */
  public static final String CREATE_TABLE = "CREATE TABLE cdr (customer bytea NOT NULL, start_ms bigint "
      + "NOT NULL, record_id bytea NOT NULL, calling_tag bytea, called_tag bytea, prefix_tag bytea, "
      + "sealed bytea NOT NULL, PRIMARY KEY (customer, start_ms, record_id))";
  private static final int FIELDS = 7;

  private final HmacCustomerTagger tagger;
  private final DataKeyManager dataKeys;

  public RowSealer(HmacCustomerTagger tagger, DataKeyManager dataKeys) {
    this.tagger = tagger;
    this.dataKeys = dataKeys;
  }

  private record Pending(byte[] key, DekId dek, CustomerCdr record) {}

  /** Seals {@code batch} and returns it as one finished binary COPY stream. */
  public BinaryCopy seal(List<CustomerCdr> batch) {
    Pending[] pending = new Pending[batch.size()];
    Map<CustomerId, byte[]> tags = new HashMap<>();
    for (int i = 0; i < pending.length; i++) {
      CustomerCdr r = batch.get(i);
      long millis = r.cdr().start().toEpochMilli();
      byte[] tag = tags.computeIfAbsent(r.customer(), tagger::tag);
      pending[i] = new Pending(StorageKeys.recordKey(tag, millis, r.cdr().id().value()),
          DekId.of(tag, StorageKeys.monthOf(r.cdr().start())), r);
    }
    Arrays.sort(pending, (x, y) -> Arrays.compareUnsigned(x.key, y.key));
    Set<DekId> needed = new HashSet<>();
    for (Pending p : pending) {
      needed.add(p.dek);
    }
    Map<DekId, DataKey> keys = dataKeys.forWrite(needed);
    Map<String, byte[]> indexTags = new HashMap<>();
    BinaryCopy out = new BinaryCopy(pending.length * 400);
    for (Pending p : pending) {
      RecordCodec.Encoded enc = RecordCodec.encode(p.record);
      byte[] sealed = RecordSealer.seal(keys.get(p.dek), p.key, enc.buffer(), 0, enc.length());
      String calling = p.record.cdr().calling().e164();
      String called = p.record.cdr().called().e164();
      byte[] callingTag = calling == null ? null : indexTags.computeIfAbsent(calling, tagger::numberTag);
      byte[] calledTag = called == null || called.equals(calling) ? null
          : indexTags.computeIfAbsent(called, tagger::numberTag);
      byte[] prefixTag = null;
      if (called != null) {
        String prefix = called.substring(0, Math.min(called.length(), CustomerTagger.PREFIX_INDEX_LENGTH));
        prefixTag = indexTags.computeIfAbsent("p" + prefix, x -> tagger.prefixTag(prefix));
      }
      out.startRow(FIELDS);
      out.bytea(p.key, 0, 16);       // customer tag
      out.int8(p.record.cdr().start().toEpochMilli());
      out.bytea(p.key, 24, 8);       // record id, as in the storage key
      out.bytea(callingTag);
      out.bytea(calledTag);
      out.bytea(prefixTag);
      out.bytea(sealed);
    }
    out.finish();
    return out;
  }

  /** The storage key (associated data) of a row read back: {@code customer ‖ start_ms ‖ record_id}. */
  public static byte[] storageKey(byte[] customer, long startMillis, byte[] recordId) {
    byte[] k = StorageKeys.recordKey(customer, startMillis, 0);
    System.arraycopy(recordId, 0, k, 24, 8);
    return k;
  }
}
