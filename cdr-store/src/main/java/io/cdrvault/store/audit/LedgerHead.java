package io.cdrvault.store.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The head pointer in {@code meta}: {@code audit/head} → last sequence (8, BE) ‖ its hash (32). */
record LedgerHead(long sequence, byte[] hash) {
  static final byte[] KEY = "audit/head".getBytes(StandardCharsets.UTF_8);
  static final LedgerHead EMPTY = new LedgerHead(0, new byte[32]);

  static LedgerHead decode(byte[] v) {
    if (v == null) {
      return EMPTY;
    }
    if (v.length != 40) {
      throw new IllegalStateException("audit head pointer has an unknown format");
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    long seq = b.getLong();
    byte[] h = new byte[32];
    b.get(h);
    return new LedgerHead(seq, h);
  }

  static byte[] encode(long seq, String hashHex) {
    return ByteBuffer.allocate(40).putLong(seq).put(HexFormat.of().parseHex(hashHex)).array();
  }

  String hashHex() {
    return sequence == 0 ? AuditJson.GENESIS_HASH : HexFormat.of().formatHex(hash);
  }

  static byte[] key(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  static long getLong(byte[] k) {
    return ByteBuffer.wrap(k).getLong();
  }
}
