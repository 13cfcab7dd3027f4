package io.cdrvault.query.http;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.WriteProbe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /ready} and {@code GET /health} report: whether the node can serve (readiness)
 * and whether only a restart would help (liveness). Components carry fixed names and kinds, never
 * a customer, number or path.
 *
 * <p>Implementations are thread-safe and cheap to call (the store's write probe writes at most
 * once a second).
 */
public interface Readiness {

  /** The node's state now. */
  Report check();

  /**
   * One component's state.
   *
   * @param ok whether it is fine
   * @param state a short fixed word ({@code writable}, {@code not-writable}, {@code running},
   *     {@code stopped}, {@code failed}, {@code absent}, ...)
   * @param problem why not, by kind ({@code disk-full}, ...), empty when fine
   */
  record Component(boolean ok, String state, String problem) {
    public Component {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(problem, "problem");
    }
  }

  /**
   * The node's state.
   *
   * @param components by name ({@code ledger}, {@code store}, {@code ingest}), in that order
   * @param live false only when a part stopped for good (the ingest pipeline failed): a restart is
   *     needed
   */
  record Report(Map<String, Component> components, boolean live) {
    public Report {
      components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** Ready when every component is fine. */
    public boolean ready() {
      return components.values().stream().allMatch(Component::ok);
    }
  }

  /** The ledger's and the record store's write state from the store's write probe. */
  static Map<String, Component> storeComponents(CdrStore store) {
    Map<String, Component> out = new LinkedHashMap<>();
    if (store instanceof RocksCdrStore rocks) {
      WriteProbe.Health h = rocks.writeHealth();
      out.put("ledger", h.ledgerWritable() ? new Component(true, "writable", "")
          : new Component(false, "not-writable", h.problem()));
      out.put("store", h.storeWritable() ? new Component(true, "writable", "")
          : new Component(false, "not-writable", h.problem()));
    } else {
      out.put("ledger", new Component(false, "unknown", "not-probed"));
      out.put("store", new Component(false, "unknown", "not-probed"));
    }
    return out;
  }

  /** A server without an ingest pipeline (tests, tools): ledger and store only, ingest absent. */
  static Readiness of(CdrStore store) {
    Objects.requireNonNull(store, "store");
    return () -> {
      Map<String, Component> c = storeComponents(store);
      c.put("ingest", new Component(true, "absent", ""));
      return new Report(c, true);
    };
  }
}
