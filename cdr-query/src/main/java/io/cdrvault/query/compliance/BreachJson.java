package io.cdrvault.query.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.compliance.Breach;
import io.cdrvault.store.compliance.BreachClocks;
import io.cdrvault.store.compliance.BreachNotification;
import io.cdrvault.store.compliance.BreachRules;
import io.cdrvault.store.compliance.Complaint;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The JSON the compliance routes answer with: a breach (its free text only in the full form, for
 * {@code breach-read} and {@code breach-record}), its clocks, and a complaint.
 *
 * <p>Stateless and thread-safe.
 */
final class BreachJson {
  private BreachJson() {}

  /** A breach as listed: ids, dates, counts and clocks, no free text. */
  static ObjectNode summary(ObjectMapper json, Breach b, BreachRules rules, Instant now) {
    ObjectNode o = json.createObjectNode();
    o.put("id", b.id());
    o.put("recordedBy", b.recordedBy());
    o.put("recordedAt", b.recordedAt().toString());
    o.put("discoveredAt", b.discoveredAt().toString());
    o.put("determinedAt", b.determinedAt().toString());
    o.put("customersAffected", b.customersAffected());
    o.set("clocks", clocks(json, BreachClocks.of(b, rules, now)));
    return o;
  }

  /** A breach with its free text and every notification. */
  static ObjectNode full(ObjectMapper json, Breach b, BreachRules rules, Instant now) {
    ObjectNode o = summary(json, b, rules, now);
    o.put("description", b.text().description());
    o.put("circumstances", b.text().circumstances());
    o.put("cpniInvolved", b.text().cpniInvolved());
    ArrayNode ns = o.putArray("notifications");
    for (BreachNotification n : b.notifications()) {
      ObjectNode x = ns.addObject();
      x.put("kind", n.kind().name());
      x.put("at", n.at().toString());
      x.put("reference", n.reference());
      if (n.delayUntil() != null) {
        x.put("delayUntil", n.delayUntil().toString());
      }
      x.put("recordedBy", n.recordedBy());
      x.put("recordedAt", n.recordedAt().toString());
    }
    return o;
  }

  static ObjectNode clocks(ObjectMapper json, BreachClocks c) {
    ObjectNode o = json.createObjectNode();
    o.put("determinedOn", c.determinedOn().toString());
    o.put("lawEnforcementDeadline", c.lawEnforcementDeadline().toString());
    date(o, "lawEnforcementNotifiedOn", c.lawEnforcementNotifiedOn().orElse(null));
    date(o, "customersEarliest", c.customersEarliest());
    date(o, "customersLatest", c.customersLatest());
    date(o, "customersNotifiedOn", c.customersNotifiedOn().orElse(null));
    date(o, "delayUntil", c.delayUntil().orElse(null));
    o.put("lawEnforcementOverdue", c.lawEnforcementOverdue());
    o.put("customersOverdue", c.customersOverdue());
    o.put("overdue", c.overdue());
    return o;
  }

  static ObjectNode complaint(ObjectMapper json, Complaint c) {
    ObjectNode o = json.createObjectNode();
    o.put("id", c.id());
    o.put("receivedAt", c.receivedAt().toString());
    o.put("category", c.category().name());
    c.noteText().ifPresent(t -> o.put("note", t));
    o.put("recordedBy", c.recordedBy());
    o.put("recordedAt", c.recordedAt().toString());
    return o;
  }

  private static void date(ObjectNode o, String name, LocalDate d) {
    if (d == null) {
      o.putNull(name);
    } else {
      o.put(name, d.toString());
    }
  }
}
