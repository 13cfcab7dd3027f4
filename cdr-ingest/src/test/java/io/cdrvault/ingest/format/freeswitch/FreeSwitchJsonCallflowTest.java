package io.cdrvault.ingest.format.freeswitch;

import static io.cdrvault.ingest.format.freeswitch.FreeSwitchJsonDecoderTest.CORE_UUID;
import static io.cdrvault.ingest.format.freeswitch.FreeSwitchJsonDecoderTest.UUID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.ServiceType;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Several caller profiles in one document: the repeated {@code "callflow"} keys of FreeSWITCH up to
 * 1.4.19 (a 302 redirect), a transfer inside an answered call in the current array form, the
 * top-level {@code times} block some writers produce, and the duplicate keys that stay errors.
 */
class FreeSwitchJsonCallflowTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final CdrDecoder decoder = FreeSwitchJsonDecoder.create();
  private final SourceContext ny = new SourceContext("fs-src", "US", ZoneId.of("America/New_York"));

  /**
   * A FreeSWITCH 1.4.7 A leg as {@code mod_json_cdr} writes it (one line, no {@code switchname},
   * encoded variables): 2025550143 dialled 12025550177, which answered 302 with contact
   * {@code sip:dan@…}; sofia transferred the channel to "dan", a second caller profile printed
   * first. The original profile keeps answered/hangup 0 and a transfer time.
   */
  static final String OLD_REDIRECT = """
      {"core-uuid":"0c7d2f5e-3b1a-4e9c-9f0d-1a2b3c4d5e6f","channel_data":{"state":"CS_REPORTING",\
      "direction":"inbound","state_number":"11","flags":"0=1;1=1;3=1;19=1;23=1","caps":"1=1;2=1;3=1"},\
      "variables":{"direction":"inbound","uuid":"7a1e9c52-8d3f-4b6a-a0c1-2e3f4a5b6c7d","session_id":"33",\
      "sip_from_user":"2025550143","sip_network_ip":"203.0.113.7","sip_user_agent":"Yealink%20SIP-T46S%2066.86.0.15",\
      "accountcode":"ACME-0042","sip_redirect_contact_user_0":"dan",\
      "sip_redirected_to":"%3Csip%3Adan%40198.51.100.20%3A5060%3E","max_forwards":"69",\
      "transfer_history":"1772373911%3Ad2300128-6724-471c-a495-a3f7a985a2b6%3Abl_xfer%3Adan%2Fdefault%2FXML",\
      "call_uuid":"7a1e9c52-8d3f-4b6a-a0c1-2e3f4a5b6c7d","read_codec":"PCMU","write_codec":"PCMU",\
      "hangup_cause":"NORMAL_CLEARING","hangup_cause_q850":"16","start_stamp":"2026-03-01%2009%3A05%3A10",\
      "answer_stamp":"2026-03-01%2009%3A05%3A15","end_stamp":"2026-03-01%2009%3A09%3A02",\
      "start_epoch":"1772373910","answer_epoch":"1772373915","end_epoch":"1772374142","hold_accum_seconds":"0",\
      "duration":"232","billsec":"227"},\
      "app_log":{"applications":[{"app_name":"bridge","app_data":"sofia/internal/12025550177@pbx.example"},\
      {"app_name":"bridge","app_data":"user/dan"}]},\
      "callflow":{"dialplan":"XML","profile_index":"2","extension":{"name":"redirected","number":"dan",\
      "applications":[{"app_name":"bridge","app_data":"user/dan"}]},"caller_profile":{"username":"2025550143",\
      "dialplan":"XML","caller_id_name":"Front Desk","ani":"2025550143","aniii":"","caller_id_number":"2025550143",\
      "network_addr":"203.0.113.7","rdnis":"12025550177","destination_number":"dan",\
      "uuid":"7a1e9c52-8d3f-4b6a-a0c1-2e3f4a5b6c7d","source":"mod_sofia","context":"default",\
      "chan_name":"sofia/internal/2025550143@203.0.113.7","originatee":{"originatee_caller_profiles":[\
      {"username":"2025550143","dialplan":"XML","caller_id_name":"Front Desk","ani":"2025550143","aniii":"",\
      "caller_id_number":"2025550143","network_addr":"203.0.113.7","rdnis":"12025550177","destination_number":"dan",\
      "uuid":"8f7c860f-0619-4d3c-9515-cc23b0fa3997","source":"mod_sofia","context":"default",\
      "chan_name":"sofia/internal/dan@198.51.100.20:5060"}]}},"times":{"created_time":"1772373910000000",\
      "profile_created_time":"1772373911200000","progress_time":"1772373911000000","progress_media_time":"0",\
      "answered_time":"1772373915000000","hangup_time":"1772374142000000","resurrect_time":"0","transfer_time":"0"}},\
      "callflow":{"dialplan":"XML","profile_index":"1","extension":{"name":"outbound","number":"12025550177",\
      "applications":[{"app_name":"bridge","app_data":"sofia/internal/12025550177@pbx.example"}]},\
      "caller_profile":{"username":"2025550143","dialplan":"XML","caller_id_name":"Front Desk","ani":"2025550143",\
      "aniii":"","caller_id_number":"2025550143","network_addr":"203.0.113.7","rdnis":"",\
      "destination_number":"12025550177","uuid":"7a1e9c52-8d3f-4b6a-a0c1-2e3f4a5b6c7d","source":"mod_sofia",\
      "context":"default","chan_name":"sofia/internal/2025550143@203.0.113.7"},\
      "times":{"created_time":"1772373910000000","profile_created_time":"1772373910000000",\
      "progress_time":"1772373911000000","progress_media_time":"0","answered_time":"0","hangup_time":"0",\
      "resurrect_time":"0","transfer_time":"1772373911200000"}}}
      """;

  /** What {@link #OLD_REDIRECT} stands for: the dialled number, not the redirect contact's user name. */
  static Cdr expectedOldRedirect() {
    return Cdr.builder()
        .origin("fs-src") // FreeSWITCH before 1.4.8 prints no switchname: the source name
        .originId(CORE_UUID + "/" + UUID)
        .type(ServiceType.VOICE)
        .account("ACME-0042")
        .calling(PhoneNumber.e164("2025550143", "+12025550143"))
        .called(PhoneNumber.e164("12025550177", "+12025550177"))
        .start(Instant.parse("2026-03-01T14:05:10Z"))
        .answer(Instant.parse("2026-03-01T14:05:15Z"))
        .end(Instant.parse("2026-03-01T14:09:02Z"))
        .durationSeconds(232).billableSeconds(227)
        .disposition(Disposition.ANSWERED)
        .causeCode(16).cause("NORMAL_CLEARING")
        .codec("PCMU").sourceIp("203.0.113.7").userAgent("Yealink SIP-T46S 66.86.0.15")
        .build();
  }

  private static byte[] utf8(String s) {
    return s.strip().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode tree(byte[] json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(ObjectNode doc) {
    try {
      return MAPPER.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Cdr decodeOne(byte[] payload) {
    DecodeResult r = decoder.decode(payload, ny);
    assertThat(r.reason()).as("reject detail: %s", r.detail()).isNull();
    assertThat(r.skipped()).isNull();
    assertThat(r.records()).hasSize(1);
    return r.records().get(0);
  }

  private DecodeResult reject(String json, RejectReason reason) {
    DecodeResult r = decoder.decode(utf8(json), ny);
    assertThat(r.reason()).as("detail: %s", r.detail()).isEqualTo(reason);
    assertThat(r.records()).isEmpty();
    FreeSwitchJsonDecoderTest.assertNoInputNumbers(r.detail());
    return r;
  }

  // ---------------------------------------------------------------- FreeSWITCH <= 1.4.19: repeated keys

  @Test
  void oldRepeatedCallflowKeys_redirect_decodesWithTheDialledNumber() {
    Cdr c = decodeOne(utf8(OLD_REDIRECT));
    assertThat(c.called().e164()).isEqualTo("+12025550177");
    assertThat(c.called().raw()).isEqualTo("12025550177");
    assertThat(c.calling().e164()).isEqualTo("+12025550143");
    assertThat(c.origin()).isEqualTo("fs-src");
    assertThat(c.durationSeconds()).isEqualTo(232);
    assertThat(c.billableSeconds()).isEqualTo(227);
    assertThat(c).isEqualTo(expectedOldRedirect());

    // posted as a form body (url-encoded), the same record
    String form = "cdr=" + URLEncoder.encode(OLD_REDIRECT.strip(), StandardCharsets.UTF_8);
    assertThat(decodeOne(form.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expectedOldRedirect());
  }

  @Test
  void oldRepeatedCallflowKeys_withoutEpochs_takeStartFromTheOriginalAndAnswerAndEndFromTheNewestProfile() {
    // the original (last) profile has answered_time and hangup_time 0: the newest (first) one has them
    String noEpochs = OLD_REDIRECT
        .replace("\"start_epoch\":\"1772373910\",\"answer_epoch\":\"1772373915\",\"end_epoch\":\"1772374142\",", "")
        .replaceAll("\"(start|answer|end)_stamp\":\"[^\"]*\",", "")
        .replace("\"duration\":\"232\",\"billsec\":\"227\"", "\"billmsec\":\"226800\"");
    assertThat(noEpochs).doesNotContain("_epoch\"", "_stamp\"", "\"billsec\"");
    assertThat(decodeOne(utf8(noEpochs))).isEqualTo(expectedOldRedirect());
  }

  @Test
  void oldRepeatedCallflowKeys_areTheSameAsTheArrayForm() {
    ObjectNode doc = tree(utf8(OLD_REDIRECT)); // a tree keeps only the last "callflow": rebuild both entries
    String[] parts = OLD_REDIRECT.strip().split(",\"callflow\":");
    assertThat(parts).hasSize(3);
    ArrayNode flow = doc.putArray("callflow");
    flow.add(tree(utf8(parts[1])));
    flow.add(tree(utf8(parts[2].substring(0, parts[2].length() - 1))));
    assertThat(flow.get(0).at("/caller_profile/destination_number").asText()).isEqualTo("dan");
    assertThat(decodeOne(bytes(doc))).isEqualTo(expectedOldRedirect());

    // one profile written the old way (a single object, no redirect): its destination
    ObjectNode single = tree(utf8(OLD_REDIRECT));
    assertThat(single.get("callflow").at("/caller_profile/destination_number").asText()).isEqualTo("12025550177");
    assertThat(decodeOne(bytes(single))).isEqualTo(expectedOldRedirect());
  }

  // ---------------------------------------------------------------- duplicate keys stay errors

  @Test
  void duplicateTopLevelKeyOtherThanCallflow_isRejectedWithItsPosition() {
    String twoVariables = OLD_REDIRECT.strip().replace(",\"app_log\":", ",\"variables\":{\"uuid\":\"x\"},\"app_log\":");
    DecodeResult r = reject(twoVariables, RejectReason.MALFORMED_JSON);
    int column = twoVariables.indexOf("\"variables\":{\"uuid\":\"x\"}") + 1;
    assertThat(r.detail()).isEqualTo("freeswitch-json document: duplicate key at line 1, column " + column);

    DecodeResult core = reject(OLD_REDIRECT.strip().replace("\"app_log\":", "\"core-uuid\":\"x\",\"app_log\":"),
        RejectReason.MALFORMED_JSON);
    assertThat(core.detail()).startsWith("freeswitch-json document: duplicate key at line 1, column ");
  }

  @Test
  void duplicateKeyInsideVariables_isRejected() {
    String dup = OLD_REDIRECT.strip().replace("\"billsec\":\"227\"", "\"billsec\":\"227\",\"billsec\":\"1\"");
    DecodeResult r = reject(dup, RejectReason.MALFORMED_JSON);
    // Jackson's detector places it just after the repeated name
    int column = dup.indexOf("\"billsec\":\"1\"") + "\"billsec\"".length() + 1;
    assertThat(r.detail()).isEqualTo("freeswitch-json document: duplicate key at line 1, column " + column);
  }

  @Test
  void duplicateKeysDeeperOrInSkippedParts_areRejected() {
    String base = OLD_REDIRECT.strip();
    String[] dups = {
        // inside the second (original) callflow object's caller_profile
        base.replace("\"rdnis\":\"\",", "\"rdnis\":\"\",\"rdnis\":\"\","),
        // inside a times block of the first callflow object
        base.replace("\"transfer_time\":\"0\"}", "\"transfer_time\":\"0\",\"hangup_time\":\"0\"}"),
        // in channel_data, which the mapping skips unread
        base.replace("\"state_number\":\"11\"", "\"state_number\":\"11\",\"state\":\"CS_HANGUP\""),
        // in an array element of app_log
        base.replace("{\"app_name\":\"bridge\",\"app_data\":\"user/dan\"}]},\"callflow\"",
            "{\"app_name\":\"bridge\",\"app_data\":\"user/dan\",\"app_name\":\"hangup\"}]},\"callflow\""),
        // deep inside originatee_caller_profiles
        base.replace("\"chan_name\":\"sofia/internal/dan@198.51.100.20:5060\"",
            "\"chan_name\":\"sofia/internal/dan@198.51.100.20:5060\",\"uuid\":\"x\""),
        // "callflow" may repeat only at the top level
        base.replace("\"session_id\":\"33\",", "\"callflow\":\"a\",\"callflow\":\"b\","),
        base.replace("\"profile_index\":\"2\",", "\"profile_index\":\"2\",\"callflow\":{},\"callflow\":{},"),
    };
    for (String dup : dups) {
      assertThat(dup).isNotEqualTo(base);
      DecodeResult r = reject(dup, RejectReason.MALFORMED_JSON);
      assertThat(r.detail()).startsWith("freeswitch-json document: duplicate key at line 1, column ");
    }
  }

  @Test
  void repeatedCallflowMixingArrayAndObject_isADuplicateKey() {
    String base = OLD_REDIRECT.strip();
    String arrayThenObject = base.replaceFirst(",\"callflow\":", ",\"callflow\":[],\"callflow\":");
    assertThat(reject(arrayThenObject, RejectReason.MALFORMED_JSON).detail())
        .startsWith("freeswitch-json document: duplicate key at line 1, column ");
    String objectThenArray = base.substring(0, base.length() - 1) + ",\"callflow\":[]}";
    assertThat(reject(objectThenArray, RejectReason.MALFORMED_JSON).detail())
        .startsWith("freeswitch-json document: duplicate key at line 1, column ");
    String objectThenNull = base.substring(0, base.length() - 1) + ",\"callflow\":null}";
    assertThat(reject(objectThenNull, RejectReason.MALFORMED_JSON).detail())
        .startsWith("freeswitch-json document: duplicate key at line 1, column ");
  }

  // ---------------------------------------------------------------- current array form: transfer

  /** The example file's call, transferred to extension 4711 a minute after the answer (blind transfer). */
  private static ObjectNode transferredAfterAnswer() {
    ObjectNode doc = tree(FreeSwitchJsonDecoderTest.example());
    ObjectNode original = (ObjectNode) doc.get("callflow").get(0);
    ObjectNode newest = original.deepCopy();
    newest.put("profile_index", "2");
    ((ObjectNode) newest.get("caller_profile")).put("destination_number", "4711").put("rdnis", "12025550177");
    ((ObjectNode) newest.get("times")).put("profile_created_time", "1772373975000000");
    // the original profile was replaced after the answer: it keeps the answer, never saw the hangup
    ((ObjectNode) original.get("times")).put("hangup_time", "0").put("transfer_time", "1772373975000000");
    doc.putArray("callflow").add(newest).add(original);
    ((ObjectNode) doc.get("variables")).put("hold_accum_seconds", "40").put("hold_accum_usec", "40000000")
        .put("transfer_history", "1772373975%3Aab12%3Auuid_br%3A4711");
    return doc;
  }

  @Test
  void transferInsideAnAnsweredCall_billsBillsec_andKeepsTheDialledNumber() {
    ObjectNode doc = transferredAfterAnswer();
    Cdr c = decodeOne(bytes(doc));
    assertThat(c.called().e164()).isEqualTo("+12025550177");
    assertThat(c.billableSeconds()).isEqualTo(227); // variables.billsec; the 40 s on hold are not subtracted
    assertThat(c.durationSeconds()).isEqualTo(232);
    assertThat(c).isEqualTo(FreeSwitchJsonDecoderTest.expectedExample());

    // without epochs, duration and billsec: the times of the profiles give the same record
    ObjectNode vars = (ObjectNode) doc.get("variables");
    vars.remove(java.util.List.of("start_epoch", "answer_epoch", "end_epoch", "start_stamp", "answer_stamp",
        "end_stamp", "duration", "billsec"));
    assertThat(decodeOne(bytes(doc))).isEqualTo(FreeSwitchJsonDecoderTest.expectedExample());
  }

  @Test
  void answerAfterATransfer_comesFromTheNewestProfile() {
    // park, then transfer, then answer: only the newest profile has an answered_time
    ObjectNode doc = transferredAfterAnswer();
    ((ObjectNode) doc.get("callflow").get(1).get("times")).put("answered_time", "0");
    ((ObjectNode) doc.get("variables")).remove(java.util.List.of("answer_epoch", "answer_stamp", "billsec"));
    Cdr c = decodeOne(bytes(doc));
    assertThat(c.answer()).isEqualTo(Instant.parse("2026-03-01T14:05:15Z"));
    assertThat(c.billableSeconds()).isEqualTo(227);
    assertThat(c.disposition()).isEqualTo(Disposition.ANSWERED);
  }

  @Test
  void nonObjectArrayEntry_isInvalidNamingItsIndex() {
    ObjectNode doc = transferredAfterAnswer();
    ((ArrayNode) doc.get("callflow")).add("x");
    DecodeResult r = decoder.decode(bytes(doc), ny);
    assertThat(r.reason()).isEqualTo(RejectReason.INVALID_FIELD);
    assertThat(r.detail()).isEqualTo("freeswitch-json callflow[2]: not an object");
  }

  // ---------------------------------------------------------------- top-level times; missing end

  /** A writer that puts {@code times} at the top level (no callflow); the call was not hung up yet. */
  static final String TOP_LEVEL_TIMES = """
      {"core-uuid":"feef0b51-7fdf-4c4a-878e-aff233752de2","channel_data":{"state":"CS_REPORTING",\
      "direction":"inbound","state_number":"11"},"variables":{"direction":"inbound",\
      "uuid":"86cfd6e2-dbda-45a3-b59d-f683ec368e8b","session_id":"5","accountcode":"1001",\
      "effective_caller_id_number":"4986517174963"},"times":{"created_time":"1772373910000000",\
      "profile_created_time":"1772373910000000","progress_time":"0","progress_media_time":"0","answered_time":"0",\
      "hangup_time":"0","resurrect_time":"0","transfer_time":"1772373910100000"}}
      """;

  @Test
  void missingEnd_withATopLevelTimesBlock_namesTheEnd() {
    DecodeResult r = reject(TOP_LEVEL_TIMES, RejectReason.MISSING_FIELD);
    assertThat(r.detail()).isEqualTo("freeswitch-json end time: missing (variables.end_epoch,"
        + " callflow[0].times.hangup_time, times.hangup_time, variables.end_stamp)");

    // with a hangup time the top-level block gives the times
    Cdr c = decodeOne(utf8(TOP_LEVEL_TIMES.replace("\"hangup_time\":\"0\"", "\"hangup_time\":\"1772373940500000\"")));
    assertThat(c.start()).isEqualTo(Instant.parse("2026-03-01T14:05:10Z"));
    assertThat(c.answer()).isNull();
    assertThat(c.end()).isEqualTo(Instant.parse("2026-03-01T14:05:40.500Z"));
    assertThat(c.durationSeconds()).isEqualTo(31);
    assertThat(c.billableSeconds()).isZero();
    assertThat(c.account()).isEqualTo("1001");
  }

  @Test
  void missingEnd_withCallflowTimes_namesTheEnd_andMissingBothNamesBoth() {
    String noEnd = OLD_REDIRECT.replace("\"end_epoch\":\"1772374142\",", "")
        .replaceAll("\"end_stamp\":\"[^\"]*\",", "")
        .replace("\"hangup_time\":\"1772374142000000\"", "\"hangup_time\":\"0\"");
    assertThat(reject(noEnd, RejectReason.MISSING_FIELD).detail()).isEqualTo("freeswitch-json end time: missing"
        + " (variables.end_epoch, callflow[0].times.hangup_time, times.hangup_time, variables.end_stamp)");

    String neither = noEnd.replace("\"start_epoch\":\"1772373910\",", "")
        .replaceAll("\"start_stamp\":\"[^\"]*\",", "")
        .replace("\"created_time\":\"1772373910000000\"", "\"created_time\":\"0\"");
    assertThat(reject(neither, RejectReason.MISSING_FIELD).detail()).isEqualTo("freeswitch-json start time: missing"
        + " (variables.start_epoch, callflow[1].times.created_time, times.created_time, variables.start_stamp);"
        + " end time: missing (variables.end_epoch, callflow[0].times.hangup_time, times.hangup_time,"
        + " variables.end_stamp)");
  }
}
