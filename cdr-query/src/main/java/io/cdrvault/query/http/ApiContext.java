package io.cdrvault.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.store.CdrStore;
import java.util.Objects;

/**
 * What the server shares with the features that contribute its routes ({@link RouteContributor}):
 * the store, the access flow (decisions, administrative actions, capped bodies), the audited-read
 * runner, the JSON mapper and the listener settings. The server does not own the store.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiContext {
  private final CdrStore store;
  private final AccessFlow flow;
  private final AuditedRead reads;
  private final ObjectMapper json;
  private final ApiSettings settings;

  ApiContext(CdrStore store, AccessFlow flow, AuditedRead reads, ObjectMapper json,
      ApiSettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.flow = Objects.requireNonNull(flow, "flow");
    this.reads = Objects.requireNonNull(reads, "reads");
    this.json = Objects.requireNonNull(json, "json");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The store the endpoints read with their grants. */
  public CdrStore store() {
    return store;
  }

  /** The access flow: decisions, administrative actions, the capped request body. */
  public AccessFlow flow() {
    return flow;
  }

  /** The audited-read runner every read endpoint goes through. */
  public AuditedRead reads() {
    return reads;
  }

  /** The JSON mapper (a repeated member in a body is refused). */
  public ObjectMapper json() {
    return json;
  }

  /** The API's settings. */
  public ApiSettings settings() {
    return settings;
  }
}
