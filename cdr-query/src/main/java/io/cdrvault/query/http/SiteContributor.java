package io.cdrvault.query.http;

import io.javalin.Javalin;

/**
 * Pages served by the API's server beside the API (the console, docs/adr/0034): a site registers
 * its own handlers, under a path prefix of its own outside {@code /v1}, before the server starts.
 * A site is a client of the API: it reaches CPNI and the registries only through {@link
 * SiteContext#api()} (an HTTP request to this server), so the policy engine decides and audits
 * everything it does exactly as it does for any other caller.
 *
 * <p>Implementations are immutable and thread-safe; {@link #register} is called once per server.
 */
@FunctionalInterface
public interface SiteContributor {
  /** Registers the site's handlers on {@code app}. */
  void register(Javalin app, SiteContext site);
}
