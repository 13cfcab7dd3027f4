package io.cdrvault.store.audit;

import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/** Walks the ledger from sequence 1 and reports the first entry that does not check out. */
final class ChainVerifier {
  private ChainVerifier() {}

  static VerificationResult verify(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta)
      throws RocksDBException {
    Snapshot snapshot = db.getSnapshot();
    try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
      LedgerHead head = LedgerHead.decode(db.get(meta, ro, LedgerHead.KEY));
      long checked = 0;
      long expected = 1;
      String prevHash = AuditJson.GENESIS_HASH;
      try (RocksIterator it = db.newIterator(audit, ro)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] key = it.key();
          checked++;
          if (key.length != 8) {
            return VerificationResult.broken(checked, expected,
                "entry " + expected + " is followed by a key that is not a sequence number");
          }
          long seq = LedgerHead.getLong(key);
          if (seq > expected) {
            return VerificationResult.broken(checked, expected, "entry " + expected
                + " is missing (deleted): the next entry present is " + seq);
          }
          if (seq < expected) {
            return VerificationResult.broken(checked, expected,
                "entry " + expected + " is out of order");
          }
          if (seq > head.sequence()) {
            return VerificationResult.broken(checked, seq, "entry " + seq
                + " lies beyond the head pointer (" + head.sequence() + "): written outside the ledger");
          }
          AuditEntry e;
          try {
            e = AuditJson.parse(it.value());
          } catch (RuntimeException ex) {
            return VerificationResult.broken(checked, seq,
                "entry " + seq + " is unreadable: it was edited or damaged");
          }
          if (e.sequence() != seq) {
            return VerificationResult.broken(checked, seq, "entry " + seq
                + " holds the entry of sequence " + e.sequence() + " (reordered)");
          }
          if (!e.previousHash().equals(prevHash)) {
            return VerificationResult.broken(checked, seq, "entry " + seq
                + " does not link to entry " + (seq - 1) + " (reordered or replaced)");
          }
          String actual = AuditJson.hash(prevHash, AuditJson.body(seq, e.event()));
          if (!actual.equals(e.hash())) {
            return VerificationResult.broken(checked, seq,
                "entry " + seq + " was modified (hash mismatch)");
          }
          prevHash = e.hash();
          expected = seq + 1;
        }
        it.status();
      }
      long last = expected - 1;
      if (head.sequence() > last) {
        return VerificationResult.broken(checked, last + 1, "entries " + (last + 1) + ".."
            + head.sequence() + " are missing at the tail (truncated): the head pointer says "
            + head.sequence());
      }
      if (last > 0 && !Arrays.equals(head.hash(), java.util.HexFormat.of().parseHex(prevHash))) {
        return VerificationResult.broken(checked, last,
            "entry " + last + " does not match the head pointer's hash");
      }
      return VerificationResult.intact(checked);
    } finally {
      db.releaseSnapshot(snapshot);
    }
  }
}
