package io.cdrvault.query.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Objects;

/**
 * What the server shares with a site ({@link SiteContributor}): the sign-in gate (the API's
 * authenticator, rate limit and counted refusals), a client of the node's own API, the capped body
 * reader, the JSON mapper and the policy engine's clock. Nothing here reads CPNI or mints a grant.
 *
 * <p>Immutable and thread-safe.
 */
public final class SiteContext {
  private final SignInGate signIn;
  private final SelfClient api;
  private final ObjectMapper json;
  private final Clock clock;

  SiteContext(SignInGate signIn, SelfClient api, ObjectMapper json, Clock clock) {
    this.signIn = Objects.requireNonNull(signIn, "signIn");
    this.api = Objects.requireNonNull(api, "api");
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Sign-in with a bearer token, refused and counted as the API's 401s are. */
  public SignInGate signIn() {
    return signIn;
  }

  /** The node's own API, called with the signed-in user's token. */
  public SelfClient api() {
    return api;
  }

  /** The JSON mapper. */
  public ObjectMapper json() {
    return json;
  }

  /** The policy engine's clock (session expiry). */
  public Clock clock() {
    return clock;
  }

  /**
   * The request body, at most {@code max} bytes counted on the stream (empty when it is longer);
   * call only once the caller is known (a live session), or for a small sign-in form.
   */
  public java.util.Optional<byte[]> body(Context ctx, int max) {
    try {
      return java.util.Optional.of(RequestBody.read(ctx, max));
    } catch (RequestBody.TooLarge e) {
      return java.util.Optional.empty();
    }
  }
}
