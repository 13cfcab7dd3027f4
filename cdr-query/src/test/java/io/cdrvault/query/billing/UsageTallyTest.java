package io.cdrvault.query.billing;

import static io.cdrvault.store.model.Direction.ORIGINATING;
import static io.cdrvault.store.model.Direction.TERMINATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.access.PurposeRules;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Usage totals and the destination-class breakdown, with exact expected numbers. */
class UsageTallyTest {
  private static final CustomerId C = CustomerId.of("C-1");
  private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  private static final PhoneNumber US_OWN = PhoneNumber.e164("5550100", "+12025550100");
  private static final PhoneNumber US_OTHER = PhoneNumber.e164("5550199", "+13125550199");
  private static final PhoneNumber UK = PhoneNumber.e164("+44 20 7946 0999", "+442079460999");
  private static final PhoneNumber SAT = PhoneNumber.e164("+881 6 1234 5678", "+881612345678");
  private static final PhoneNumber DE = PhoneNumber.e164("+49 30 1234567", "+49301234567");
  private static final PhoneNumber SHORT = PhoneNumber.other("611", NumberKind.SHORT_CODE);
  private static final PhoneNumber EXT = PhoneNumber.other("2001", NumberKind.EXTENSION);
  private static final PhoneNumber ALPHA = PhoneNumber.other("BANK", NumberKind.ALPHANUMERIC);
  private static int seq;

  private static CustomerCdr voice(Direction d, PhoneNumber calling, PhoneNumber called,
      boolean answered, long billable) {
    Instant start = FROM.plusSeconds(3600L * ++seq);
    Cdr cdr = Cdr.builder().origin("pbx").originId("v" + seq).type(ServiceType.VOICE)
        .calling(calling).called(called).start(start)
        .answer(answered ? start.plusSeconds(3) : null)
        .end(start.plusSeconds(3 + billable)).durationSeconds(3 + billable)
        .billableSeconds(answered ? billable : 0)
        .disposition(answered ? Disposition.ANSWERED : Disposition.NO_ANSWER).build();
    return new CustomerCdr(C, d, cdr);
  }

  private static CustomerCdr sms(Direction d, PhoneNumber calling, PhoneNumber called, int segments) {
    Instant start = FROM.plusSeconds(3600L * ++seq);
    Cdr cdr = Cdr.builder().origin("smsc").originId("s" + seq).type(ServiceType.SMS)
        .calling(calling).called(called).start(start).end(start).smsSegments(segments)
        .deliveryStatus(DeliveryStatus.DELIVERED).build();
    return new CustomerCdr(C, d, cdr);
  }

  private static GrantedCdr billing(CustomerCdr r) {
    return GrantedRecords.as(Purpose.BILLING, PurposeRules.BILLING_FIELDS, r);
  }

  private static Usage tally(List<CustomerCdr> records) {
    UsageTally t = new UsageTally();
    records.forEach(r -> t.add(billing(r)));
    return t.toUsage(C, FROM, TO, 7);
  }

  @Test
  void destinations_splitOriginatingRecordsByCountryCallingCode() {
    Usage u = tally(List.of(
        voice(ORIGINATING, US_OWN, US_OTHER, true, 60),   // domestic
        voice(ORIGINATING, US_OWN, US_OTHER, false, 0),   // domestic, unanswered
        sms(ORIGINATING, US_OWN, US_OTHER, 2),            // domestic
        voice(ORIGINATING, US_OWN, UK, true, 125),        // 44
        sms(ORIGINATING, US_OWN, UK, 1),                  // 44
        sms(ORIGINATING, US_OWN, UK, 3),                  // 44
        voice(ORIGINATING, US_OWN, SAT, true, 30),        // 881
        voice(ORIGINATING, US_OWN, DE, false, 0),         // 49
        sms(ORIGINATING, US_OWN, SHORT, 1),               // other: short code
        voice(ORIGINATING, US_OWN, EXT, true, 15),        // other: extension
        voice(ORIGINATING, EXT, UK, true, 40),            // other: own number not E.164
        voice(TERMINATING, UK, US_OWN, true, 500),        // not classified
        sms(TERMINATING, ALPHA, US_OWN, 4)));             // not classified

    Usage.Destinations d = u.destinations();
    assertThat(d.domestic()).isEqualTo(new Usage.Totals(2, 1, 60, 1, 2));
    assertThat(d.international()).containsExactly(
        Map.entry("44", new Usage.Totals(1, 1, 125, 2, 4)),
        Map.entry("49", new Usage.Totals(1, 0, 0, 0, 0)),
        Map.entry("881", new Usage.Totals(1, 1, 30, 0, 0)));
    assertThat(d.other()).isEqualTo(new Usage.Totals(2, 2, 55, 1, 1));
    assertThat(u.voice().get(ORIGINATING)).isEqualTo(new Usage.Voice(7, 5, 270));
    assertThat(u.sms().get(ORIGINATING)).isEqualTo(new Usage.Sms(4, 7));
    assertThat(u.voice().get(TERMINATING)).isEqualTo(new Usage.Voice(1, 1, 500));
    assertThat(u.sms().get(TERMINATING)).isEqualTo(new Usage.Sms(1, 4));
    assertThat(u.records()).isEqualTo(13);
    assertThat(u.auditSequence()).isEqualTo(7);
    // the classes add up to the originating totals
    assertThat(d.total()).isEqualTo(new Usage.Totals(7, 5, 270, 4, 7));
  }

  @Test
  void noRecords_isAllZeroWithNoInternationalKeys() {
    Usage u = tally(List.of());

    assertThat(u.destinations()).isEqualTo(Usage.Destinations.EMPTY);
    assertThat(u.records()).isZero();
    assertThat(u.voice().get(ORIGINATING)).isEqualTo(Usage.Voice.ZERO);
  }

  @Test
  void internationalKeys_iterateInNumericOrder() {
    Usage.Destinations d = new Usage.Destinations(Usage.Totals.ZERO, Map.of(
        "881", Usage.Totals.ZERO, "7", Usage.Totals.ZERO, "44", Usage.Totals.ZERO,
        "1", Usage.Totals.ZERO), Usage.Totals.ZERO);

    assertThat(d.international().keySet()).containsExactly("1", "7", "44", "881");
    assertThatThrownBy(() -> new Usage.Destinations(Usage.Totals.ZERO,
        Map.of("+44", Usage.Totals.ZERO), Usage.Totals.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void destinationClass_usesLibphonenumberCountryCodes() {
    assertThat(DestinationClass.countryCode("+442079460999")).hasValue(44);
    assertThat(DestinationClass.countryCode("+881612345678")).hasValue(881);
    assertThat(DestinationClass.countryCode("+12025550100")).hasValue(1);
    assertThat(DestinationClass.countryCode("+79161234567")).hasValue(7);
    assertThat(DestinationClass.countryCode("+999123456")).as("unassigned code").isEmpty();
    assertThat(DestinationClass.countryCode("611")).isEmpty();
    assertThat(DestinationClass.countryCode(null)).isEmpty();
    assertThat(DestinationClass.of(billing(voice(TERMINATING, UK, US_OWN, true, 1)))).isEqualTo(Optional.empty());
    assertThat(DestinationClass.of(billing(voice(ORIGINATING, US_OWN, UK, true, 1))))
        .hasValue(DestinationClass.international(44));
  }

  @Test
  void usage_toString_printsNoCustomerId() {
    assertThat(tally(List.of()).toString()).doesNotContain(C.value());
  }
}
