package io.cdrvault.query.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CertificationCsvTest {
  @Test
  void cell_quotesSeparators_andDefusesFormulas() {
    assertThat(CertificationCsv.cell("role-lacks-purpose")).isEqualTo("role-lacks-purpose");
    assertThat(CertificationCsv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CertificationCsv.cell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(CertificationCsv.cell("=HYPERLINK(\"http://x\")")).startsWith("\"'=HYPERLINK");
    assertThat(CertificationCsv.cell("-1")).isEqualTo("'-1");
    assertThat(CertificationCsv.cell("")).isEmpty();
  }
}
