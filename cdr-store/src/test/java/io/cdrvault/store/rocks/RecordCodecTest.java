package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.testing.SampleCdrs;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  private static CustomerCdr everyFieldSet() {
    Cdr c = Cdr.builder()
        .origin("pbx1").originId("1735689600.42")
        .type(ServiceType.VOICE)
        .account("acct-9").accountDirection(Direction.TERMINATING)
        .calling(PhoneNumber.e164("2125550123", "+12125550123"))
        .called(PhoneNumber.other("1001", NumberKind.EXTENSION))
        .redirecting(PhoneNumber.other("Anonymous", NumberKind.ANONYMOUS))
        .start(Instant.parse("2025-01-01T00:00:00.123456789Z"))
        .answer(Instant.parse("2025-01-01T00:00:05Z"))
        .end(Instant.parse("2025-01-01T00:10:05.5Z"))
        .durationSeconds(605).billableSeconds(600)
        .disposition(Disposition.ANSWERED)
        .causeCode(-16).cause("NORMAL_CLEARING – ünïcode ☎")
        .smsSegments(3)
        .deliveryStatus(DeliveryStatus.EXPIRED)
        .trunk("trunk-1").codec("opus")
        .sourceIp("2001:db8::1").destinationIp("198.51.100.7")
        .userAgent("Yealink").imsi("310260123456789").imei("356938035643809")
        .cellId("310-260-1-2")
        .charge(new Charge(-1_234_567_890_123L, "EUR"))
        .build();
    return new CustomerCdr(CustomerId.of("ACCT-1:x_y.z"), Direction.ORIGINATING, c);
  }

  @Test
  void decode_ofEncode_returnsARecordEqualInEveryField() {
    CustomerCdr r = everyFieldSet();

    CustomerCdr back = RecordCodec.decode(RecordCodec.encodeToArray(r));

    assertThat(back).usingRecursiveComparison().isEqualTo(r);
    assertThat(back).isEqualTo(r);
  }

  @Test
  void decode_ofEncode_keepsEveryNullableFieldNull() {
    Cdr c = Cdr.builder().origin("smsc1").originId("m1").type(ServiceType.SMS)
        .start(Instant.ofEpochSecond(1_700_000_000)).build();
    CustomerCdr r = new CustomerCdr(CustomerId.of("C"), Direction.TERMINATING, c);

    CustomerCdr back = RecordCodec.decode(RecordCodec.encodeToArray(r));

    assertThat(back).isEqualTo(r);
    assertThat(back.cdr().answer()).isNull();
    assertThat(back.cdr().redirecting()).isNull();
    assertThat(back.cdr().causeCode()).isNull();
    assertThat(back.cdr().charge()).isNull();
    assertThat(back.cdr().calling()).isEqualTo(PhoneNumber.EMPTY);
  }

  @Test
  void decode_ofEncode_roundTripsThousandsOfSampleRecords() {
    SampleCdrs s = SampleCdrs.seeded(7);
    for (int i = 0; i < 2_000; i++) {
      CustomerCdr r = s.customerCdr(s.customerId(), Instant.ofEpochSecond(1_700_000_000L + i * 37L));
      assertThat(RecordCodec.decode(RecordCodec.encodeToArray(r))).isEqualTo(r);
    }
  }

  @Test
  void encode_isCompact() {
    CustomerCdr r = SampleCdrs.seeded(3).customerCdr(CustomerId.of("ACCT-000000001"),
        Instant.ofEpochSecond(1_700_000_000L));

    assertThat(RecordCodec.encodeToArray(r).length).isLessThan(300);
  }

  @Test
  void decode_ofTruncatedBytes_failsWithoutData() {
    byte[] full = RecordCodec.encodeToArray(everyFieldSet());

    assertThatThrownBy(() -> RecordCodec.decode(Arrays.copyOf(full, full.length - 5)))
        .isInstanceOf(CdrVaultException.class)
        .hasMessageNotContaining("2125550123");
  }

  /** The codec stores enum ordinals: reordering or inserting constants breaks stored data. */
  @Test
  void enumConstants_keepTheOrderFormat1DependsOn() {
    assertThat(Arrays.toString(Direction.values())).isEqualTo("[ORIGINATING, TERMINATING]");
    assertThat(Arrays.toString(ServiceType.values())).isEqualTo("[VOICE, SMS]");
    assertThat(Arrays.toString(Disposition.values()))
        .isEqualTo("[ANSWERED, NO_ANSWER, BUSY, FAILED, CONGESTION, CANCELLED]");
    assertThat(Arrays.toString(DeliveryStatus.values()))
        .isEqualTo("[SUBMITTED, DELIVERED, FAILED, EXPIRED, REJECTED, UNKNOWN]");
    assertThat(Arrays.toString(NumberKind.values()))
        .isEqualTo("[E164, EXTENSION, SHORT_CODE, ALPHANUMERIC, ANONYMOUS, EMPTY, UNKNOWN]");
  }
}
