package io.cdrvault.ingest.attribution;

import static org.assertj.core.api.Assertions.assertThat;

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
  final Attributor attributor = new Attributor(SubscriberDirectory.of(Map.of(
      "+12015550101", A, "+12015550102", A, "+12015550201", B)));

  static Cdr call(String from, String to, String account, Direction accountDirection) {
    return Cdr.builder().origin("pbx").originId(from + to).type(ServiceType.VOICE)
        .calling(PhoneNumber.e164(from, from)).called(PhoneNumber.e164(to, to))
        .account(account).accountDirection(accountDirection)
        .start(Instant.parse("2026-03-01T00:00:00Z")).disposition(Disposition.ANSWERED).build();
  }

  @Test
  void validAccount_winsOverNumbers() {
    Cdr c = call("+12015550101", "+12015550201", "cust-z", Direction.TERMINATING);
    assertThat(attributor.attribute(c)).containsExactly(new CustomerCdr(CustomerId.of("cust-z"), Direction.TERMINATING, c));
  }

  @Test
  void invalidAccount_fallsBackToNumbers() {
    Cdr c = call("+12015550101", "+447400123456", "bad account!", null);
    assertThat(attributor.attribute(c)).containsExactly(new CustomerCdr(A, Direction.ORIGINATING, c));
  }

  @Test
  void onNet_yieldsOneRecordPerCustomer() {
    Cdr c = call("+12015550102", "+12015550201", null, null);
    assertThat(attributor.attribute(c)).containsExactly(
        new CustomerCdr(A, Direction.ORIGINATING, c), new CustomerCdr(B, Direction.TERMINATING, c));
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
}
