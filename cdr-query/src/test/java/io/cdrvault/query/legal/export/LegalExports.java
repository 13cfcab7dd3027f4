package io.cdrvault.query.legal.export;

import io.cdrvault.query.testing.SampleCdrs;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.GrantedRecords;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.ServiceType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Shared fixtures for the export tests: a subpoena, sample records, a fixed clock. */
final class LegalExports {
  static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
  static final CustomerId CUSTOMER = CustomerId.of("cust-0042");
  static final String IMSI = "310150123456789";
  static final String CELL = "310-150-4411-90211";

  /** 18 U.S.C. 2703(c)(2)-style connection records: no IPs, device ids or location. */
  static final Set<CdrField> SUBPOENA_FIELDS = EnumSet.of(CdrField.RECORD_ID, CdrField.TYPE,
      CdrField.DIRECTION, CdrField.CALLING, CdrField.CALLED, CdrField.START, CdrField.END,
      CdrField.DURATION, CdrField.SMS_SEGMENTS);

  private LegalExports() {}

  static ExportRequestInfo subpoena() {
    return new ExportRequestInfo("lr-2026-0007", Instrument.SUBPOENA, "District Attorney, Kings County",
        "GJ-2026-1138", List.of(SampleCdrs.SUBSCRIBER.e164()), FROM, TO,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "alice", "bob");
  }

  /** Voice, SMS and a mobile call carrying IMSI and cell id, deliberately out of order. */
  /** The records as a legal-process grant admitting {@code fields} sees them. */
  static List<GrantedCdr> granted(List<CustomerCdr> records, Set<CdrField> fields) {
    return GrantedRecords.as(Purpose.LEGAL_PROCESS, fields, records);
  }

  static List<CustomerCdr> records() {
    CustomerCdr mobile = new CustomerCdr(CUSTOMER, Direction.ORIGINATING, Cdr.builder()
        .origin("msc1").originId("mob-1").type(ServiceType.VOICE)
        .calling(SampleCdrs.SUBSCRIBER).called(SampleCdrs.OTHER_PARTY)
        .start(FROM.plusSeconds(3600)).answer(FROM.plusSeconds(3603)).end(FROM.plusSeconds(3700))
        .durationSeconds(100).billableSeconds(97).disposition(Disposition.ANSWERED)
        .imsi(IMSI).imei("490154203237518").cellId(CELL).sourceIp("198.51.100.7")
        .build());
    return List.of(
        SampleCdrs.voice(CUSTOMER, Direction.TERMINATING, FROM.plusSeconds(86_400), Disposition.ANSWERED, 61),
        SampleCdrs.sms(CUSTOMER, Direction.ORIGINATING, FROM.plusSeconds(7200), 2),
        mobile,
        SampleCdrs.voice(CUSTOMER, Direction.ORIGINATING, FROM.plusSeconds(60), Disposition.BUSY, 0));
  }

  static Clock clockAt(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  static ExportResult writePackage(Path dir, ExportSigner signer) {
    return ExportWriter.write(dir, subpoena(), granted(records(), SUBPOENA_FIELDS), SUBPOENA_FIELDS, signer,
        clockAt("2026-04-02T10:15:30Z"));
  }
}
