package io.cdrvault.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.ingest.attribution.Attributor;
import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.ServiceType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's native formats: each payload follows its format's own syntax (checked with small
 * test-side parsers, not the decoders) and carries exactly the values its expected record states.
 */
class TrafficSimulatorFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static TrafficSimulator sim;
  private static final List<TrafficSimulator.Payload> payloads = new ArrayList<>();

  @BeforeAll
  static void generate() {
    sim = TrafficSimulator.builder().seed(5).customers(60).formats(TrafficSimulator.FORMATS)
        .window(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(14))
        .malformedFraction(0.08).duplicateFraction(0.03).build();
    for (int i = 0; i < 8000; i++) {
      payloads.add(sim.next());
    }
  }

  /** Hex of the first 16 bytes of SHA-256 over the line (computed here, not by the decoder). */
  private static String sha256Hex16(String line) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<TrafficSimulator.Payload> of(String format) {
    return payloads.stream().filter(p -> p.format().equals(format) && !p.duplicate()).toList();
  }

  private static String text(TrafficSimulator.Payload p) {
    return new String(p.value(), StandardCharsets.UTF_8);
  }

  private static ZoneId zone(TrafficSimulator.Payload p) {
    return sim.sources().forSource(p.origin()).zone();
  }

  private static boolean valid(TrafficSimulator.Payload p) {
    return p.expectedSkip() == null && p.expectedReject() == null;
  }

  @Test
  void mixedRun_writesEveryFormat_fromItsOwnSources_withHeaders() {
    Set<String> formats = new HashSet<>();
    Map<String, Set<String>> sourcesByFormat = new HashMap<>();
    for (TrafficSimulator.Payload p : payloads) {
      formats.add(p.format());
      sourcesByFormat.computeIfAbsent(p.format(), f -> new HashSet<>()).add(p.origin());
      var rec = p.toProducerRecord("cdr.raw");
      assertThat(new String(rec.headers().lastHeader(DecoderRegistry.FORMAT_HEADER).value(), StandardCharsets.UTF_8))
          .isEqualTo(p.format());
      assertThat(new String(rec.headers().lastHeader(DecoderRegistry.SOURCE_HEADER).value(), StandardCharsets.UTF_8))
          .isEqualTo(p.origin());
      p.expected().forEach(c -> assertThat(c.origin()).isEqualTo(p.origin()));
    }
    assertThat(formats).containsExactlyInAnyOrderElementsOf(TrafficSimulator.FORMATS);
    assertThat(sourcesByFormat.get("asterisk-csv")).containsExactlyInAnyOrder("pbx1", "pbx2");
    assertThat(sourcesByFormat.get("kannel-log")).containsExactly("kannel-1");
    SourceContext pbx1 = sim.sources().forSource("pbx1");
    assertThat(pbx1.zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(pbx1.defaultRegion()).isEqualTo("US");
    assertThat(sim.sources().names()).contains("pbx1", "pbx2", "fs-edge-1", "fs-csv-1", "opensips-1", "kamailio-1",
        "kannel-1", "pbx-east");
  }

  /** Minimal RFC-4180 line splitter: quoted fields with doubled quotes, unquoted fields as is. */
  static List<String> csv(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (true) {
      StringBuilder b = new StringBuilder();
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              b.append('"');
              i++;
            } else {
              break;
            }
          } else {
            b.append(c);
          }
        }
      } else {
        while (i < line.length() && line.charAt(i) != ',') {
          b.append(line.charAt(i++));
        }
      }
      out.add(b.toString());
      if (i >= line.length()) {
        return out;
      }
      i++; // the comma
    }
  }

  @Test
  void asteriskCsv_has18or21Columns_andColumnsMatchTheExpectedRecord() {
    List<TrafficSimulator.Payload> all = of("asterisk-csv");
    Set<Integer> widths = new HashSet<>();
    int unanswered = 0;
    for (TrafficSimulator.Payload p : all) {
      List<String> col = csv(text(p));
      if (p.expectedReject() == RejectReason.MALFORMED) {
        assertThat(col.size()).isNotIn(16, 18, 21);
        continue;
      }
      assertThat(col.size()).isIn(18, 21);
      widths.add(col.size());
      Cdr e = p.expected().get(0);
      assertThat(col.get(16)).startsWith(p.origin() + "-");
      assertThat(e.originId()).isEqualTo(col.size() == 21 ? col.get(16) + "/" + col.get(20)
          : col.get(16) + "/sha256:" + sha256Hex16(text(p))); // no sequence column: the line tells CDRs apart
      assertThat(Long.parseLong(col.get(13))).isEqualTo(e.billableSeconds());
      assertThat(Long.parseLong(col.get(12))).isEqualTo(e.durationSeconds());
      assertThat(LocalDateTime.parse(col.get(9), LOCAL).atZone(zone(p)).toInstant()).isEqualTo(e.start());
      assertThat(col.get(1)).isEqualTo(e.calling().raw());
      assertThat(col.get(2)).isEqualTo(e.called().raw());
      assertThat(col.get(14)).isEqualTo(e.cause());
      if (col.get(10).isEmpty()) {
        unanswered++;
        assertThat(e.answer()).isNull();
        assertThat(text(p)).contains(",,");
      }
    }
    assertThat(widths).containsExactlyInAnyOrder(18, 21);
    assertThat(unanswered).isPositive();
  }

  @Test
  void freeswitchJson_variablesMatch_andBLegsAreSkipped() throws Exception {
    int bLegs = 0;
    int formEncoded = 0;
    for (TrafficSimulator.Payload p : of("freeswitch-json")) {
      String body = text(p);
      if (p.expectedReject() == RejectReason.MALFORMED_JSON) {
        continue;
      }
      if (body.startsWith("cdr=")) {
        formEncoded++;
        body = URLDecoder.decode(body.substring(4), StandardCharsets.UTF_8);
      }
      JsonNode doc = JSON.readTree(body);
      JsonNode v = doc.get("variables");
      if (v.has("originating_leg_uuid")) {
        bLegs++;
        assertThat(p.expectedSkip()).isEqualTo(SkipKind.DUPLICATE_LEG);
        assertThat(p.expected()).isEmpty();
        continue;
      }
      Cdr e = p.expected().get(0);
      assertThat(e.origin()).isEqualTo(doc.get("switchname").asText());
      assertThat(e.originId()).isEqualTo(doc.get("core-uuid").asText() + "/" + v.get("uuid").asText());
      assertThat(Long.parseLong(v.get("billsec").asText())).isEqualTo(e.billableSeconds());
      assertThat(Instant.ofEpochSecond(Long.parseLong(v.get("start_epoch").asText()))).isEqualTo(e.start());
      assertThat(v.get("answer_epoch").asText().equals("0")).isEqualTo(e.answer() == null);
      assertThat(URLDecoder.decode(v.get("sip_user_agent").asText(), StandardCharsets.UTF_8)).isEqualTo(e.userAgent());
      // the original profile: the last array entry, or (FreeSWITCH <= 1.4.19 repeats the key) the tree's last value
      JsonNode flow = doc.get("callflow");
      assertThat((flow.isArray() ? flow.get(flow.size() - 1) : flow).at("/caller_profile/caller_id_number").asText())
          .isEqualTo(e.calling().raw());
      assertThat(Integer.parseInt(v.get("hangup_cause_q850").asText())).isEqualTo(e.causeCode());
    }
    assertThat(bLegs).isPositive();
    assertThat(formEncoded).isPositive();
  }

  @Test
  void freeswitchCsv_has15QuotedColumns_andAQuoteInANameIsTheReject() {
    int broken = 0;
    int bLegs = 0;
    for (TrafficSimulator.Payload p : of("freeswitch-csv")) {
      String line = text(p);
      assertThat(line).startsWith("\"").endsWith("\"");
      String[] col = line.substring(1, line.length() - 1).split("\",\"", -1);
      if (p.expectedReject() == RejectReason.MALFORMED) {
        broken++;
        assertThat(col[0]).contains("\"");
        continue;
      }
      assertThat(col).hasSize(p.origin().equals("fs-csv-2") ? 16 : 15); // fs-csv-2 appends ${originator}
      for (String c : col) {
        assertThat(c).doesNotContain("\"");
      }
      if (p.expectedSkip() != null) {
        assertThat(p.expectedSkip()).isEqualTo(SkipKind.DUPLICATE_LEG);
        assertThat(col[15]).as("a B leg names its A leg").isNotEmpty();
        bLegs++;
        continue;
      }
      Cdr e = p.expected().get(0);
      assertThat(e.originId()).isEqualTo(col[10]);
      assertThat(Long.parseLong(col[8])).isEqualTo(e.billableSeconds());
      assertThat(Long.parseLong(col[7])).isEqualTo(e.durationSeconds());
      assertThat(LocalDateTime.parse(col[6], LOCAL).atZone(zone(p)).toInstant()).isEqualTo(e.end());
      assertThat(col[5].isEmpty()).isEqualTo(e.answer() == null);
    }
    assertThat(broken).isPositive();
    assertThat(bLegs).as("legs=ab B legs written before their A legs").isPositive();
  }

  @Test
  void opensipsJson_isAnEAccCdrEvent_withDurationAndIds() throws Exception {
    for (TrafficSimulator.Payload p : of("opensips-json")) {
      if (p.expectedReject() == RejectReason.MALFORMED_JSON) {
        continue;
      }
      JsonNode doc = JSON.readTree(p.value());
      assertThat(doc.get("method").asText()).isEqualTo("E_ACC_CDR");
      JsonNode par = doc.get("params");
      Cdr e = p.expected().get(0);
      assertThat(e.originId()).isEqualTo(par.get("callid").asText() + ";" + par.get("from_tag").asText() + ";"
          + par.get("to_tag").asText());
      assertThat(par.get("duration").asLong()).isEqualTo(e.billableSeconds());
      assertThat(Instant.ofEpochSecond(par.get("created").asLong())).isEqualTo(e.start());
      assertThat(e.cause()).isEqualTo(par.get("sip_code").asText() + " " + par.get("sip_reason").asText());
      assertThat(e.durationSeconds()).isEqualTo(e.end().getEpochSecond() - e.start().getEpochSecond());
    }
  }

  private static Map<String, String> accPairs(String line) {
    String body = line.substring(line.indexOf("ACC: ") + 5);
    body = body.substring(body.indexOf(": ") + 2);
    Map<String, String> kv = new LinkedHashMap<>();
    for (String pair : body.split(";")) {
      int eq = pair.indexOf('=');
      assertThat(kv.put(pair.substring(0, eq), pair.substring(eq + 1))).as("duplicate key").isNull();
      assertThat(pair.substring(eq + 1)).doesNotContain("=");
    }
    return kv;
  }

  @Test
  void kamailioAcc_cdrAndTransactionLines_matchTheExpectedRecord() {
    int syslog = 0;
    int cdr = 0;
    int messages = 0;
    int byes = 0;
    for (TrafficSimulator.Payload p : of("kamailio-acc")) {
      String line = text(p);
      if (!line.contains("ACC: ")) {
        assertThat(p.expectedSkip()).as("a syslog line without ACC: is not a record").isEqualTo(SkipKind.NOT_A_RECORD);
        assertThat(line).contains("/usr/sbin/kamailio[");
        syslog++;
        continue;
      }
      if (p.expectedReject() == RejectReason.MALFORMED) {
        continue;
      }
      Map<String, String> kv = accPairs(line);
      if (p.expectedSkip() != null) {
        assertThat(kv.get("method")).isEqualTo("BYE");
        byes++;
        continue;
      }
      Cdr e = p.expected().get(0);
      assertThat(e.causeCode()).isEqualTo(Integer.parseInt(kv.get("code")));
      assertThat(e.sourceIp()).isEqualTo(kv.get("src_ip"));
      if (line.contains("ACC: CDR: ")) {
        cdr++;
        double seconds = Double.parseDouble(kv.get("duration"));
        assertThat(e.durationSeconds()).isEqualTo((long) Math.ceil(seconds)).isEqualTo(e.billableSeconds());
        assertThat(e.answer()).isEqualTo(e.start());
        assertThat(e.originId()).isEqualTo(kv.get("call_id") + ";" + kv.get("from_tag") + ";" + kv.get("to_tag"));
      } else {
        assertThat(e.originId()).endsWith(";" + kv.get("method"));
        assertThat(e.start()).isEqualTo(Instant.ofEpochSecond(Long.parseLong(kv.get("timestamp")))).isEqualTo(e.end());
        if (kv.get("method").equals("MESSAGE")) {
          messages++;
          assertThat(e.type()).isEqualTo(ServiceType.SMS);
          assertThat(e.smsSegments()).isEqualTo(1);
        }
      }
    }
    assertThat(cdr).isPositive();
    assertThat(messages).isPositive();
    assertThat(byes).isPositive();
    assertThat(syslog).as("ordinary syslog lines between the ACC: lines").isPositive();
  }

  private static final Pattern KANNEL = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) (.+?) \\[SMSC:([^\\]]*)\\] \\[SVC:[^\\]]*\\] \\[ACT:([^\\]]*)\\]"
          + " \\[BINF:\\] \\[FID:([^\\]]*)\\] \\[META:\\] \\[from:([^\\]]*)\\] \\[to:([^\\]]*)\\]"
          + " \\[flags:-?\\d+:(-?\\d+):-?\\d+:-?\\d+:-?\\d+\\] \\[msg:(\\d+):(.*)\\] \\[udh:(\\d+):([0-9a-f]*)\\]$");

  @Test
  void kannelLog_msgLengthIsTheUtf8ByteLength_andTextMayHoldBrackets() {
    int bracketTexts = 0;
    int skipped = 0;
    int overruns = 0;
    for (TrafficSimulator.Payload p : of("kannel-log")) {
      String line = text(p);
      if (p.expectedSkip() != null) {
        skipped++;
        assertThat(line).matches(".*(Log begins|Receive DLR).*");
        continue;
      }
      Matcher m = KANNEL.matcher(line);
      assertThat(m.matches()).as("kannel line").isTrue();
      int declared = Integer.parseInt(m.group(9));
      int actual = m.group(10).getBytes(StandardCharsets.UTF_8).length;
      if (p.expectedReject() == RejectReason.MALFORMED) {
        overruns++;
        assertThat(declared).isGreaterThan(actual + 12);
        continue;
      }
      assertThat(declared).isEqualTo(actual);
      if (m.group(10).contains("]")) {
        bracketTexts++;
      }
      Cdr e = p.expected().get(0);
      assertThat(e.originId()).isEqualTo(String.join("|", m.group(2), m.group(1), m.group(3), m.group(5),
          m.group(6), m.group(7), m.group(9)));
      assertThat(LocalDateTime.parse(m.group(1), LOCAL).atZone(zone(p)).toInstant()).isEqualTo(e.start());
      int coding = Integer.parseInt(m.group(8));
      int expectedSegments = Integer.parseInt(m.group(11)) > 0 ? 1
          : coding == 0 ? (declared <= 160 ? 1 : (int) Math.ceil(declared / 153.0))
          : (declared <= 140 ? 1 : (int) Math.ceil(declared / 134.0));
      assertThat(e.smsSegments()).isEqualTo(expectedSegments);
      assertThat(e.calling().raw()).isEqualTo(m.group(6));
      assertThat(e.account()).isEqualTo(m.group(4).isEmpty() ? null : m.group(4));
    }
    assertThat(bracketTexts).isPositive();
    assertThat(skipped).isPositive();
    assertThat(overruns).isPositive();
    assertThat(payloads.stream().filter(p -> p.format().equals("kannel-log"))
        .flatMap(p -> p.expected().stream()).mapToInt(Cdr::smsSegments).max().orElse(0)).isGreaterThan(1);
  }

  @Test
  void sameSeed_sameBytesInEveryFormat() {
    TrafficSimulator a = TrafficSimulator.builder().seed(9).formats(TrafficSimulator.FORMATS)
        .fraud(FraudScenario.values()).malformedFraction(0.05).build();
    TrafficSimulator b = TrafficSimulator.builder().seed(9).formats(TrafficSimulator.FORMATS)
        .fraud(FraudScenario.values()).malformedFraction(0.05).build();
    for (int i = 0; i < 2000; i++) {
      TrafficSimulator.Payload x = a.next();
      TrafficSimulator.Payload y = b.next();
      assertThat(x.value()).isEqualTo(y.value());
      assertThat(x.format()).isEqualTo(y.format());
      assertThat(x.expected()).isEqualTo(y.expected());
    }
  }

  @Test
  void dayHours_carryMoreCallsThanNightHours_inTheSourcesLocalTime() {
    int day = 0;
    int night = 0;
    for (TrafficSimulator.Payload p : payloads) {
      for (Cdr c : p.expected()) {
        int hour = LocalDateTime.ofInstant(c.start(), zone(p)).getHour();
        if (hour >= 9 && hour < 17) {
          day++;
        } else if (hour < 6) {
          night++;
        }
      }
    }
    assertThat(day).isGreaterThan(4 * night); // 8 busy hours vs 6 quiet ones
  }

  @Test
  void fraudScenarios_injectIrsfAndWangiriBursts() {
    TrafficSimulator s = TrafficSimulator.builder().seed(21).customers(100)
        .formats(List.of("asterisk-csv", "opensips-json", "kamailio-acc"))
        .fraud(FraudScenario.IRSF, FraudScenario.WANGIRI).build();
    Map<FraudScenario, List<Cdr>> byKind = new HashMap<>();
    for (int i = 0; i < 12_000; i++) {
      TrafficSimulator.Payload p = s.next();
      if (p.fraud() != null && !p.duplicate()) {
        byKind.computeIfAbsent(p.fraud(), k -> new ArrayList<>()).addAll(p.expected());
      }
    }
    List<Cdr> irsf = byKind.get(FraudScenario.IRSF);
    List<Cdr> wangiri = byKind.get(FraudScenario.WANGIRI);
    assertThat(irsf).hasSizeGreaterThanOrEqualTo(15);
    assertThat(wangiri).hasSizeGreaterThanOrEqualTo(20);
    Set<String> premium = Set.of("+881", "+882", "+53", "+252", "+371", "+224", "+232", "+216");
    for (Cdr c : irsf) {
      assertThat(premium.stream().anyMatch(pre -> c.called().canonical().startsWith(pre))).as("premium").isTrue();
      assertThat(c.answered()).isTrue();
      assertThat(c.billableSeconds()).isGreaterThanOrEqualTo(600);
      assertThat(s.directory().customerAt(c.calling().e164(), c.start())).isPresent();
    }
    for (Cdr c : wangiri) {
      assertThat(c.answered()).isFalse();
      assertThat(c.durationSeconds()).isBetween(0L, 3L);
      assertThat(c.calling().canonical()).doesNotStartWith("+1");
      assertThat(s.directory().customerAt(c.called().e164(), c.start())).isPresent();
    }
    // a wave: one foreign number, many different customers
    Map<String, Set<String>> targets = new HashMap<>();
    wangiri.forEach(c -> targets.computeIfAbsent(c.calling().canonical(), k -> new HashSet<>()).add(c.called().canonical()));
    assertThat(targets.values().stream().mapToInt(Set::size).max().orElse(0)).isGreaterThanOrEqualTo(20);
  }

  /** Attributing every payload's expected records reproduces the independently kept tally. */
  @Test
  void tally_matchesTheExpectedRecords_inEveryFormat() {
    Attributor attributor = new Attributor(sim.directory());
    Map<String, CustomerCdr> stored = new HashMap<>();
    Map<String, String> deadLetters = new HashMap<>();
    Map<SkipKind, Long> skips = new HashMap<>();
    for (TrafficSimulator.Payload p : payloads) {
      if (p.duplicate()) {
        continue;
      }
      if (p.expectedSkip() != null) {
        assertThat(p.expected()).isEmpty();
        skips.merge(p.expectedSkip(), 1L, Long::sum);
        continue;
      }
      if (p.expectedReject() != null && p.expected().isEmpty()) {
        deadLetters.put(p.originId(), p.expectedReject().code());
        continue;
      }
      List<CustomerCdr> a = attributor.attribute(p.expected().get(0));
      if (a.isEmpty()) {
        deadLetters.put(p.originId(), "unattributed");
      }
      assertThat(a.isEmpty()).isEqualTo(p.expectedReject() == RejectReason.UNATTRIBUTED);
      a.forEach(c -> assertThat(stored.put(c.customer().value() + "/" + c.cdr().id().hex(), c))
          .as("%s: two records with one id", p.format()).isNull());
    }
    ExpectedTally t = sim.tally();
    assertThat(deadLetters).isEqualTo(t.deadLetters());
    assertThat(skips).isEqualTo(t.skips());
    assertThat(stored).hasSize((int) t.storedRecords());
    for (var c : sim.customers()) {
      for (Direction dir : Direction.values()) {
        List<CustomerCdr> mine = stored.values().stream()
            .filter(x -> x.customer().equals(c.id()) && x.direction() == dir).toList();
        ExpectedTally.Usage v = t.usage(c.id(), ServiceType.VOICE, dir);
        ExpectedTally.Usage s = t.usage(c.id(), ServiceType.SMS, dir);
        assertThat(mine.stream().filter(x -> x.cdr().type() == ServiceType.VOICE).count()).isEqualTo(v.calls());
        assertThat(mine.stream().filter(x -> x.cdr().answered()).count()).isEqualTo(v.answered());
        assertThat(mine.stream().mapToLong(x -> x.cdr().billableSeconds()).sum()).isEqualTo(v.billableSeconds());
        assertThat(mine.stream().filter(x -> x.cdr().type() == ServiceType.SMS).count()).isEqualTo(s.sms());
        assertThat(mine.stream().mapToLong(x -> x.cdr().smsSegments()).sum()).isEqualTo(s.segments());
      }
    }
  }
}
