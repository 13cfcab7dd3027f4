package io.cdrvault.ingest.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.directory.NumberAssignment;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributorTest {
  static final CustomerId A = CustomerId.of("cust-a");
  static final CustomerId B = CustomerId.of("cust-b");
  static final CustomerId C = CustomerId.of("cust-c");
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  /** The day +12015550301 passes from customer A to customer C. */
  static final Instant RECYCLED_AT = Instant.parse("2026-04-01T00:00:00Z");
  final Attributor attributor = new Attributor(SubscriberDirectory.builder()
      .add("+12015550101", A).add("+12015550102", A).add("+12015550201", B)
      .add("+12015550301", A, NumberAssignment.SINCE_ALWAYS, RECYCLED_AT)
      .add("+12015550301", C, RECYCLED_AT, null)
      .build());

  static Cdr call(String from, String to, String account, Direction accountDirection) {
    return call(from, to, account, accountDirection, START);
  }

  static Cdr call(String from, String to, String account, Direction accountDirection, Instant start) {
    return Cdr.builder().origin("pbx").originId(from + to + start).type(ServiceType.VOICE)
        .calling(PhoneNumber.e164(from, from)).called(PhoneNumber.e164(to, to))
        .account(account).accountDirection(accountDirection)
        .start(start).disposition(Disposition.ANSWERED).build();
  }

  @Test
  void validAccount_winsOverNumbers() {
    Cdr c = call("+12015550101", "+12015550201", "cust-z", Direction.TERMINATING);
    assertThat(attributor.attribute(c)).containsExactly(new CustomerCdr(CustomerId.of("cust-z"), Direction.TERMINATING, c));
  }

  @Test
  void validAccount_winsOverARecycledNumber() {
    Cdr c = call("+12015550301", "+447400123456", "cust-z", Direction.ORIGINATING, RECYCLED_AT.plusSeconds(5));
    assertThat(attributor.attribute(c)).containsExactly(new CustomerCdr(CustomerId.of("cust-z"), Direction.ORIGINATING, c));
  }

  @Test
  void invalidAccount_fallsBackToNumbers() {
    Cdr c = call("+12015550101", "+447400123456", "bad account!", null);
    assertThat(attributor.attribute(c)).containsExactly(new CustomerCdr(A, Direction.ORIGINATING, c));
  }

  @Test
  void recycledNumber_isAttributedToWhoeverHeldItWhenTheCallStarted() {
    Cdr before = call("+12015550301", "+447400123456", null, null, RECYCLED_AT.minusSeconds(1));
    Cdr after = call("+12015550301", "+447400123456", null, null, RECYCLED_AT);
    assertThat(attributor.attribute(before)).containsExactly(new CustomerCdr(A, Direction.ORIGINATING, before));
    assertThat(attributor.attribute(after)).containsExactly(new CustomerCdr(C, Direction.ORIGINATING, after));

    Cdr inboundAfter = call("+447400123456", "+12015550301", null, null, RECYCLED_AT.plusSeconds(60));
    assertThat(attributor.attribute(inboundAfter))
        .as("the old customer must not see calls to their former number")
        .containsExactly(new CustomerCdr(C, Direction.TERMINATING, inboundAfter));
  }

  @Test
  void onNet_yieldsOneRecordPerCustomer_inBothDirections() {
    Cdr ab = call("+12015550102", "+12015550201", null, null);
    assertThat(attributor.attribute(ab)).containsExactly(
        new CustomerCdr(A, Direction.ORIGINATING, ab), new CustomerCdr(B, Direction.TERMINATING, ab));
    Cdr ba = call("+12015550201", "+12015550101", null, null);
    assertThat(attributor.attribute(ba)).containsExactly(
        new CustomerCdr(B, Direction.ORIGINATING, ba), new CustomerCdr(A, Direction.TERMINATING, ba));
  }

  @Test
  void onNet_withARecycledNumber_usesTheHolderAtStart() {
    Cdr before = call("+12015550201", "+12015550301", null, null, RECYCLED_AT.minusSeconds(60));
    assertThat(attributor.attribute(before)).containsExactly(
        new CustomerCdr(B, Direction.ORIGINATING, before), new CustomerCdr(A, Direction.TERMINATING, before));
    Cdr after = call("+12015550201", "+12015550301", null, null, RECYCLED_AT.plusSeconds(60));
    assertThat(attributor.attribute(after)).containsExactly(
        new CustomerCdr(B, Direction.ORIGINATING, after), new CustomerCdr(C, Direction.TERMINATING, after));
  }

  @Test
  void inbound_isTerminating_andSameCustomerBothEnds_isStoredOnce() {
    Cdr in = call("+447400123456", "+12015550201", null, null);
    assertThat(attributor.attribute(in)).containsExactly(new CustomerCdr(B, Direction.TERMINATING, in));
    Cdr self = call("+12015550101", "+12015550102", null, null);
    assertThat(attributor.attribute(self)).containsExactly(new CustomerCdr(A, Direction.ORIGINATING, self));
  }

  @Test
  void neitherParty_isUnattributed() {
    assertThat(attributor.attribute(call("+447400123456", "+12015550999", null, null))).isEqualTo(List.of());
  }

  @Test
  void numberOutsideEveryPeriod_isUnattributed() {
    Attributor a = new Attributor(SubscriberDirectory.builder()
        .add("+12015550101", A, RECYCLED_AT, null).build());
    assertThat(a.attribute(call("+12015550101", "+447400123456", null, null, RECYCLED_AT.minusSeconds(1)))).isEmpty();
    assertThat(new Attributor(SubscriberDirectory.of(Map.of())).attribute(call("+12015550101", "+12015550201", null, null))).isEmpty();
  }
}
