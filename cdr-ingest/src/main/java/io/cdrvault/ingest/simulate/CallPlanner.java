package io.cdrvault.ingest.simulate;

import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.simulate.TrafficSimulator.Customer;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Decides who calls whom: a valid call's parties, account and the customers it must be stored
 * for, and fraud bursts. The simulator encodes what it plans. Not thread-safe (the simulator's
 * one thread).
 */
final class CallPlanner {
  /** A planned call, with the customers it must be stored for. */
  record Planned(SimCall call, FormatEncoder encoder, SourceContext source, List<Served> served) {}

  /** One expected stored record: the customer and its direction. */
  record Served(CustomerId customer, Direction direction) {}

  private final SimRandom r;
  private final String home;
  private final List<Customer> customers;
  private final NumberPool numbers;
  private final CallFactory calls;
  private final Set<FraudScenario> fraud;
  private final List<FormatEncoder> voiceEncoders;

  CallPlanner(SimRandom r, String home, List<Customer> customers, NumberPool numbers, CallFactory calls,
      Set<FraudScenario> fraud, List<FormatEncoder> voiceEncoders) {
    this.r = r;
    this.home = home;
    this.customers = customers;
    this.numbers = numbers;
    this.calls = calls;
    this.fraud = fraud;
    this.voiceEncoders = voiceEncoders;
  }

  /** A valid call of customer traffic in {@code enc}'s shape, with the customers it is stored for. */
  Planned valid(FormatEncoder enc, SourceContext src, boolean sms) {
    Customer a = customers.get(r.nextInt(customers.size()));
    double pick = r.nextDouble();
    boolean local = enc.localTimes();
    List<Served> served;
    SimCall c;
    if (sms) {
      boolean outbound = r.nextBoolean();
      String mine = pickNumber(a);
      String other = numbers.external(r.rnd, r.nextInt(4) == 0 ? r.pick(NumberPool.FOREIGN) : home);
      String account = outbound && enc.carriesAccount() && pick < 0.3 ? a.id().value() : null;
      if (outbound) {
        c = calls.sms(mine, other, account, account == null ? null : Direction.ORIGINATING, true, src, local);
      } else {
        String from = r.nextInt(3) == 0 ? "BANK" + r.nextInt(10) : other;
        c = calls.sms(from, mine, null, null, false, src, local);
      }
      served = List.of(new Served(a.id(), outbound ? Direction.ORIGINATING : Direction.TERMINATING));
    } else if (pick < 0.25 && enc.carriesAccount()) {
      // account code set: the account wins, whatever the numbers
      Direction dir = enc.carriesTerminatingAccount() && r.nextInt(4) == 0 ? Direction.TERMINATING : Direction.ORIGINATING;
      boolean orig = dir == Direction.ORIGINATING;
      c = calls.voice(orig ? pickNumber(a) : external(), orig ? external() : pickNumber(a), a.id().value(), dir,
          src, local);
      served = List.of(new Served(a.id(), dir));
    } else if (pick < 0.35 && customers.size() > 1) {
      // on-net between two different customers
      Customer b = customers.get(r.nextInt(customers.size()));
      while (b.equals(a)) {
        b = customers.get(r.nextInt(customers.size()));
      }
      c = calls.voice(pickNumber(a), pickNumber(b), null, null, src, local);
      served = List.of(new Served(a.id(), Direction.ORIGINATING), new Served(b.id(), Direction.TERMINATING));
    } else if (pick < 0.60) {
      // inbound from outside
      String from = numbers.external(r.rnd, r.nextInt(5) == 0 ? r.pick(NumberPool.FOREIGN) : home);
      c = calls.voice(from, pickNumber(a), null, null, src, local);
      served = List.of(new Served(a.id(), Direction.TERMINATING));
    } else {
      // outbound, domestic or international
      String to = numbers.external(r.rnd, r.nextInt(4) == 0 ? r.pick(NumberPool.FOREIGN) : home);
      c = calls.voice(pickNumber(a), to, null, null, src, local);
      served = List.of(new Served(a.id(), Direction.ORIGINATING));
    }
    return new Planned(c, enc, src, served);
  }

  /** Whether fraud scenarios were asked for. */
  boolean plansFraud() {
    return !fraud.isEmpty();
  }

  /** A burst of calls of one fraud scenario, in time order. */
  List<Planned> fraudBurst() {
    List<Planned> pending = new ArrayList<>();
    List<FraudScenario> kinds = new ArrayList<>(fraud);
    FraudScenario kind = kinds.get(r.nextInt(kinds.size()));
    FormatEncoder enc = voiceEncoders.get(r.nextInt(voiceEncoders.size()));
    SourceContext src = r.pick(enc.sources());
    Instant t = calls.uniform();
    if (kind == FraudScenario.IRSF) {
      Customer victim = customers.get(r.nextInt(customers.size()));
      String from = pickNumber(victim);
      int n = 15 + r.nextInt(26);
      for (int i = 0; i < n; i++) {
        t = t.plusSeconds(30 + r.nextInt(270));
        SimCall c = calls.fraudCall(from, numbers.premium(r.rnd), t, true, src, enc.localTimes(), kind);
        pending.add(new Planned(c, enc, src, List.of(new Served(victim.id(), Direction.ORIGINATING))));
      }
    } else {
      String from = numbers.external(r.rnd, r.pick(NumberPool.WANGIRI));
      int n = Math.min(customers.size(), 20 + r.nextInt(41));
      List<Customer> targets = new ArrayList<>(customers);
      Collections.shuffle(targets, r.rnd);
      for (Customer target : targets.subList(0, n)) {
        t = t.plusSeconds(2 + r.nextInt(18));
        SimCall c = calls.fraudCall(from, pickNumber(target), t, false, src, enc.localTimes(), kind);
        pending.add(new Planned(c, enc, src, List.of(new Served(target.id(), Direction.TERMINATING))));
      }
    }
    return pending;
  }

  /** A number outside the customer base, in the home region. */
  String external() {
    return numbers.external(r.rnd, home);
  }

  private String pickNumber(Customer c) {
    return c.numbers().get(r.nextInt(c.numbers().size()));
  }
}
