package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LegalShowCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void terminalSafe_escapesWhatJacksonLeavesRaw_andKeepsTheSameJson() throws Exception {
    String caseNumber = "GJ\u009b2J\u007f\u202e-1\u2028x\u200b Köln 😀";
    String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
        JSON.createObjectNode().put("caseNumber", caseNumber).put("issuingAuthority", "a\u001bb\nc"));

    String safe = LegalShowCommand.terminalSafe(pretty);

    assertThat(safe.chars().filter(c -> Character.getType(c) == Character.CONTROL && c != '\n'
        || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR))
        .isEmpty();
    assertThat(safe).contains("Köln 😀").contains("\\u202e").contains("\\u009b");
    JsonNode back = JSON.readTree(safe);
    assertThat(back.get("caseNumber").asText()).isEqualTo(caseNumber);
    assertThat(back.get("issuingAuthority").asText()).isEqualTo("a\u001bb\nc");
    assertThat(safe.lines()).hasSameSizeAs(pretty.lines().toList());
  }
}
