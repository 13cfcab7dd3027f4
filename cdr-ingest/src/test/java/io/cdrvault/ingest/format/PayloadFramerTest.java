package io.cdrvault.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadFramerTest {
  private static List<PayloadFramer.Framed> frame(String s, Framing f) {
    return PayloadFramer.frame(s.getBytes(StandardCharsets.UTF_8), f);
  }

  private static String text(PayloadFramer.Framed f) {
    return new String(f.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void lines_dropCrLfAndBlankLines_andKeepTheirLineNumbers() {
    List<PayloadFramer.Framed> out = frame("a,b\r\n\r\n  \nc,d\ne,f", Framing.LINES);

    assertThat(out).extracting(PayloadFramerTest::text).containsExactly("a,b", "c,d", "e,f");
    assertThat(out).extracting(PayloadFramer.Framed::line).containsExactly(1, 4, 5);
    assertThat(out).extracting(PayloadFramer.Framed::index).containsExactly(1, 2, 3);
    assertThat(out.get(1).position(Framing.LINES)).isEqualTo("line 4");
  }

  @Test
  void jsonValues_cutAPrettyPrintedDocumentAsOnePayload() throws Exception {
    String doc = "{\n \"core-uuid\": \"x\",\n \"variables\": {\n  \"uuid\": \"y\"\n },\n \"callflow\": [ {\"a\": 1} ]\n}\n"
        + "\n{\n \"second\": true\n}\n";

    List<PayloadFramer.Framed> out = frame(doc, Framing.JSON_VALUES);

    assertThat(out).hasSize(2);
    assertThat(new ObjectMapper().readTree(out.get(0).payload()).at("/variables/uuid").asText()).isEqualTo("y");
    assertThat(new ObjectMapper().readTree(out.get(1).payload()).get("second").asBoolean()).isTrue();
    assertThat(out).extracting(PayloadFramer.Framed::line).containsExactly(1, 9);
    assertThat(out.get(1).position(Framing.JSON_VALUES)).isEqualTo("value 2 (line 9)");
  }

  @Test
  void jsonValues_acceptNdjson() {
    List<PayloadFramer.Framed> out = frame("{\"a\":1}\r\n{\"a\":2}\n\n{\"a\":3}", Framing.JSON_VALUES);

    assertThat(out).extracting(PayloadFramerTest::text).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
    assertThat(out).extracting(PayloadFramer.Framed::line).containsExactly(1, 2, 4);
  }

  @Test
  void jsonValues_brokenJson_isOneBadPayloadAtItsLine_andTheRestIsStillRead() {
    String file = "{\"a\":1}\n{\"b\": [1, 2\n  \"c\": }\n{\"d\":4}\n";

    List<PayloadFramer.Framed> out = frame(file, Framing.JSON_VALUES);

    assertThat(out).hasSize(3);
    assertThat(out.get(1).line()).isEqualTo(2);
    assertThat(text(out.get(1))).isEqualTo("{\"b\": [1, 2\n  \"c\": }");
    assertThat(text(out.get(2))).isEqualTo("{\"d\":4}");
    assertThat(out.get(2).line()).isEqualTo(4);
  }

  @Test
  void jsonValues_aFormEncodedBodyLine_isOnePayload() {
    List<PayloadFramer.Framed> out = frame("cdr=%7B%22a%22%3A1%7D\n{\"b\":2}", Framing.JSON_VALUES);

    assertThat(out).extracting(PayloadFramerTest::text).containsExactly("cdr=%7B%22a%22%3A1%7D", "{\"b\":2}");
  }
}
