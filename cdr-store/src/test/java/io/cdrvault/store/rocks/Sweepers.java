package io.cdrvault.store.rocks;

import io.cdrvault.store.lifecycle.RetentionPolicy;

/** Test helper: a retention sweeper over a store after setting the store's policy. */
final class Sweepers {
  private Sweepers() {}

  /** Sets {@code policy} as the store's retention policy and returns a sweeper applying it. */
  static RetentionSweeper with(RocksCdrStore store, RetentionPolicy policy) {
    store.useRetentionPolicy(policy);
    return store.retentionSweeper();
  }
}
