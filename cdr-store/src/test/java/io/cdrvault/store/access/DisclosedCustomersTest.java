package io.cdrvault.store.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Chunked disclosure accounting of one read: each customer listed once while it can be remembered. */
class DisclosedCustomersTest {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");

  private final List<List<CustomerId>> chunks = new ArrayList<>();

  private DisclosedCustomers disclosed(int perEntry, int remembered) {
    AccessGrant g = new AccessGrant(new Principal("fraud-1", Set.of("fraud-analyst"), Optional.empty()),
        Purpose.FRAUD, "number-records", AccessScope.number("+12015550100", FROM, TO),
        EnumSet.allOf(CdrField.class), Optional.of("case-1"), Optional.empty(), c -> true, 7);
    return new DisclosedCustomers(g, perEntry, remembered, chunks::add);
  }

  private static List<CustomerId> customers(int n) {
    List<CustomerId> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(CustomerId.of("C-" + i));
    }
    return out;
  }

  private Map<CustomerId, Integer> timesListed(DisclosedCustomers d) {
    Map<CustomerId, Integer> n = new HashMap<>();
    chunks.forEach(c -> c.forEach(x -> n.merge(x, 1, Integer::sum)));
    d.pending().forEach(x -> n.merge(x, 1, Integer::sum));
    return n;
  }

  @Test
  void customersInterleavedInTimeOrder_areListedOnceEach() {
    DisclosedCustomers d = disclosed(100, 10_000);
    List<CustomerId> all = customers(250);
    for (int round = 0; round < 40; round++) { // a number's records: its customers, round after round
      all.forEach(d::add);
    }

    assertThat(d.chunksWritten()).isEqualTo(2);
    assertThat(chunks).allSatisfy(c -> assertThat(c).hasSize(100));
    assertThat(d.pending()).hasSize(50);
    assertThat(timesListed(d)).hasSize(250).allSatisfy((c, times) -> assertThat(times).isEqualTo(1));
  }

  @Test
  void beyondWhatItRemembers_everyCustomerIsStillListed_someAgain() {
    DisclosedCustomers d = disclosed(100, 150);
    List<CustomerId> all = customers(250);
    for (int round = 0; round < 4; round++) {
      all.forEach(d::add);
    }

    Map<CustomerId, Integer> listed = timesListed(d);
    assertThat(listed).hasSize(250);
    assertThat(listed.values()).anySatisfy(times -> assertThat(times).isGreaterThan(1));
    assertThat(d.chunksWritten()).isGreaterThan(2).isLessThanOrEqualTo(10);
  }

  @Test
  void rememberingNothing_listsACustomerOncePerChunk_asBefore() {
    DisclosedCustomers d = disclosed(100, 0);
    List<CustomerId> all = customers(250);
    for (int round = 0; round < 4; round++) {
      all.forEach(d::add);
    }

    assertThat(d.chunksWritten()).isEqualTo(10);
    assertThat(timesListed(d).values()).allSatisfy(times -> assertThat(times).isEqualTo(4));
  }
}
