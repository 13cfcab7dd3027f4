package io.cdrvault.query.testing;

import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Builders for attributed test records (fake numbers from the +1 555 range). */
public final class SampleCdrs {
  public static final PhoneNumber SUBSCRIBER = PhoneNumber.e164("5550100", "+15555550100");
  public static final PhoneNumber OTHER_PARTY = PhoneNumber.e164("+44 20 7946 0999", "+442079460999");
  private static final AtomicInteger SEQ = new AtomicInteger();

  private SampleCdrs() {}

  /** A voice call of the customer in the given direction; answered calls bill {@code billable}. */
  public static CustomerCdr voice(CustomerId customer, Direction dir, Instant start,
      Disposition disposition, long billable) {
    boolean answered = disposition == Disposition.ANSWERED;
    long ring = 5;
    Instant answer = answered ? start.plusSeconds(ring) : null;
    long duration = answered ? ring + billable : ring;
    Cdr cdr = Cdr.builder()
        .origin("pbx1").originId("call-" + SEQ.incrementAndGet())
        .type(ServiceType.VOICE)
        .calling(dir == Direction.ORIGINATING ? SUBSCRIBER : OTHER_PARTY)
        .called(dir == Direction.ORIGINATING ? OTHER_PARTY : SUBSCRIBER)
        .start(start).answer(answer).end(start.plusSeconds(duration))
        .durationSeconds(duration).billableSeconds(answered ? billable : 0)
        .disposition(disposition).cause(answered ? "NORMAL_CLEARING" : "USER_BUSY")
        .sourceIp("192.0.2.10").userAgent("FreeSWITCH-test").trunk("trunk-a")
        .build();
    return new CustomerCdr(customer, dir, cdr);
  }

  /** An SMS of the customer in the given direction. */
  public static CustomerCdr sms(CustomerId customer, Direction dir, Instant start, int segments) {
    Cdr cdr = Cdr.builder()
        .origin("smsc1").originId("sms-" + SEQ.incrementAndGet())
        .type(ServiceType.SMS)
        .calling(dir == Direction.ORIGINATING ? SUBSCRIBER : OTHER_PARTY)
        .called(dir == Direction.ORIGINATING ? OTHER_PARTY : SUBSCRIBER)
        .start(start).end(start)
        .smsSegments(segments).deliveryStatus(DeliveryStatus.DELIVERED)
        .build();
    return new CustomerCdr(customer, dir, cdr);
  }
}
