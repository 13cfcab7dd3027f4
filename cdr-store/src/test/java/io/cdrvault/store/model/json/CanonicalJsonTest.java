package io.cdrvault.store.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJsonException.Problem;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in = CanonicalJson.class.getResourceAsStream("/schema/canonical-cdr-v1.schema.json")) {
      assertThat(in).as("schema resource").isNotNull();
      SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, cfg);
    }
  }

  static Cdr fullVoice() {
    return Cdr.builder()
        .origin("pbx1").originId("1700000000.42:1").type(ServiceType.VOICE)
        .account("ACME-7").accountDirection(Direction.TERMINATING)
        .calling(PhoneNumber.e164("0201234567", "+31201234567"))
        .called(PhoneNumber.other("1002@10.0.0.5", NumberKind.EXTENSION))
        .redirecting(PhoneNumber.other("anonymous", NumberKind.ANONYMOUS))
        .start(Instant.parse("2026-03-01T10:15:02Z"))
        .answer(Instant.parse("2026-03-01T10:15:07.250Z"))
        .end(Instant.parse("2026-03-01T10:17:07Z"))
        .durationSeconds(125).billableSeconds(119)
        .disposition(Disposition.ANSWERED).causeCode(16).cause("NORMAL_CLEARING")
        .trunk("trunk-a").codec("PCMA").sourceIp("10.0.0.5").destinationIp("192.0.2.10")
        .userAgent("FreeSWITCH-mod_sofia/1.10").imsi("001010123456789").imei("490154203237518")
        .cellId("001-01-1234-5678").charge(new Charge(1_250_000, "EUR"))
        .build();
  }

  static Cdr minimalSms() {
    return Cdr.builder()
        .origin("smsc").originId("m-1").type(ServiceType.SMS)
        .calling(PhoneNumber.other("ACMEBANK", NumberKind.ALPHANUMERIC))
        .called(PhoneNumber.e164("+447700900123", "+447700900123"))
        .start(Instant.parse("2026-03-01T00:00:00Z"))
        .smsSegments(3).deliveryStatus(DeliveryStatus.DELIVERED)
        .build();
  }

  private static void assertValid(String json) throws Exception {
    Set<ValidationMessage> errors = schema.validate(M.readTree(json));
    assertThat(errors).as("schema violations of %s", json).isEmpty();
  }

  @Test
  void write_thenRead_roundTripsEveryField() throws Exception {
    for (Cdr c : List.of(fullVoice(), minimalSms())) {
      String json = CanonicalJson.write(c);
      assertValid(json);
      assertThat(CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(c);
    }
  }

  @Test
  void write_producesExactCanonicalForm() {
    assertThat(CanonicalJson.write(minimalSms())).isEqualTo(
        "{\"schema\":\"cdrvault.cdr/1\",\"recordId\":\"" + RecordId.of("smsc", "m-1").hex() + "\","
            + "\"origin\":\"smsc\",\"originId\":\"m-1\",\"type\":\"SMS\","
            + "\"calling\":{\"raw\":\"ACMEBANK\",\"kind\":\"ALPHANUMERIC\"},"
            + "\"called\":{\"raw\":\"+447700900123\",\"e164\":\"+447700900123\",\"kind\":\"E164\"},"
            + "\"start\":\"2026-03-01T00:00:00Z\",\"durationSeconds\":0,\"billableSeconds\":0,"
            + "\"smsSegments\":3,\"deliveryStatus\":\"DELIVERED\"}");
  }

  @Test
  void schema_rejectsAnUnknownFieldAndAPartyWithoutKind() throws Exception {
    ObjectMapper m = new ObjectMapper();
    JsonNode extra = m.readTree(CanonicalJson.write(minimalSms()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) extra).put("text", "hello");
    assertThat(schema.validate(extra)).isNotEmpty();
    JsonNode noKind = m.readTree(CanonicalJson.write(minimalSms()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) noKind.get("calling")).remove("kind");
    assertThat(schema.validate(noKind)).isNotEmpty();
  }

  @Test
  void readCounting_dropsContentFieldsAndNormalisesStringParties() {
    String in = "{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"smsc\",\"originId\":\"m-9\",\"type\":\"SMS\","
        + "\"calling\":\"1001\",\"called\":\"\",\"start\":\"2026-03-01T12:00:00+01:00\","
        + "\"text\":\"secret words\",\"short_message\":\"more\",\"futureField\":1}";
    CanonicalJson.Result r = CanonicalJson.readCounting(in.getBytes(StandardCharsets.UTF_8),
        raw -> raw.isEmpty() ? PhoneNumber.EMPTY : PhoneNumber.other(raw, NumberKind.EXTENSION));
    assertThat(r.droppedContentFields()).isEqualTo(2);
    Cdr c = r.cdr();
    assertThat(c.id()).isEqualTo(RecordId.of("smsc", "m-9"));
    assertThat(c.calling()).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
    assertThat(c.called()).isEqualTo(PhoneNumber.EMPTY);
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(c.smsSegments()).isEqualTo(1);
    assertThat(CanonicalJson.write(c)).doesNotContain("secret").doesNotContain("more");
  }

  @Test
  void read_derivesDurationsFromTimesWhenAbsent() {
    String in = "{\"schema\":\"cdrvault.cdr/1\",\"origin\":\"o\",\"originId\":\"1\",\"type\":\"VOICE\","
        + "\"calling\":\"1\",\"called\":\"2\",\"disposition\":\"ANSWERED\",\"start\":\"2026-01-01T00:00:00Z\","
        + "\"answer\":\"2026-01-01T00:00:10Z\",\"end\":\"2026-01-01T00:01:00Z\"}";
    Cdr c = CanonicalJson.read(in.getBytes(StandardCharsets.UTF_8));
    assertThat(c.durationSeconds()).isEqualTo(60);
    assertThat(c.billableSeconds()).isEqualTo(50);
  }

  private static CanonicalJsonException failure(String json) {
    try {
      CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8));
    } catch (CanonicalJsonException e) {
      return e;
    }
    throw new AssertionError("expected a CanonicalJsonException");
  }

  @Test
  void read_classifiesErrorsAndNamesTheFieldButNeverTheValue() {
    String base = "\"origin\":\"o\",\"originId\":\"1\",\"type\":\"SMS\",\"calling\":\"+15551234567\","
        + "\"called\":\"+15557654321\"";
    CanonicalJsonException e = failure("{\"schema\":\"cdrvault.cdr/1\"," + base + "}");
    assertThat(e.problem()).isEqualTo(Problem.MISSING_FIELD);
    assertThat(e.field()).isEqualTo("start");
    assertThat(e.getMessage()).isEqualTo("field 'start' of canonical-json record is missing");

    e = failure("{\"schema\":\"cdrvault.cdr/1\"," + base + ",\"start\":\"2026-13-01 10:00:00 +15551234567\"}");
    assertThat(e.problem()).isEqualTo(Problem.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("start");
    assertThat(e.getMessage()).contains("field 'start'").doesNotContain("2026").doesNotContain("555");

    e = failure("{\"schema\":\"cdrvault.cdr/2\"," + base + ",\"start\":\"2026-01-01T00:00:00Z\"}");
    assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_SCHEMA);

    e = failure("{\"schema\":\"cdrvault.cdr/1\", \"origin\": \"+15551234567");
    assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
    assertThat(e.getMessage()).doesNotContain("555");

    e = failure("[1,2]");
    assertThat(e.problem()).isEqualTo(Problem.MALFORMED);

    e = failure("{\"schema\":\"cdrvault.cdr/1\"," + base.replace("SMS", "VOICE") + ",\"start\":\"2026-01-01T00:00:00Z\"}");
    assertThat(e.problem()).isEqualTo(Problem.MISSING_FIELD);
    assertThat(e.field()).isEqualTo("disposition");

    e = failure("{\"schema\":\"cdrvault.cdr/1\",\"recordId\":\"0000000000000000\"," + base
        + ",\"start\":\"2026-01-01T00:00:00Z\"}");
    assertThat(e.field()).isEqualTo("recordId");

    e = failure("{\"schema\":\"cdrvault.cdr/1\"," + base
        + ",\"start\":\"2026-01-01T00:00:00Z\",\"calling\":{\"raw\":\"x\",\"e164\":\"+15551234567\",\"kind\":\"EXTENSION\"}}");
    assertThat(e.field()).isEqualTo("calling");
    assertThat(e.getMessage()).doesNotContain("555");
  }

  @Test
  void writeProjected_writesExactlyTheAllowedFields() throws Exception {
    CustomerCdr rec = new CustomerCdr(CustomerId.of("cust-1"), Direction.ORIGINATING, fullVoice());
    Set<CdrField> fields = EnumSet.of(CdrField.CUSTOMER, CdrField.DIRECTION, CdrField.CALLED,
        CdrField.START, CdrField.BILLABLE, CdrField.CHARGE);
    StringWriter w = new StringWriter();
    try (JsonGenerator g = CanonicalJson.jsonFactory().createGenerator(w)) {
      CanonicalJson.writeProjected(g, rec, fields);
    }
    JsonNode n = M.readTree(w.toString());
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    assertThat(names).containsExactly("direction", "customer", "called", "start", "billableSeconds", "charge");
    assertThat(n.get("customer").asText()).isEqualTo("cust-1");
    assertThat(n.get("direction").asText()).isEqualTo("ORIGINATING");
    assertThat(n.get("called").get("kind").asText()).isEqualTo("EXTENSION");
    assertThat(n.get("start").asText()).isEqualTo("2026-03-01T10:15:02Z");
    assertThat(n.get("billableSeconds").asLong()).isEqualTo(119);
    assertThat(n.get("charge").get("amountMicros").asLong()).isEqualTo(1_250_000);
    assertThat(w.toString()).doesNotContain("192.0.2.10").doesNotContain("sourceIp").doesNotContain("ACME").doesNotContain("pbx1");
  }

  @Test
  void writeProjected_everyFieldRecognised() throws Exception {
    CustomerCdr rec = new CustomerCdr(CustomerId.of("c"), Direction.TERMINATING, fullVoice());
    StringWriter w = new StringWriter();
    try (JsonGenerator g = CanonicalJson.jsonFactory().createGenerator(w)) {
      CanonicalJson.writeProjected(g, rec, EnumSet.allOf(CdrField.class));
    }
    JsonNode n = M.readTree(w.toString());
    for (CdrField f : CdrField.values()) {
      // a voice call has no delivery status; everything else of fullVoice() is set
      assertThat(n.has(f.jsonName())).as(f.name()).isEqualTo(f != CdrField.DELIVERY_STATUS);
    }
    assertThat(n.get("causeCode").asInt()).isEqualTo(16);
    assertThat(n.has("account")).isFalse();
    assertThat(n.has("schema")).isFalse();
  }
}
