package io.cdrvault.store.rocks;

import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.lifecycle.CustomerErasedException;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * One customer's records in a grant's window: walks the month families overlapping the window,
 * one bounded scan each, with the customer's key of that month, opening records ahead of the
 * reader in chunks ({@link OpenAhead}). Every record is checked against the grant.
 *
 * <p>Not thread-safe.
 */
final class CustomerCursor extends StoreCursor {
  private final RecordReader reader;
  private final AccessGrant grant;
  private final byte[] tag;
  private final byte[] lowerKey;
  private final Iterator<Map.Entry<Integer, ColumnFamilyHandle>> monthIt;
  private final Slice lower;
  private final Slice upper;
  private final ReadOptions readOptions;
  private final OpenAhead<CustomerCdr> ahead;
  private RocksIterator it;
  private DataKey key;
  private int month;

  /**
   * @throws CustomerErasedException if the customer was erased
   */
  CustomerCursor(RecordReader reader, RocksLifecycle erasures, AccessGrant grant,
      CustomerId customer) {
    super(reader, grant);
    this.reader = reader;
    this.grant = grant;
    this.tag = reader.vault().tagger().tag(customer);
    Optional<Instant> erasedAt = erasures.erasedAt(tag);
    if (erasedAt.isPresent()) {
      throw new CustomerErasedException(erasedAt.get());
    }
    long from = Math.max(0, millisClamped(grant.scope().from()));
    long to = Math.max(0, millisClamped(grant.scope().to()));
    this.lowerKey = StorageKeys.bound(tag, from);
    this.monthIt = reader.families().records(grant.scope()).entrySet().iterator();
    this.ahead = new OpenAhead<>(reader.pool());
    this.lower = new Slice(lowerKey);
    this.upper = new Slice(StorageKeys.bound(tag, to));
    this.readOptions = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
  }

  private static long millisClamped(Instant t) {
    try {
      return t.toEpochMilli();
    } catch (ArithmeticException e) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  @Override
  CustomerCdr advance() {
    while (true) {
      CustomerCdr r = ahead.poll();
      if (r != null) {
        if (!grant.admits(r)) {
          throw new CdrVaultException("a record read at a " + RecordVault.POSITION
              + " of the customer's month families lies outside the grant's scope");
        }
        return r;
      }
      while (ahead.wantsMore() && readChunk()) {
        // keep up to OpenAhead.IN_FLIGHT chunks opening while the first is awaited
      }
      if (!ahead.takeOldest()) {
        return null;
      }
    }
  }

  /** Reads the next chunk of raw records of one month into {@link #ahead}; false at the end. */
  private boolean readChunk() {
    while (true) {
      if (it != null) {
        if (it.isValid()) {
          int n = ahead.chunkSize();
          byte[][] keys = new byte[n][];
          byte[][] values = new byte[n][];
          int c = 0;
          for (; c < n && it.isValid(); c++, it.next()) {
            keys[c] = it.key();
            values[c] = it.value();
          }
          DataKey k = key;
          int m = month;
          ahead.submit(c, i -> reader.open(k, m, keys[i], values[i]));
          return true;
        }
        try {
          it.status();
        } catch (RocksDBException e) {
          throw RocksErrors.translate("scanning column family "
              + StorageKeys.monthColumnFamily(month), e);
        }
        it.close();
        it = null;
      }
      if (!monthIt.hasNext()) {
        return false;
      }
      Map.Entry<Integer, ColumnFamilyHandle> m = monthIt.next();
      Optional<DataKey> dk = reader.dataKey(DekId.of(tag, m.getKey()));
      if (dk.isEmpty()) {
        continue; // no key: never written for this customer and month, or destroyed
      }
      key = dk.get();
      month = m.getKey();
      it = reader.iterator(m.getValue(), readOptions);
      it.seek(lowerKey);
    }
  }

  @Override
  void release() {
    ahead.clear();
    if (it != null) {
      it.close();
      it = null;
    }
    readOptions.close();
    upper.close();
    lower.close();
  }
}
