package io.cdrvault.query.oversight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.audit.AuditCheckpoint;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.audit.VerificationResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the audit ledger verifies, as the node checks it before it serves
 * ({@code LedgerStartCheck}: {@link AuditLedger#verify()} — the hash chain, the signed checkpoints
 * against the keys they carry, the anchor file) — with the newest signed checkpoint and the
 * number of entries. A verification reads the whole ledger, so its result is kept for
 * {@link #FRESH_FOR} and the answer says when it was computed; concurrent askers share one run.
 *
 * <p>Thread-safe.
 */
final class LedgerStatus {
  /** How long a verification is reused. */
  static final Duration FRESH_FOR = Duration.ofSeconds(30);

  /** One verification and when it ran. */
  private record Verified(VerificationResult result, String unreadable, long lastSequence,
      Optional<AuditCheckpoint> checkpoint, Instant at, long millis) {}

  private final AuditLedger ledger;
  private final Clock clock;
  private final ObjectMapper json;
  private Verified last;

  LedgerStatus(AuditLedger ledger, Clock clock, ObjectMapper json) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The status answer (docs/audit.md "The compliance officer's routes"). */
  ObjectNode status() {
    Verified v = verified();
    ObjectNode body = json.createObjectNode();
    VerificationResult r = v.result();
    boolean ok = r != null && r.ok();
    body.put("status", ok ? "OK" : "BROKEN");
    body.put("entries", r == null ? 0 : r.entriesChecked());
    body.put("lastSequence", v.lastSequence());
    if (ok) {
      body.putNull("firstBadEntry");
      body.putNull("problem");
    } else if (r != null) {
      body.put("firstBadEntry", r.firstBadSequence().getAsLong());
      body.put("problem", r.problem());
    } else {
      body.putNull("firstBadEntry");
      body.put("problem", v.unreadable());
    }
    body.put("checkpointsChecked", r == null ? 0 : r.checkpointsChecked());
    body.put("keyPinned", r != null && r.keyPinned());
    ArrayNode signers = body.putArray("signers");
    if (r != null) {
      r.signers().forEach(signers::add);
    }
    body.put("retentionAnchor", r == null ? 0 : r.anchorSequence());
    if (v.checkpoint().isPresent()) {
      AuditCheckpoint c = v.checkpoint().get();
      body.putObject("lastCheckpoint").put("seq", c.sequence()).put("time", c.time().toString())
          .put("signer", c.signerFingerprint());
    } else {
      body.putNull("lastCheckpoint");
    }
    body.put("verifiedAt", v.at().toString());
    body.put("verificationMillis", v.millis());
    body.put("freshForSeconds", FRESH_FOR.toSeconds());
    return body;
  }

  private synchronized Verified verified() {
    Instant now = clock.instant();
    if (last != null && !now.isAfter(last.at().plus(FRESH_FOR)) && !now.isBefore(last.at())) {
      return last;
    }
    long started = System.nanoTime();
    long head = ledger.lastSequence();
    VerificationResult r = null;
    String unreadable = null;
    try {
      r = ledger.verify();
    } catch (RuntimeException e) {
      // a ledger that cannot be read does not verify; the store's message names files and
      // positions only
      unreadable = "the ledger could not be read: " + e.getMessage();
    }
    Optional<AuditCheckpoint> checkpoint;
    try {
      checkpoint = ledger.latestCheckpoint();
    } catch (RuntimeException e) {
      checkpoint = Optional.empty();
    }
    last = new Verified(r, unreadable, head, checkpoint, now,
        (System.nanoTime() - started) / 1_000_000);
    return last;
  }
}
