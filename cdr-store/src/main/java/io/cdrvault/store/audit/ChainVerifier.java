package io.cdrvault.store.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Walks the ledger from sequence 1 (or from the retention anchor) and reports the first entry that
 * does not check out: a broken chain, a missing/reordered/edited entry, a head-pointer mismatch,
 * or a signed checkpoint whose signature is invalid or whose entry no longer has the signed hash.
 */
final class ChainVerifier {
  private ChainVerifier() {}

  /** A checkpoint as read from {@code meta}: parsed, or null when unreadable. */
  private record Stored(long keySequence, AuditCheckpoint checkpoint) {}

  static VerificationResult verify(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta)
      throws RocksDBException {
    return verify(db, audit, meta, null);
  }

  /**
   * Verifies the chain and its checkpoints at one snapshot.
   *
   * @param trustedKey the raw 32-byte public key checkpoints must be signed with, or null to check
   *     each against the key it carries (not pinned)
   */
  static VerificationResult verify(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta,
      byte[] trustedKey) throws RocksDBException {
    return verify(db, audit, meta, trustedKey, null);
  }

  /**
   * As {@link #verify(RocksDB, ColumnFamilyHandle, ColumnFamilyHandle, byte[])}, also comparing the
   * ledger with the checkpoint in {@code anchorFile} (null: none kept). A RocksDB
   * {@code Corruption} met while reading is reported as a broken ledger at the first entry not read,
   * naming the table file when RocksDB names it.
   */
  static VerificationResult verify(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta,
      byte[] trustedKey, HeadAnchor anchorFile) throws RocksDBException {
    Walk w = new Walk(trustedKey);
    if (anchorFile != null) {
      try {
        // read before the snapshot: the checkpoint it names was stored before the file was written
        w.fileAnchor = anchorFile.read().orElse(null);
        w.fileAnchorPath = anchorFile.file();
      } catch (HeadAnchor.AnchorUnreadableException e) {
        return VerificationResult.broken(0, 1, e.getMessage());
      }
    }
    Snapshot snapshot = db.getSnapshot();
    try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
      VerificationResult r;
      try {
        r = w.run(db, audit, meta, ro);
      } catch (RocksDBException e) {
        if (!Corruptions.isCorruption(e)) {
          throw e;
        }
        r = w.walking
            ? VerificationResult.broken(w.checked, w.expected, "entry " + w.expected
                + " and the entries after it could not be read: " + Corruptions.describe(e)
                + (w.expected > 1 ? " (the entries before it check out)" : ""))
            : VerificationResult.broken(0, 1, "the ledger's head pointer, checkpoints or retention"
                + " anchor could not be read: " + Corruptions.describe(e));
      }
      return r.withCheckpoints(w.checkpointsChecked, trustedKey != null, w.signers,
          w.anchor == null ? 0 : w.anchor.sequence());
    } finally {
      db.releaseSnapshot(snapshot);
    }
  }

  /** Reads all checkpoints under the snapshot, by the sequence their key names. */
  static NavigableMap<Long, AuditCheckpoint> checkpoints(RocksDB db, ColumnFamilyHandle meta,
      ReadOptions ro, Set<Long> unreadable) throws RocksDBException {
    NavigableMap<Long, AuditCheckpoint> out = new TreeMap<>();
    byte[] prefix = AuditCheckpoint.keyPrefix();
    try (RocksIterator it = db.newIterator(meta, ro)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        if (!AuditCheckpoint.isKey(k)) {
          continue;
        }
        long seq = AuditCheckpoint.sequenceOfKey(k);
        try {
          AuditCheckpoint c = AuditCheckpoint.fromJson(it.value());
          if (c.sequence() == seq) {
            out.put(seq, c);
          } else {
            unreadable.add(seq);
          }
        } catch (IllegalArgumentException e) {
          unreadable.add(seq);
        }
      }
      it.status();
    }
    return out;
  }

  private static final class Walk {
    private final byte[] trustedKey;
    private final Set<String> signers = new TreeSet<>();
    private long checkpointsChecked;
    private AuditCheckpoint anchor;
    /** Last sequence known good by a checkpoint (or the anchor), 0 if none. */
    private long lastConfirmed;
    /** The checkpoint in the anchor file beside the database, null if none. */
    private AuditCheckpoint fileAnchor;
    private java.nio.file.Path fileAnchorPath;
    private String hashAtFileAnchor;
    /** Entries read so far, and the sequence expected next (for a read that fails midway). */
    private long checked;
    private long expected = 1;
    /** True once the entries are being read (false while reading head and checkpoints). */
    private boolean walking;

    Walk(byte[] trustedKey) {
      this.trustedKey = trustedKey;
    }

    /** Null when the checkpoint's signature is good, else the problem. */
    private String signatureProblem(AuditCheckpoint c, String what) {
      boolean good = trustedKey != null ? c.verifiesWith(trustedKey) : c.verifiesWithCarriedKey();
      if (good) {
        signers.add(c.signerFingerprint());
        return null;
      }
      return trustedKey != null
          ? what + " is not validly signed by the trusted key (forged, edited, or signed by another key)"
          : what + " has an invalid signature (forged or edited)";
    }

    VerificationResult run(RocksDB db, ColumnFamilyHandle audit, ColumnFamilyHandle meta,
        ReadOptions ro) throws RocksDBException {
      LedgerHead head = LedgerHead.decode(db.get(meta, ro, LedgerHead.KEY));
      Set<Long> unreadable = new TreeSet<>();
      NavigableMap<Long, AuditCheckpoint> cps = checkpoints(db, meta, ro, unreadable);
      byte[] anchorBytes = db.get(meta, ro, AuditRetention.ANCHOR_KEY);
      if (anchorBytes != null) {
        try {
          anchor = AuditCheckpoint.fromJson(anchorBytes);
        } catch (IllegalArgumentException e) {
          return VerificationResult.broken(0, 1, "the retention anchor is unreadable: it was edited"
              + " or damaged");
        }
        String bad = signatureProblem(anchor, "the retention anchor (entry " + anchor.sequence() + ")");
        if (bad != null) {
          return VerificationResult.broken(0, anchor.sequence(), bad);
        }
        lastConfirmed = anchor.sequence();
      }
      long first = anchor == null ? 1 : anchor.sequence();
      expected = first;
      String prevHash = AuditJson.GENESIS_HASH;
      walking = true;
      try (RocksIterator it = db.newIterator(audit, ro)) {
        it.seek(LedgerHead.key(first));
        for (; it.isValid(); it.next()) {
          byte[] key = it.key();
          checked++;
          if (key.length != 8) {
            return VerificationResult.broken(checked, expected,
                "entry " + expected + " is followed by a key that is not a sequence number");
          }
          long seq = LedgerHead.getLong(key);
          if (seq > expected) {
            if (expected == first && anchor != null) {
              return VerificationResult.broken(checked, expected, "entry " + expected
                  + " (the retention anchor) is missing (deleted): the next entry present is " + seq);
            }
            if (expected == 1 && anchor == null) {
              return VerificationResult.broken(checked, expected, "entry " + expected
                  + " is missing (deleted): the next entry present is " + seq
                  + ", and there is no retention anchor for entries pruned before it");
            }
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
          boolean atAnchor = anchor != null && seq == anchor.sequence();
          if (!atAnchor && !e.previousHash().equals(prevHash)) {
            return VerificationResult.broken(checked, seq, "entry " + seq
                + " does not link to entry " + (seq - 1) + " (reordered or replaced)");
          }
          String actual = AuditJson.hash(e.previousHash(), AuditJson.body(seq, e.event()));
          if (!actual.equals(e.hash())) {
            return VerificationResult.broken(checked, seq,
                "entry " + seq + " was modified (hash mismatch)");
          }
          if (atAnchor && !actual.equals(anchor.entryHash())) {
            return VerificationResult.broken(checked, seq, "entry " + seq
                + " (the retention anchor) does not have the hash the signed anchor records"
                + " (replaced)");
          }
          if (unreadable.contains(seq)) {
            return VerificationResult.broken(checked, seq,
                "checkpoint " + seq + " is unreadable: it was edited or damaged");
          }
          AuditCheckpoint cp = cps.get(seq);
          if (cp != null) {
            checkpointsChecked++;
            String bad = signatureProblem(cp, "checkpoint " + seq);
            if (bad != null) {
              return VerificationResult.broken(checked, seq, bad);
            }
            if (!cp.entryHash().equals(actual)) {
              return VerificationResult.broken(checked, seq, rewritten(seq));
            }
            lastConfirmed = seq;
          }
          if (fileAnchor != null && seq == fileAnchor.sequence()) {
            hashAtFileAnchor = actual;
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
      if (last > 0 && last >= first
          && !Arrays.equals(head.hash(), HexFormat.of().parseHex(prevHash))) {
        return VerificationResult.broken(checked, last,
            "entry " + last + " does not match the head pointer's hash");
      }
      for (long u : unreadable) {
        if (u > last) {
          return VerificationResult.broken(checked, Math.min(u, last + 1),
              "checkpoint " + u + " is unreadable: it was edited or damaged");
        }
      }
      Map.Entry<Long, AuditCheckpoint> beyond = cps.higherEntry(last);
      if (beyond != null) {
        AuditCheckpoint cp = beyond.getValue();
        checkpointsChecked++;
        String bad = signatureProblem(cp, "checkpoint " + cp.sequence());
        if (bad != null) {
          return VerificationResult.broken(checked, cp.sequence(), bad);
        }
        return VerificationResult.broken(checked, last + 1, "entries " + (last + 1) + ".."
            + cp.sequence() + " are missing at the tail (truncated): signed checkpoint "
            + cp.sequence() + " covers a ledger of " + cp.sequence() + " entries");
      }
      if (fileAnchor != null) {
        String bad = signatureProblem(fileAnchor, "the anchor file's checkpoint (entry "
            + fileAnchor.sequence() + ")");
        if (bad != null) {
          return VerificationResult.broken(checked, fileAnchor.sequence(), bad);
        }
        String lost = HeadAnchor.problem(fileAnchor, fileAnchorPath, last, hashAtFileAnchor, first);
        if (lost != null) {
          return VerificationResult.broken(checked, Math.min(last + 1, fileAnchor.sequence()), lost);
        }
      }
      return VerificationResult.intact(checked);
    }

    private String rewritten(long seq) {
      long from = lastConfirmed + 1;
      if (from == seq) {
        return "entry " + seq + " does not have the hash signed in checkpoint " + seq
            + ": it was changed and the chain after it recomputed";
      }
      return "entry " + seq + " does not have the hash signed in checkpoint " + seq
          + ": an entry in " + from + ".." + seq
          + " was changed, deleted or reordered and the chain recomputed (the checkpoint at "
          + (from - 1 == 0 ? "the start" : "entry " + (from - 1)) + " still matches)";
    }
  }
}
