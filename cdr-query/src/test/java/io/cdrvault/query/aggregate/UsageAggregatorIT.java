package io.cdrvault.query.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.query.testing.ObservedStore;
import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessRequest;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Decision;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.testing.ForwardingCdrStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link UsageAggregator} over a real store with a configured k other than the default. */
class UsageAggregatorIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final Instant T = Instant.parse("2024-02-05T09:00:00Z");

  @TempDir Path dir;

  private static AccessGrant grant(CdrStore store, int k) {
    PolicyEngine engine = PolicyEngine.create(new Policy(Map.of("analyst", Set.of(Purpose.AGGREGATE)),
        new Policy.Limits(Duration.ofDays(31), k)), store, CLOCK);
    Decision d = engine.decide(new AccessRequest(new Principal("analyst", Set.of("analyst"),
        Optional.empty()), Purpose.AGGREGATE, AccessScope.allCustomers(T.minusSeconds(86_400),
        T.plusSeconds(86_400)), Operations.AGGREGATE, Optional.empty()));
    return ((Decision.Allowed) d).grant();
  }

  private static List<CustomerCdr> records() {
    List<CustomerCdr> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // 3 customers with voice calls, 2 calls each
      CustomerId c = CustomerId.of("V-" + i);
      out.add(SampleCdrs.voice(c, Direction.ORIGINATING, T, Disposition.ANSWERED, 10));
      out.add(SampleCdrs.voice(c, Direction.TERMINATING, T.plusSeconds(60), Disposition.ANSWERED, 20));
    }
    for (int i = 0; i < 2; i++) { // 2 customers with SMS
      out.add(SampleCdrs.sms(CustomerId.of("S-" + i), Direction.ORIGINATING, T, 2));
    }
    return out;
  }

  @Test
  void withKThree_aGroupOfThreeCustomersIsShown_andOfTwoIsSuppressed() {
    try (ObservedStore store = ObservedStore.open(dir, new SimpleMeterRegistry(), CLOCK)) {
      store.put(records());
      AccessGrant grant = grant(store, 3);

      AggregateResult r = new UsageAggregator(store).aggregate(grant, List.of(Dimension.TYPE), 3, 100);

      assertThat(r.groups()).containsExactly(new AggregateGroup(List.of("VOICE"), 3, 6, 90, 0));
      assertThat(r.suppressedGroups()).isEqualTo(1);
      assertThat(r.recordsRead()).isEqualTo(8);
      assertThat(r.customersRead()).hasSize(5);

      AggregateResult byDirection = new UsageAggregator(store)
          .aggregate(grant, List.of(Dimension.DIRECTION, Dimension.TYPE), 3, 1);
      assertThat(byDirection.groups()).extracting(AggregateGroup::key).containsExactly(
          List.of("ORIGINATING", "VOICE"), List.of("TERMINATING", "VOICE"));
      assertThat(byDirection.customersRead()).hasSize(1);
    }
  }

  @Test
  void aStoreReturningACustomerInTwoRuns_isRefusedRatherThanMiscounted() {
    try (ObservedStore real = ObservedStore.open(dir, new SimpleMeterRegistry(), CLOCK)) {
      real.put(records());
      AccessGrant grant = grant(real, 2);
      CdrStore twice = new ForwardingCdrStore(real) {
        @Override
        public RecordCursor records(AccessGrant g) {
          List<GrantedCdr> all = new ArrayList<>();
          for (int pass = 0; pass < 2; pass++) {
            try (RecordCursor c = real.records(g)) {
              c.forEachRemaining(all::add);
            }
          }
          Iterator<GrantedCdr> it = all.iterator();
          return new RecordCursor() {
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public GrantedCdr next() { return it.next(); }
            @Override public void close() { }
          };
        }
      };

      assertThatThrownBy(() -> new UsageAggregator(twice).aggregate(grant, List.of(), 2, 10))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("order");
    }
  }
}
