package io.cdrvault.store.rocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.crypto.DerivedKeySealer;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.lifecycle.Hold;
import io.cdrvault.store.lifecycle.HoldException;
import io.cdrvault.store.lifecycle.HoldRegistry;
import io.cdrvault.store.model.CustomerId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The store's {@code lifecycle} column family: legal holds ({@code hold/<id>}), erasure markers
 * ({@code erased/<random>}: the customer tag and when), deferred erasures ({@code pending/<random>}:
 * the customer id, who asked and when), queued physical purges ({@code purge/<random>}: a customer
 * tag) and per-month type sweeps done ({@code typeswept/<yyyyMM>/<TYPE>}). Every value is JSON
 * sealed with AES-256-GCM under a key derived from the index root key (info {@value #SEAL_INFO}),
 * the storage key as associated data: no tag, customer id or number is on disk in plaintext.
 * Writes are synced. Changes are audited in the store's ledger before they are written.
 *
 * <p>Thread-safe: changes are serialised on this object; calls run under the store's guard.
 */
final class RocksLifecycle implements HoldRegistry {
  static final String SEAL_INFO = "cdrvault lifecycle seal v1";
  static final String SYSTEM_PRINCIPAL = "system:retention-sweep";
  private static final String POSITION = "lifecycle key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /** A customer erasure waiting for its obstacle to end. */
  record Pending(String key, CustomerId customer, String principal, Instant requestedAt) {}

  /** A queued physical purge of an erased customer's records. */
  record Purge(String key, byte[] tag) {}

  private final RocksDB db;
  private final ColumnFamilyHandle cf;
  private final WriteOptions syncOptions;
  private final DerivedKeySealer sealer;
  private final RocksLegalRegistry.Guard guard;
  private final AuditLedger ledger;
  private final SecureRandom random = new SecureRandom();
  /** Erased customer tags → when (loaded at open, small). */
  private final Map<ByteBuffer, Instant> erased = new ConcurrentHashMap<>();

  RocksLifecycle(RocksDB db, ColumnFamilyHandle cf, WriteOptions syncOptions, Keyring keyring,
      RocksLegalRegistry.Guard guard, AuditLedger ledger) {
    this.db = db;
    this.cf = cf;
    this.syncOptions = syncOptions;
    this.sealer = DerivedKeySealer.create(keyring, SEAL_INFO);
    this.guard = guard;
    this.ledger = ledger;
    for (Map.Entry<String, JsonNode> e : scan("erased/").entrySet()) {
      erased.put(ByteBuffer.wrap(HEX.parseHex(e.getValue().path("tag").asText())),
          Instant.parse(e.getValue().path("at").asText()));
    }
  }

  // --- audit ---

  /** Appends an administrative lifecycle event (fails closed: throws if it cannot be recorded). */
  void audit(Instant time, String principal, String operation, String subjectTagHex,
      String scopeKind, Instant from, Instant to, String rule, String caseRef, Long count) {
    ledger.append(new AuditEvent.LifecycleAction(time, principal, operation,
        new AuditEvent.Scope(scopeKind, subjectTagHex, from, to), rule, caseRef, count));
  }

  // --- holds ---

  @Override
  public synchronized Hold create(List<LegalTarget> targets, Instant from, Instant to,
      String reference, String principal, Instant now) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(now, "now");
    Hold.checkNew(from, to, reference);
    return guard.run(() -> {
      String id;
      do {
        byte[] b = new byte[8];
        random.nextBytes(b);
        id = "LH-" + HEX.formatHex(b);
      } while (read("hold/" + id).isPresent());
      Hold h = new Hold(id, targets, from, to, reference, principal, now, now.plus(TERM),
          Hold.State.ACTIVE, null, null);
      audit(now, principal, "hold.create", null, "hold", from, to, "hold-created", id,
          (long) h.targets().size());
      putHold(h);
      return h;
    });
  }

  @Override
  public synchronized Hold renew(String id, String principal, Instant now) {
    Objects.requireNonNull(principal, "principal");
    return guard.run(() -> {
      Hold h = activeHold(id, now);
      Hold renewed = new Hold(h.id(), h.targets(), h.from(), h.to(), h.reference(), h.createdBy(),
          h.createdAt(), now.plus(TERM), Hold.State.ACTIVE, null, null);
      audit(now, principal, "hold.renew", null, "hold", h.from(), h.to(), "hold-renewed", id, null);
      putHold(renewed);
      return renewed;
    });
  }

  @Override
  public synchronized Hold release(String id, String principal, Instant now) {
    Objects.requireNonNull(principal, "principal");
    return guard.run(() -> {
      Hold h = activeHold(id, now);
      Hold released = new Hold(h.id(), h.targets(), h.from(), h.to(), h.reference(), h.createdBy(),
          h.createdAt(), h.expiresAt(), Hold.State.RELEASED, principal, now);
      audit(now, principal, "hold.release", null, "hold", h.from(), h.to(), "hold-released", id, null);
      putHold(released);
      return released;
    });
  }

  /** Records the expiry of every active hold past its term; returns how many. */
  synchronized int expireHolds(Instant now) {
    int n = 0;
    for (Hold h : all()) {
      if (h.state() == Hold.State.ACTIVE && !now.isBefore(h.expiresAt())) {
        audit(now, SYSTEM_PRINCIPAL, "hold.expire", null, "hold", h.from(), h.to(), "hold-expired",
            h.id(), null);
        putHold(new Hold(h.id(), h.targets(), h.from(), h.to(), h.reference(), h.createdBy(),
            h.createdAt(), h.expiresAt(), Hold.State.EXPIRED, SYSTEM_PRINCIPAL, h.expiresAt()));
        n++;
      }
    }
    return n;
  }

  private Hold activeHold(String id, Instant now) {
    Objects.requireNonNull(id, "id");
    Hold h = find(id).orElseThrow(() -> new HoldException(HoldException.Reason.UNKNOWN,
        "no hold with id " + (Hold.ID.matcher(id).matches() ? id : "<malformed>")));
    if (!h.activeAt(now)) {
      throw new HoldException(HoldException.Reason.NOT_ACTIVE, "hold " + id + " is "
          + (h.state() == Hold.State.ACTIVE ? "expired" : h.state().name().toLowerCase()));
    }
    return h;
  }

  @Override
  public Optional<Hold> find(String id) {
    Objects.requireNonNull(id, "id");
    if (!Hold.ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return guard.run(() -> read("hold/" + id).map(RocksLifecycle::decodeHold));
  }

  @Override
  public List<Hold> all() {
    return guard.run(() -> scan("hold/").values().stream().map(RocksLifecycle::decodeHold).toList());
  }

  private void putHold(Hold h) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1).put("id", h.id());
    ArrayNode ts = n.putArray("targets");
    for (LegalTarget t : h.targets()) {
      ts.addObject().put("kind", t.kind().name()).put("value", t.value());
    }
    n.put("from", h.from().toString()).put("to", h.to().toString()).put("reference", h.reference())
        .put("createdBy", h.createdBy()).put("createdAt", h.createdAt().toString())
        .put("expiresAt", h.expiresAt().toString()).put("state", h.state().name());
    if (h.closedAt() != null) {
      n.put("closedBy", h.closedBy()).put("closedAt", h.closedAt().toString());
    }
    put("hold/" + h.id(), n);
  }

  private static Hold decodeHold(JsonNode n) {
    try {
      List<LegalTarget> ts = new ArrayList<>();
      for (JsonNode t : n.path("targets")) {
        ts.add(new LegalTarget(LegalTarget.Kind.valueOf(t.path("kind").asText()), t.path("value").asText()));
      }
      return new Hold(n.path("id").asText(), ts, Instant.parse(n.path("from").asText()),
          Instant.parse(n.path("to").asText()), n.path("reference").asText(),
          n.path("createdBy").asText(), Instant.parse(n.path("createdAt").asText()),
          Instant.parse(n.path("expiresAt").asText()), Hold.State.valueOf(n.path("state").asText()),
          n.hasNonNull("closedBy") ? n.path("closedBy").asText() : null,
          n.hasNonNull("closedAt") ? Instant.parse(n.path("closedAt").asText()) : null);
    } catch (RuntimeException e) {
      throw new CdrVaultException("a stored hold is malformed", e);
    }
  }

  // --- erasure markers, deferred erasures, purges ---

  /** When the customer with this tag was erased, if they were. */
  Optional<Instant> erasedAt(byte[] tag) {
    return Optional.ofNullable(erased.get(ByteBuffer.wrap(tag)));
  }

  boolean anyErased() {
    return !erased.isEmpty();
  }

  /** Writes the erasure marker and queues the physical purge (one synced write each). */
  synchronized void markErased(byte[] tag, Instant at, String principal) {
    ObjectNode m = JSON.createObjectNode().put("v", 1).put("tag", HEX.formatHex(tag))
        .put("at", at.toString()).put("by", principal);
    put("erased/" + randomId(), m);
    put("purge/" + randomId(), JSON.createObjectNode().put("v", 1).put("tag", HEX.formatHex(tag)));
    erased.put(ByteBuffer.wrap(tag.clone()), at);
  }

  synchronized void addPending(CustomerId customer, String principal, Instant at) {
    for (Pending p : pending()) {
      if (p.customer().equals(customer)) {
        return; // already waiting
      }
    }
    put("pending/" + randomId(), JSON.createObjectNode().put("v", 1).put("customer", customer.value())
        .put("by", principal).put("at", at.toString()));
  }

  List<Pending> pending() {
    List<Pending> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : scan("pending/").entrySet()) {
      JsonNode n = e.getValue();
      out.add(new Pending(e.getKey(), new CustomerId(n.path("customer").asText()), n.path("by").asText(),
          Instant.parse(n.path("at").asText())));
    }
    return out;
  }

  List<Purge> purges() {
    List<Purge> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : scan("purge/").entrySet()) {
      out.add(new Purge(e.getKey(), HEX.parseHex(e.getValue().path("tag").asText())));
    }
    return out;
  }

  boolean typeSwept(int month, String type) {
    return read("typeswept/" + month + "/" + type).isPresent();
  }

  void markTypeSwept(int month, String type) {
    put("typeswept/" + month + "/" + type, JSON.createObjectNode().put("v", 1));
  }

  /** Deletes an entry (a pending erasure that ran, a purge that is done). */
  void remove(String key) {
    try {
      db.delete(cf, syncOptions, key.getBytes(StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw RocksErrors.translate("deleting a lifecycle entry", e);
    }
  }

  // --- storage ---

  private String randomId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HEX.formatHex(b);
  }

  private void put(String key, JsonNode value) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new CdrVaultException("a lifecycle entry could not be serialised", e);
    }
    try {
      db.put(cf, syncOptions, k, sealer.seal(k, json));
    } catch (RocksDBException e) {
      throw RocksErrors.translate("writing a lifecycle entry", e);
    } finally {
      java.util.Arrays.fill(json, (byte) 0);
    }
  }

  private Optional<JsonNode> read(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] v = db.get(cf, k);
      return v == null ? Optional.empty() : Optional.of(open(k, v));
    } catch (RocksDBException e) {
      throw RocksErrors.translate("reading a lifecycle entry", e);
    }
  }

  /** Entries under a prefix: full key → decoded JSON, in key order. */
  private Map<String, JsonNode> scan(String prefix) {
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    try (RocksIterator it = db.newIterator(cf)) {
      for (it.seek(p); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length < p.length || !java.util.Arrays.equals(k, 0, p.length, p, 0, p.length)) {
          break;
        }
        out.put(new String(k, StandardCharsets.UTF_8), open(k, it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw RocksErrors.translate("listing lifecycle entries", e);
    }
    return out;
  }

  private JsonNode open(byte[] key, byte[] sealed) {
    byte[] json = sealer.open(key, sealed, RocksCdrStore.LIFECYCLE, POSITION);
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new CdrVaultException("a lifecycle entry is malformed", e);
    } finally {
      java.util.Arrays.fill(json, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "RocksLifecycle[" + RocksCdrStore.LIFECYCLE + "]";
  }
}
