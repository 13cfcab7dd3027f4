package io.cdrvault.store.rocks;

import io.cdrvault.store.crypto.DataKey;
import io.cdrvault.store.crypto.DekId;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.PhoneNumber;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Which records of a month legal holds preserve: for a customer target, the customer's records
 * started inside the hold's window; for a number target, the records found under the number's
 * blind index inside the window whose calling, called or redirecting number is that number
 * (decrypted to check: an index bucket mixes many numbers, and only the named one is held).
 *
 * <p>Stateless; call with the store's gate held.
 */
final class HeldRecords {
  private HeldRecords() {}

  static Instant monthStart(int month) {
    return YearMonth.of(month / 100, month % 100).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  static Instant monthEnd(int month) {
    return YearMonth.of(month / 100, month % 100).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  static long millis(Instant t) {
    try {
      return Math.max(0, t.toEpochMilli());
    } catch (ArithmeticException e) {
      return t.isBefore(Instant.EPOCH) ? 0 : Long.MAX_VALUE;
    }
  }

  /** The record keys (wrapped) of {@code month} that {@code holds} preserve. */
  static Set<ByteBuffer> in(RecordReader reader, int month, List<Hold> holds) {
    Set<ByteBuffer> out = new HashSet<>();
    ColumnFamilyHandle rec = reader.families().recordHandle(month);
    if (rec == null) {
      return out;
    }
    ColumnFamilyHandle idx = reader.families().indexHandle(month);
    Instant ms = monthStart(month);
    Instant me = monthEnd(month);
    for (Hold h : holds) {
      if (!h.overlaps(ms, me)) {
        continue;
      }
      long from = Math.max(millis(h.from()), millis(ms));
      long to = Math.min(millis(h.to()), millis(me));
      for (CustomerId c : h.customers()) {
        byte[] tag = reader.vault().tagger().tag(c);
        byte[] end = StorageKeys.bound(tag, to);
        try (RocksIterator it = reader.iterator(rec)) {
          for (it.seek(StorageKeys.bound(tag, from)); it.isValid(); it.next()) {
            byte[] k = it.key();
            if (Arrays.compareUnsigned(k, end) >= 0) {
              break;
            }
            out.add(ByteBuffer.wrap(k));
          }
          it.status();
        } catch (RocksDBException e) {
          throw RocksErrors.translate("finding held records in " + StorageKeys.monthColumnFamily(month), e);
        }
      }
      if (idx == null) {
        continue;
      }
      for (String number : h.numbers()) {
        byte[] nt = reader.vault().tagger().numberTag(number);
        try (RocksIterator it = reader.iterator(idx)) {
          for (it.seek(StorageKeys.bound(nt, from)); it.isValid(); it.next()) {
            byte[] k = it.key();
            if (!Arrays.equals(k, 0, 16, nt, 0, 16) || StorageKeys.getLong(k, 16) >= to) {
              break;
            }
            byte[] rk = StorageKeys.recordKeyOf(k);
            if (out.contains(ByteBuffer.wrap(rk)) || !names(reader, month, rk, number)) {
              continue;
            }
            out.add(ByteBuffer.wrap(rk));
          }
          it.status();
        } catch (RocksDBException e) {
          throw RocksErrors.translate("finding held records in " + StorageKeys.indexColumnFamily(month), e);
        }
      }
    }
    return out;
  }

  /** True if the record exists, can be opened, and one of its parties is {@code e164}. */
  private static boolean names(RecordReader reader, int month, byte[] recordKey, String e164) {
    byte[] v = reader.get(month, recordKey);
    if (v == null) {
      return false;
    }
    Optional<DataKey> dk = reader.dataKey(DekId.of(Arrays.copyOf(recordKey, 16), month));
    if (dk.isEmpty()) {
      return false; // already unreadable: nothing left to preserve
    }
    CustomerCdr r = reader.open(dk.get(), month, recordKey, v);
    Cdr c = r.cdr();
    return is(c.calling(), e164) || is(c.called(), e164) || is(c.redirecting(), e164);
  }

  private static boolean is(PhoneNumber n, String e164) {
    return n != null && n.e164Value().map(e164::equals).orElse(false);
  }
}
