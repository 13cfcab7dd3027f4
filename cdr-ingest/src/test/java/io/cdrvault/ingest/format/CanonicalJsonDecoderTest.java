package io.cdrvault.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CanonicalJsonDecoderTest {
  private final CdrDecoder decoder = DecoderRegistry.standard().forName("canonical-json").orElseThrow();
  private final SourceContext us = new SourceContext("pbx1", "US", ZoneId.of("America/New_York"));

  private DecodeResult decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), us);
  }

  @Test
  void voiceRecord_decodesToExactCanonicalValues() {
    DecodeResult r = decode("{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"pbx1\",\"originId\":\"1700000000.7\","
        + "\"type\":\"VOICE\",\"account\":\"cust-9\",\"calling\":\"\\\"Alice\\\" <2015550123>\","
        + "\"called\":\"011447400123456\",\"start\":\"2026-03-01T05:15:02-05:00\","
        + "\"answer\":\"2026-03-01T10:15:07Z\",\"end\":\"2026-03-01T10:17:07Z\",\"disposition\":\"ANSWERED\","
        + "\"causeCode\":16,\"cause\":\"NORMAL_CLEARING\"}");
    assertThat(r.isOk()).isTrue();
    assertThat(r.records()).hasSize(1);
    Cdr c = r.records().get(0);
    assertThat(c.id()).isEqualTo(RecordId.of("pbx1", "1700000000.7"));
    assertThat(c.type()).isEqualTo(ServiceType.VOICE);
    assertThat(c.account()).isEqualTo("cust-9");
    assertThat(c.accountDirection()).isEqualTo(Direction.ORIGINATING);
    assertThat(c.calling()).isEqualTo(PhoneNumber.e164("\"Alice\" <2015550123>", "+12015550123"));
    assertThat(c.called()).isEqualTo(PhoneNumber.e164("011447400123456", "+447400123456"));
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T10:15:02Z"));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-01T10:15:07Z"));
    assertThat(c.durationSeconds()).isEqualTo(125);
    assertThat(c.billableSeconds()).isEqualTo(120);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(c.causeCode()).isEqualTo(16);
    assertThat(r.droppedContentFields()).isZero();
  }

  @Test
  void smsWithText_dropsAndCountsContent() {
    DecodeResult r = decode("{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"smsc\",\"originId\":\"42\",\"type\":\"SMS\","
        + "\"calling\":\"ACMEBANK\",\"called\":\"+12015550123\",\"start\":\"2026-03-01T10:00:00Z\","
        + "\"smsSegments\":2,\"text\":\"your code is 1234\",\"msg\":\"x\"}");
    assertThat(r.isOk()).isTrue();
    assertThat(r.droppedContentFields()).isEqualTo(2);
    Cdr c = r.records().get(0);
    assertThat(c.calling().kind()).isEqualTo(NumberKind.ALPHANUMERIC);
    assertThat(c.smsSegments()).isEqualTo(2);
    assertThat(io.cdrvault.store.model.json.CanonicalJson.write(c)).doesNotContain("1234");
  }

  @Test
  void badPayloads_areRejectedWithReasonAndPositionedDetail() {
    assertThat(decode("{\"schema\":")).extracting(DecodeResult::reason).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(decoder.decode(new byte[0], us).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    DecodeResult missing = decode("{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"o\",\"originId\":\"1\",\"type\":\"SMS\","
        + "\"calling\":\"1\",\"called\":\"2\"}");
    assertThat(missing.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(missing.detail()).isEqualTo("field 'start' of canonical-json record is missing");
    DecodeResult invalid = decode("{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"o\",\"originId\":\"1\",\"type\":\"FAX\","
        + "\"calling\":\"1\",\"called\":\"2\",\"start\":\"2026-03-01T10:00:00Z\"}");
    assertThat(invalid.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(invalid.detail()).contains("field 'type'").doesNotContain("FAX");
    assertThat(decode("{\"schema\":\"other/2\"}").reason()).isEqualTo(RejectReason.UNSUPPORTED_SCHEMA);
  }

  @Test
  void registry_resolvesHeaderThenTopicDefaultThenDefault() {
    DecoderRegistry reg = DecoderRegistry.builder().register(CanonicalJsonDecoder.create())
        .topicDefault("asterisk.raw", "asterisk-csv").defaultFormat("canonical-json").build();
    assertThat(reg.formatFor("canonical-json", "asterisk.raw")).isEqualTo("canonical-json");
    assertThat(reg.formatFor(null, "asterisk.raw")).isEqualTo("asterisk-csv");
    assertThat(reg.formatFor("", "cdr.raw")).isEqualTo("canonical-json");
    assertThat(reg.forName("asterisk-csv")).isEmpty();
    assertThat(reg.forName("canonical-json")).containsInstanceOf(CanonicalJsonDecoder.class);
  }
}
