package io.cdrvault.store.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.crypto.HmacCustomerTagger;
import io.cdrvault.store.crypto.Keyring;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTextTest {
  @TempDir
  Path dir;

  private HmacCustomerTagger tagger() {
    return HmacCustomerTagger.create(Keyring.create(dir.resolve("ks.p12"), "PKCS12", "pw".toCharArray()));
  }

  @Test
  void purpose_isItsNameOrUnknown_neverTheText() {
    assertThat(AuditText.purpose(" FRAUD ")).isEqualTo("FRAUD");
    assertThat(AuditText.purpose("+15551234567")).isEqualTo("UNKNOWN");
    assertThat(AuditText.purpose("C-1001")).isEqualTo("UNKNOWN");
    assertThat(AuditText.purpose("fraud")).isEqualTo("UNKNOWN");
    assertThat(AuditText.purpose(null)).isNull();
    assertThat(AuditText.purpose(" ")).isNull();
  }

  @Test
  void caseReference_keepsIssuedIds_andTagsAnythingElse() {
    HmacCustomerTagger t = tagger();
    assertThat(AuditText.caseRef(Optional.of("LR-0123456789abcdef"), t)).isEqualTo("LR-0123456789abcdef");
    assertThat(AuditText.caseRef(Optional.of("LH-0123456789abcdef"), t)).isEqualTo("LH-0123456789abcdef");
    assertThat(AuditText.caseRef(Optional.of("BR-0123456789abcdef"), t)).isEqualTo("BR-0123456789abcdef");
    assertThat(AuditText.caseRef(Optional.of("CP-0123456789abcdef"), t)).isEqualTo("CP-0123456789abcdef");
    assertThat(AuditText.caseRef(Optional.of("BR-customer C-1001"), t)).matches("case~[0-9a-f]{32}");
    String tagged = AuditText.caseRef(Optional.of("+15551234567"), t);
    assertThat(tagged).matches("case~[0-9a-f]{32}").doesNotContain("5551234567")
        .isEqualTo(AuditText.caseRef(Optional.of("+15551234567"), t))
        .isNotEqualTo(AuditText.caseRef(Optional.of("+15551234568"), t));
    assertThat(AuditText.caseRef(Optional.empty(), t)).isNull();
  }

  @Test
  void prefix_upToTheBlindIndexLength_isKept_longerIsTagged() {
    HmacCustomerTagger t = tagger();
    assertThat(AuditText.prefix("+4", t)).isEqualTo("+4");
    assertThat(AuditText.prefix("+881", t)).isEqualTo("+881");
    assertThat(AuditText.prefix("+15551234567", t)).matches("\\+155~[0-9a-f]{32}")
        .doesNotContain("5551234567");
    assertThat(AuditText.prefix("+15551", t)).isNotEqualTo(AuditText.prefix("+15552", t));
  }
}
