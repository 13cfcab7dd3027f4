package io.cdrvault.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeResultTest {

  private static Cdr startingAt(Instant start) {
    return Cdr.builder().origin("pbx1").originId("1").type(ServiceType.VOICE)
        .disposition(Disposition.ANSWERED).start(start).build();
  }

  @Test
  void storable_keepsRecordsWithinTheStoresYears() {
    DecodeResult ok = DecodeResult.ok(List.of(startingAt(Instant.parse("1970-01-01T00:00:00Z")),
        startingAt(Instant.parse("9999-12-31T23:59:59Z"))), 1);
    assertThat(ok.storable("asterisk-csv")).isSameAs(ok);
  }

  @Test
  void storable_rejectsACorruptedYear_namingTheRecordNotTheValue() {
    DecodeResult before = DecodeResult.ok(List.of(startingAt(Instant.parse("2026-03-01T00:00:00Z")),
        startingAt(Instant.parse("1969-12-31T23:59:59Z"))), 0).storable("kamailio-acc");
    assertThat(before.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(before.detail()).isEqualTo("kamailio-acc record 2: start lies outside the storable years 1970..9999");
    DecodeResult after = DecodeResult.ok(List.of(startingAt(Instant.parse("+10000-01-01T00:00:00Z"))), 0)
        .storable("opensips-json");
    assertThat(after.reason()).isEqualTo(RejectReason.INVALID_FIELD);
  }

  @Test
  void storable_leavesRejectsAndSkipsAlone() {
    DecodeResult skip = DecodeResult.skip(SkipKind.NOT_A_RECORD, 0);
    assertThat(skip.storable("kannel-log")).isSameAs(skip);
    DecodeResult reject = DecodeResult.reject(RejectReason.MALFORMED, "kannel-log: x");
    assertThat(reject.storable("kannel-log")).isSameAs(reject);
  }
}
