package io.cdrvault.store.audit;

import io.cdrvault.store.errors.CdrVaultException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The per-customer disclosure index of the audit ledger, in the {@code meta} column family (keys
 * only, values empty; no plaintext: customer keys hold the customer's tag, a keyed pseudonym):
 * <ul>
 *   <li>{@code audit/dx/c/} ‖ tag length (1) ‖ tag (lowercase hex, as the entries name it) ‖ decision sequence (8, BE): the
 *       decision disclosed this customer — an {@code ALLOWED} customer-scope (or scope-less) entry
 *       whose subject is the tag, or a decision whose completion entry lists the tag;
 *   <li>{@code audit/dx/a/} ‖ decision sequence: an {@code ALLOWED} {@code BILLING} decision over
 *       all customers (it disclosed everyone, so its completions' subjects are not indexed);
 *   <li>{@code audit/dx/k/} ‖ decision sequence ‖ completion sequence: a completion entry that
 *       carries a result count;
 *   <li>{@code audit/dx/live} → the last sequence indexed by {@link RocksAuditLedger#append}, and
 *       {@code audit/dx/pending} → next ‖ end (8 + 8, BE): entries still to be indexed by the
 *       backfill (absent when none), {@code audit/dx/base}: set by the first catch-up (a ledger
 *       without it, e.g. an old backup restored, is backfilled from entry 1).
 * </ul>
 * Index keys are written in the same WriteBatch as their ledger entry. The index is complete when
 * {@code base} is set, nothing is pending and {@code live} is at least the ledger's head; otherwise reports scan the
 * ledger ({@link DisclosureReport}). A writable store catches up when it opens ({@link #catchUp}).
 *
 * <p>Stateless and thread-safe. See {@code docs/adr/0015-disclosure-index-and-chunked-completions.md}.
 */
public final class DisclosureIndex {
  private static final byte[] CUSTOMER = bytes("audit/dx/c/");
  private static final byte[] ALL_BILLING = bytes("audit/dx/a/");
  private static final byte[] COUNTED = bytes("audit/dx/k/");
  static final byte[] LIVE = bytes("audit/dx/live");
  static final byte[] PENDING = bytes("audit/dx/pending");
  /** Set by the first {@link #catchUp}: from then on, {@code live} and {@code pending} are exact. */
  static final byte[] BASE = bytes("audit/dx/base");
  /** Entries indexed per backfill batch. */
  static final int BACKFILL_BATCH = 10_000;
  private static final HexFormat HEX = HexFormat.of();

  private DisclosureIndex() {}

  /** Adds the index keys of entry {@code seq} (and the {@code live} mark) to {@code batch}. */
  static void put(WriteBatch batch, ColumnFamilyHandle meta, long seq, AuditEvent event)
      throws RocksDBException {
    for (byte[] k : keysOf(seq, event)) {
      batch.put(meta, k, new byte[0]);
    }
    batch.put(meta, LIVE, LedgerHead.key(seq));
  }

  /** The index keys of one entry (none for denials and for entries that disclose no customer). */
  static List<byte[]> keysOf(long seq, AuditEvent ev) {
    List<byte[]> out = new ArrayList<>(0);
    if (ev instanceof AuditEvent.Completion c) {
      long d = c.decisionSequence();
      if (!DisclosureReport.allBilling(c.purpose(), c.scope())) {
        for (String s : c.subjects()) {
          tagBytes(s).ifPresent(t -> out.add(customerKey(t, d)));
        }
      }
      if (c.resultCount() != null) {
        out.add(concat(COUNTED, LedgerHead.key(d), LedgerHead.key(seq)));
      }
      return out;
    }
    DisclosureReport.Allowed.of(ev).ifPresent(a -> {
      String kind = a.scope().kind();
      if (kind == null || kind.equals("customer")) {
        tagBytes(a.scope().subject()).ifPresent(t -> out.add(customerKey(t, seq)));
      } else if (a.allBilling()) {
        out.add(concat(ALL_BILLING, LedgerHead.key(seq)));
      }
    });
    return out;
  }

  /** Whether the index covers every entry of the ledger now (else reports must scan). */
  static boolean complete(RocksAuditLedger ledger) {
    return ledger.guarded(() -> {
      try {
        long head = ledger.lastSequence();
        byte[] live = ledger.db().get(ledger.metaFamily(), LIVE);
        return ledger.db().get(ledger.metaFamily(), BASE) != null
            && ledger.db().get(ledger.metaFamily(), PENDING) == null
            && (live == null ? 0 : LedgerHead.getLong(live)) >= head;
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit index state could not be read", e);
      }
    });
  }

  /**
   * Makes the index complete on a writable ledger: entries appended without it (a ledger written
   * before the index existed, or by an older version) are marked pending and indexed in batches of
   * {@link #BACKFILL_BATCH}, each batch with the new pending mark, so a crash resumes where it
   * stopped. Idempotent. Call before the ledger takes appends.
   *
   * @return how many entries were indexed
   */
  public static long catchUp(RocksAuditLedger ledger) {
    return ledger.guarded(() -> {
      try {
        return catchUpLocked(ledger.db(), ledger.auditFamily(), ledger.metaFamily(),
            ledger.lastSequence(), ledger);
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit index backfill failed: " + e.getStatus(), e);
      }
    });
  }

  private static long catchUpLocked(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta,
      long head, RocksAuditLedger ledger) throws RocksDBException {
    byte[] liveBytes = db.get(meta, LIVE);
    long live = liveBytes == null ? 0 : LedgerHead.getLong(liveBytes);
    byte[] p = db.get(meta, PENDING);
    boolean based = db.get(meta, BASE) != null;
    long next;
    long end;
    if (!based || live < head) {
      // never caught up (every entry may lack keys), or appended to without the index since
      long from = based ? live + 1 : 1;
      next = p == null ? from : Math.min(ByteBuffer.wrap(p).getLong(), from);
      end = head;
      try (WriteBatch b = new WriteBatch()) {
        if (next <= end) {
          b.put(meta, PENDING, pending(next, end));
        }
        b.put(meta, BASE, new byte[0]);
        b.put(meta, LIVE, LedgerHead.key(head));
        db.write(ledger.syncWrites(), b);
      }
      if (next > end) {
        return 0;
      }
    } else if (p != null) {
      ByteBuffer pb = ByteBuffer.wrap(p);
      next = pb.getLong();
      end = pb.getLong();
    } else {
      return 0;
    }
    long indexed = 0;
    try (RocksIterator it = db.newIterator(audit)) {
      it.seek(LedgerHead.key(next));
      while (true) {
        try (WriteBatch b = new WriteBatch()) {
          int n = 0;
          long last = next - 1;
          for (; it.isValid() && n < BACKFILL_BATCH; it.next()) {
            long seq = LedgerHead.getLong(it.key());
            if (seq > end) {
              break;
            }
            AuditEvent ev = null;
            try {
              ev = AuditJson.parse(it.value()).event();
            } catch (RuntimeException ex) {
              // a damaged entry: verification reports it; nothing to index in it
            }
            if (ev != null) {
              for (byte[] k : keysOf(seq, ev)) {
                b.put(meta, k, new byte[0]);
              }
            }
            last = seq;
            n++;
          }
          it.status();
          boolean done = n < BACKFILL_BATCH || last >= end;
          if (done) {
            b.delete(meta, PENDING);
          } else {
            b.put(meta, PENDING, pending(last + 1, end));
          }
          db.write(ledger.syncWrites(), b);
          indexed += n;
          if (done) {
            return indexed;
          }
        }
      }
    }
  }

  /**
   * In a prune batch: drops the all-customer and count keys of decisions before {@code cut}.
   * Customer keys are dropped afterwards by {@link #dropCustomerKeys}.
   */
  static void pruneRanges(WriteBatch batch, ColumnFamilyHandle meta, long cut)
      throws RocksDBException {
    batch.deleteRange(meta, concat(ALL_BILLING, LedgerHead.key(0)), concat(ALL_BILLING, LedgerHead.key(cut)));
    batch.deleteRange(meta, concat(COUNTED, LedgerHead.key(0)), concat(COUNTED, LedgerHead.key(cut)));
  }

  /**
   * After a prune: deletes the customer keys of entries {@code from..cut-1}, read under
   * {@code beforePrune} (a snapshot taken before they were deleted), in batches. Keys left behind
   * by a crash point to pruned entries; reports skip them.
   */
  static void dropCustomerKeys(RocksAuditLedger ledger, ReadOptions beforePrune, long from, long cut)
      throws RocksDBException {
    RocksDB db = ledger.db();
    try (RocksIterator it = db.newIterator(ledger.auditFamily(), beforePrune)) {
      it.seek(LedgerHead.key(from));
      boolean more = true;
      while (more) {
        try (WriteBatch b = new WriteBatch()) {
          int n = 0;
          for (; it.isValid() && n < BACKFILL_BATCH; it.next(), n++) {
            long seq = LedgerHead.getLong(it.key());
            if (seq >= cut) {
              more = false;
              break;
            }
            AuditEvent ev;
            try {
              ev = AuditJson.parse(it.value()).event();
            } catch (RuntimeException ex) {
              continue;
            }
            for (byte[] k : keysOf(seq, ev)) {
              if (startsWith(k, CUSTOMER)) {
                b.delete(ledger.metaFamily(), k);
              }
            }
          }
          it.status();
          more &= it.isValid();
          db.write(ledger.syncWrites(), b);
        }
      }
    }
  }

  /**
   * The sequences of the decisions that disclosed the customer with tag {@code tagHex} (customer
   * keys and all-customer billing decisions), ascending; empty if the tag is not hex.
   */
  static TreeSet<Long> decisionsOf(RocksAuditLedger ledger, String tagHex) {
    TreeSet<Long> out = new TreeSet<>();
    Optional<byte[]> tag = tagBytes(tagHex);
    if (tag.isEmpty()) {
      return out;
    }
    byte[] prefix = concat(CUSTOMER, new byte[] {(byte) tag.get().length}, tag.get());
    scan(ledger, prefix, k -> out.add(readLong(k, prefix.length)));
    scan(ledger, ALL_BILLING, k -> out.add(readLong(k, ALL_BILLING.length)));
    return out;
  }

  /** The sequences of the completion entries with a result count for {@code decision}. */
  static List<Long> countedCompletionsOf(RocksAuditLedger ledger, long decision) {
    List<Long> out = new ArrayList<>(1);
    byte[] prefix = concat(COUNTED, LedgerHead.key(decision));
    scan(ledger, prefix, k -> out.add(readLong(k, prefix.length)));
    return out;
  }

  /** The entry with sequence {@code seq}, empty if it is not there (pruned). */
  static Optional<AuditEntry> entry(RocksAuditLedger ledger, long seq) {
    return ledger.guarded(() -> {
      byte[] v;
      try {
        v = ledger.db().get(ledger.auditFamily(), LedgerHead.key(seq));
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit entry " + seq + " could not be read", e);
      }
      if (v == null) {
        return Optional.<AuditEntry>empty();
      }
      try {
        return Optional.of(AuditJson.parse(v));
      } catch (RuntimeException e) {
        throw new CdrVaultException("audit entry " + seq + " is unreadable; run audit verification");
      }
    });
  }

  private static void scan(RocksAuditLedger ledger, byte[] prefix, Consumer<byte[]> key) {
    ledger.guarded(() -> {
      try (RocksIterator it = ledger.db().newIterator(ledger.metaFamily())) {
        for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
          key.accept(it.key());
        }
        it.status();
      } catch (RocksDBException e) {
        throw new CdrVaultException("audit index could not be read", e);
      }
      return null;
    });
  }

  private static byte[] customerKey(byte[] tag, long seq) {
    return concat(CUSTOMER, new byte[] {(byte) tag.length}, tag, LedgerHead.key(seq));
  }

  /**
   * A tag's key form: its lowercase hex text, exactly as the ledger's entries name it (the
   * retained record of disclosures keeps the tag in that form; the tag's raw bytes, which prefix
   * the customer's storage keys, stay out of the index so that a purge leaves none of them).
   * Empty when {@code hex} is not non-empty hex of at most 254 characters (not a customer tag).
   */
  private static Optional<byte[]> tagBytes(String hex) {
    if (hex == null || hex.isEmpty() || hex.length() % 2 != 0 || hex.length() > 254) {
      return Optional.empty();
    }
    try {
      HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(hex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] pending(long next, long end) {
    return ByteBuffer.allocate(16).putLong(next).putLong(end).array();
  }

  private static long readLong(byte[] k, int at) {
    return ByteBuffer.wrap(k, at, 8).getLong();
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
