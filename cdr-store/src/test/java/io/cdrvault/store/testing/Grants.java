package io.cdrvault.store.testing;

import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessRequest;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Decision;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.model.CustomerId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Obtains real grants through the policy engine (audited in the store's ledger), for tests. */
public final class Grants {
  private Grants() {}

  /** A BILLING grant for the customer's records in {@code [from, to)}. */
  public static AccessGrant billing(CdrStore store, CustomerId customer, Instant from, Instant to,
      Clock clock) {
    PolicyEngine engine = PolicyEngine.create(new Policy(Map.of("billing", Set.of(Purpose.BILLING))),
        store, clock);
    Decision d = engine.decide(new AccessRequest(
        new Principal("billing-job", Set.of("billing"), Optional.empty()), Purpose.BILLING,
        new AccessScope(customer, from, to), "records", Optional.empty()));
    if (!(d instanceof Decision.Allowed allowed)) {
      throw new AssertionError("billing grant was denied: " + d);
    }
    return allowed.grant();
  }

  /**
   * A grant for any purpose and scope through a real engine over the store (the role "r" may use
   * the purpose); fails the test if it is denied.
   */
  public static AccessGrant grant(CdrStore store, Purpose purpose, AccessScope scope, String operation,
      Optional<String> caseRef, Clock clock) {
    PolicyEngine engine = PolicyEngine.create(new Policy(Map.of("r", Set.of(purpose))), store, clock);
    Decision d = engine.decide(new AccessRequest(
        new Principal("tester", Set.of("r"), Optional.empty()), purpose, scope, operation, caseRef));
    if (!(d instanceof Decision.Allowed allowed)) {
      throw new AssertionError(purpose + " grant was denied: " + d);
    }
    return allowed.grant();
  }
}
