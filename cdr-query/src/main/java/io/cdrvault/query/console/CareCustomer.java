package io.cdrvault.query.console;

import com.nimbusds.jwt.SignedJWT;
import io.cdrvault.store.model.CustomerId;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * The customer in front of a care agent (docs/console.md, customer care): the customer id and the
 * customer's authentication assertion the agent entered, kept in the agent's server-side session
 * until the assertion expires, the agent is done with the customer, or the session ends; and the
 * outcome of the customer's last erasure request made in this session. The assertion is sent to
 * the API as {@code X-CPNI-Customer-Assertion} with each call, which verifies it every time; the
 * console reads its {@code exp} only to know when to forget it.
 *
 * <p>Immutable and thread-safe. Holds personal data: {@link #toString()} prints none.
 *
 * @param customerId the customer's id (never in a URL or log)
 * @param assertion the compact JWS (never in a page, URL or log)
 * @param expiresAt when the assertion expires: its {@code exp}, or {@link #MAX_LIFETIME} after
 *     entry when it carries none the console can read (the API then refuses it anyway)
 * @param erasure the last erasure answer of this session, or null
 */
record CareCustomer(String customerId, String assertion, Instant expiresAt, CareErasure erasure) {
  /** The longest an assertion may live (CustomerAssertions.MAX_LIFETIME). */
  static final java.time.Duration MAX_LIFETIME = java.time.Duration.ofMinutes(15);
  /** The longest assertion the console accepts in its form (the API's limit). */
  static final int MAX_ASSERTION_LENGTH = 4096;

  CareCustomer {
    CustomerId.of(customerId); // validates
    Objects.requireNonNull(assertion, "assertion");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The customer entered at {@code now} with {@code assertion}; expiry read from its {@code exp}. */
  static CareCustomer entered(String customerId, String assertion, Instant now) {
    Instant cap = now.plus(MAX_LIFETIME);
    Instant exp = cap;
    try {
      Date d = SignedJWT.parse(assertion).getJWTClaimsSet().getExpirationTime();
      if (d != null && d.toInstant().isBefore(cap)) {
        exp = d.toInstant();
      }
    } catch (ParseException | RuntimeException e) {
      exp = cap; // not a JWS: the API refuses it (invalid-customer-assertion)
    }
    return new CareCustomer(customerId, assertion, exp, null);
  }

  /**
   * Whether {@code id} can be a customer id in an API path: {@link CustomerId}'s characters, and
   * not a dot segment (which would change the path).
   */
  static boolean validId(String id) {
    try {
      CustomerId.of(id);
    } catch (RuntimeException e) {
      return false;
    }
    return !id.equals(".") && !id.equals("..");
  }

  boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  CareCustomer withErasure(CareErasure e) {
    return new CareCustomer(customerId, assertion, expiresAt, e);
  }

  /** The API path of one of this customer's routes, e.g. {@code usage}. */
  String path(String route) {
    return "/v1/customers/" + customerId + "/" + route;
  }

  @Override
  public String toString() {
    return "CareCustomer[***]";
  }
}
