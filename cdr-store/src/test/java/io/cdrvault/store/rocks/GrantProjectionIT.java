package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessGrant;
import io.cdrvault.store.access.AccessRequest;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Decision;
import io.cdrvault.store.access.ErasureGrant;
import io.cdrvault.store.access.FieldNotGrantedException;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.PolicyEngine;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.access.PurposeRules;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.consent.ConsentKind;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalTarget;
import io.cdrvault.store.legal.NewLegalRequest;
import io.cdrvault.store.lifecycle.ErasureResult;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.json.CanonicalJson;
import io.cdrvault.store.testing.SampleCdrs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, projection enforced by the store: for every purpose, and for legal process every
 * instrument, the records the store returns under a real grant answer for exactly the fields the
 * purpose (instrument) admits — every other accessor throws and the record's JSON has no other key.
 */
class GrantProjectionIT {
  private static final Instant NOW = Instant.parse("2026-04-15T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Each accessor of {@link GrantedCdr} with the field it answers for. */
  private static final Map<CdrField, Function<GrantedCdr, Object>> ACCESSORS = new LinkedHashMap<>();

  static {
    ACCESSORS.put(CdrField.RECORD_ID, GrantedCdr::id);
    ACCESSORS.put(CdrField.DIRECTION, GrantedCdr::direction);
    ACCESSORS.put(CdrField.TYPE, GrantedCdr::type);
    ACCESSORS.put(CdrField.CALLING, GrantedCdr::calling);
    ACCESSORS.put(CdrField.CALLED, GrantedCdr::called);
    ACCESSORS.put(CdrField.START, GrantedCdr::start);
    ACCESSORS.put(CdrField.DURATION, GrantedCdr::durationSeconds);
    ACCESSORS.put(CdrField.BILLABLE, GrantedCdr::billableSeconds);
    ACCESSORS.put(CdrField.DISPOSITION, GrantedCdr::disposition);
    ACCESSORS.put(CdrField.SMS_SEGMENTS, GrantedCdr::smsSegments);
    ACCESSORS.put(CdrField.CHARGE, GrantedCdr::charge);
  }

  @TempDir Path dataDir;
  @TempDir Path keyDir;

  private RocksCdrStore store;
  private PolicyEngine engine;
  private final CustomerId customer = CustomerId.of("ACCT-000000042");
  private final List<CustomerCdr> written = new ArrayList<>();

  @BeforeEach
  void storeWithOneVoiceCallAndOneSms() {
    Keyring keyring = Keyring.create(keyDir.resolve("ks.p12"), "PKCS12", "pw".toCharArray());
    store = LifecycleSupport.open(dataDir, keyring, CLOCK);
    SampleCdrs samples = SampleCdrs.seeded(15);
    Cdr voice;
    do { // an answered call with a redirecting party: every voice field filled in
      voice = samples.voice(FROM.plus(Duration.ofDays(3)));
    } while (voice.redirecting() == null || voice.charge() == null);
    Cdr sms = samples.sms(FROM.plus(Duration.ofDays(4)));
    written.add(new CustomerCdr(customer, Direction.ORIGINATING, voice));
    written.add(new CustomerCdr(customer, Direction.TERMINATING, sms));
    LifecycleSupport.write(store, written);
    store.consentRegistry().record(customer, ConsentKind.OPT_IN, FROM.minus(Duration.ofDays(60)),
        "portal", "", FROM.minus(Duration.ofDays(60)));
    store.useRetentionPolicy(io.cdrvault.store.lifecycle.RetentionPolicy.parse("US", "P18M",
        List.of(), List.of()));
    Policy policy = new Policy(Map.of("r", EnumSet.allOf(Purpose.class)));
    engine = PolicyEngine.create(policy, store, CLOCK);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void billing() throws IOException {
    assertProjected(grant(Purpose.BILLING, AccessScope.customer(customer, FROM, TO),
        Operations.RECORDS, Optional.empty()), PurposeRules.BILLING_FIELDS);
  }

  @Test
  void fraud() throws IOException {
    assertProjected(grant(Purpose.FRAUD, AccessScope.customer(customer, FROM, TO),
        Operations.RECORDS, Optional.of("CASE-7")), EnumSet.allOf(CdrField.class));
  }

  @Test
  void customerAccess() throws IOException {
    Decision d = engine.decide(new AccessRequest(new Principal("subscriber", Set.of("r"),
        Optional.empty()), Purpose.CUSTOMER_ACCESS, AccessScope.customer(customer, FROM, TO),
        Operations.RECORDS, Optional.empty(), Optional.of(customer)));
    assertProjected(allowed(d), PurposeRules.BILLING_FIELDS);
  }

  @Test
  void marketing() throws IOException {
    assertProjected(grant(Purpose.MARKETING, AccessScope.customer(customer, FROM, TO),
        Operations.MARKETING_USAGE, Optional.empty()),
        EnumSet.of(CdrField.TYPE, CdrField.BILLABLE, CdrField.SMS_SEGMENTS));
  }

  @Test
  void aggregate() throws IOException {
    assertProjected(grant(Purpose.AGGREGATE, AccessScope.allCustomers(FROM, TO),
        Operations.AGGREGATE, Optional.empty()), PurposeRules.AGGREGATE_FIELDS);
  }

  @Test
  void legalProcess_subpoena() throws IOException {
    Set<CdrField> fields = legal(Instrument.SUBPOENA);
    assertThat(fields).doesNotContain(CdrField.CELL_ID, CdrField.SOURCE_IP, CdrField.CHARGE);
    assertThat(fields).isEqualTo(PurposeRules.SUBPOENA_FIELDS);
  }

  @Test
  void legalProcess_courtOrder() throws IOException {
    Set<CdrField> fields = legal(Instrument.COURT_ORDER);
    EnumSet<CdrField> allButLocation = EnumSet.allOf(CdrField.class);
    allButLocation.remove(CdrField.CELL_ID);
    assertThat(fields).isEqualTo(allButLocation);
  }

  @Test
  void legalProcess_warrant() throws IOException {
    assertThat(legal(Instrument.WARRANT)).isEqualTo(EnumSet.allOf(CdrField.class));
  }

  @Test
  void legalProcess_preservation_yieldsNoGrantAtAll() {
    LegalRequest lr = approved(Instrument.PRESERVATION);
    Decision d = engine.decide(new AccessRequest(new Principal("legal", Set.of("r"),
        Optional.empty()), Purpose.LEGAL_PROCESS, AccessScope.legalRequest(lr),
        Operations.LEGAL_EXPORT, Optional.of(lr.id()), Optional.empty()));
    assertThat(d).isInstanceOf(Decision.Denied.class);
    assertThat(((Decision.Denied) d).rule()).isEqualTo(Rules.LEGAL_INSTRUMENT_DISCLOSES_NOTHING);
  }

  @Test
  void erasure_hasItsOwnCapability_andItsDecisionOpensNoRecord() {
    Decision d = engine.decide(new AccessRequest(new Principal("subscriber", Set.of("r"),
        Optional.empty()), Purpose.CUSTOMER_ACCESS, AccessScope.customer(customer, FROM, TO),
        Operations.ERASURE, Optional.empty(), Optional.of(customer)));
    AccessGrant decided = allowed(d);
    assertThatThrownBy(() -> store.records(decided)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an erasure decision opens no record");
    // a read decision is no erasure capability
    AccessGrant read = grant(Purpose.BILLING, AccessScope.customer(customer, FROM, TO),
        Operations.RECORDS, Optional.empty());
    assertThatThrownBy(() -> engine.erasure(read)).isInstanceOf(IllegalArgumentException.class);

    ErasureGrant erasure = engine.erasure(decided);
    assertThat(erasure.customer()).isEqualTo(customer);
    assertThat(erasure.decisionSequence()).hasValue(decided.auditSequence());
    assertThat(store.erase(erasure, NOW).outcome()).isEqualTo(ErasureResult.Outcome.ERASED);
    assertThatThrownBy(() -> store.records(read))
        .isInstanceOf(io.cdrvault.store.lifecycle.CustomerErasedException.class);
  }

  /** Reads under a legal grant of {@code instrument} and returns the fields the records had. */
  private Set<CdrField> legal(Instrument instrument) throws IOException {
    LegalRequest lr = approved(instrument);
    AccessGrant g = grant(Purpose.LEGAL_PROCESS, AccessScope.legalRequest(lr),
        Operations.LEGAL_EXPORT, Optional.of(lr.id()));
    Set<CdrField> expected = PurposeRules.legalFields(instrument);
    assertProjected(g, expected);
    return expected;
  }

  private LegalRequest approved(Instrument instrument) {
    LegalRequest lr = store.legalRegistry().register(new NewLegalRequest(instrument,
        "US District Court", "1:26-mj-00042", List.of(LegalTarget.customer(customer)), FROM, TO,
        NOW.plus(Duration.ofDays(30)), "a".repeat(64), false), "legal-a", NOW);
    store.legalRegistry().approve(lr.id(), "legal-b", NOW);
    return store.legalRegistry().find(lr.id()).orElseThrow();
  }

  private AccessGrant grant(Purpose purpose, AccessScope scope, String operation,
      Optional<String> caseRef) {
    return allowed(engine.decide(new AccessRequest(new Principal("tester", Set.of("r"),
        Optional.empty()), purpose, scope, operation, caseRef, Optional.empty())));
  }

  private static AccessGrant allowed(Decision d) {
    assertThat(d).isInstanceOf(Decision.Allowed.class);
    return ((Decision.Allowed) d).grant();
  }

  /**
   * Reads both records under {@code grant} and checks each answers for exactly {@code expected}:
   * the grant's fields are those, every accessor of another field throws without a value in its
   * message, and the JSON has a key exactly for the admitted fields the record has.
   */
  private void assertProjected(AccessGrant grant, Set<CdrField> expected) throws IOException {
    assertThat(grant.fields()).isEqualTo(expected);
    List<GrantedCdr> read = new ArrayList<>();
    try (CdrStore.RecordCursor c = store.records(grant)) {
      c.forEachRemaining(read::add);
    }
    assertThat(read).hasSize(written.size());
    for (int i = 0; i < read.size(); i++) {
      GrantedCdr r = read.get(i);
      CustomerCdr full = written.get(i);
      assertThat(r.customer()).isEqualTo(customer);
      for (CdrField f : CdrField.values()) {
        assertThat(r.has(f)).as(f.name()).isEqualTo(expected.contains(f));
      }
      for (Map.Entry<CdrField, Function<GrantedCdr, Object>> a : ACCESSORS.entrySet()) {
        if (expected.contains(a.getKey())) {
          assertThat(a.getValue().apply(r)).as(a.getKey().name()).isEqualTo(valueOf(full, a.getKey()));
        } else {
          assertThatThrownBy(() -> a.getValue().apply(r)).as(a.getKey().name())
              .isInstanceOf(FieldNotGrantedException.class)
              .hasMessage("field '" + a.getKey().jsonName() + "' is not granted to "
                  + grant.purpose());
        }
      }
      Set<String> fullKeys = keys(g -> CanonicalJson.writeProjected(g, full,
          EnumSet.allOf(CdrField.class)));
      Set<String> wanted = new TreeSet<>();
      for (CdrField f : expected) {
        String key = f == CdrField.CAUSE ? "cause" : f.jsonName();
        if (fullKeys.contains(key)) {
          wanted.add(key);
        }
        if (f == CdrField.CAUSE && fullKeys.contains("causeCode")) {
          wanted.add("causeCode");
        }
      }
      assertThat(keys(r::writeJson)).isEqualTo(wanted);
    }
  }

  private static Object valueOf(CustomerCdr r, CdrField f) {
    Cdr c = r.cdr();
    return switch (f) {
      case RECORD_ID -> c.id();
      case DIRECTION -> r.direction();
      case TYPE -> c.type();
      case CALLING -> c.calling();
      case CALLED -> c.called();
      case START -> c.start();
      case DURATION -> c.durationSeconds();
      case BILLABLE -> c.billableSeconds();
      case DISPOSITION -> c.disposition();
      case SMS_SEGMENTS -> c.smsSegments();
      case CHARGE -> c.charge();
      default -> throw new IllegalArgumentException(f.name());
    };
  }

  private interface JsonWrite {
    void to(JsonGenerator gen) throws IOException;
  }

  private static Set<String> keys(JsonWrite write) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = CanonicalJson.jsonFactory().createGenerator(out)) {
      write.to(gen);
    }
    JsonNode n = JSON.readTree(out.toByteArray());
    Set<String> keys = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }
}
