package io.cdrvault.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import org.junit.jupiter.api.Test;

class NumberNormalizerTest {
  private final NumberNormalizer us = NumberNormalizer.forRegion("US");
  private final NumberNormalizer nl = NumberNormalizer.forRegion("NL");

  private static void assertE164(PhoneNumber p, String raw, String e164) {
    assertThat(p).isEqualTo(PhoneNumber.e164(raw, e164));
  }

  @Test
  void plusInternational_isE164() {
    assertE164(us.normalize("+12015550123"), "+12015550123", "+12015550123");
    assertE164(us.normalize("+44 7400 123456"), "+44 7400 123456", "+447400123456");
  }

  @Test
  void national_withAndWithoutTrunkPrefix_usesDefaultRegion() {
    assertE164(us.normalize("2015550123"), "2015550123", "+12015550123");
    assertE164(us.normalize("12015550123"), "12015550123", "+12015550123");
    assertE164(us.normalize("(201) 555-0123"), "(201) 555-0123", "+12015550123");
    assertE164(nl.normalize("0201234567"), "0201234567", "+31201234567");
  }

  @Test
  void internationalPrefixes_areStripped() {
    assertE164(us.normalize("011447400123456"), "011447400123456", "+447400123456");
    assertE164(us.normalize("00447400123456"), "00447400123456", "+447400123456");
    assertE164(nl.normalize("0012015550123"), "0012015550123", "+12015550123");
  }

  @Test
  void bareInternationalDigits_areE164WhenNotNational() {
    assertE164(us.normalize("447400123456"), "447400123456", "+447400123456");
  }

  @Test
  void sipUriAndCallerId_areUnwrapped_keepingRaw() {
    assertE164(us.normalize("sip:2015550123@10.0.0.5"), "sip:2015550123@10.0.0.5", "+12015550123");
    assertE164(us.normalize("\"Bob\" <sip:+12015550123@pbx;user=phone>"),
        "\"Bob\" <sip:+12015550123@pbx;user=phone>", "+12015550123");
    assertThat(us.normalize("1002@10.0.0.5")).isEqualTo(PhoneNumber.other("1002@10.0.0.5", NumberKind.EXTENSION));
    assertThat(us.normalize("\"Alice\" <1001>")).isEqualTo(PhoneNumber.other("\"Alice\" <1001>", NumberKind.EXTENSION));
    assertThat(us.normalize("*97")).as("PBX feature code").isEqualTo(PhoneNumber.other("*97", NumberKind.EXTENSION));
  }

  @Test
  void anonymousAndEmpty_areMarked() {
    assertThat(us.normalize("anonymous")).isEqualTo(PhoneNumber.other("anonymous", NumberKind.ANONYMOUS));
    assertThat(us.normalize("\"Anonymous\" <anonymous@anonymous.invalid>").kind()).isEqualTo(NumberKind.ANONYMOUS);
    assertThat(us.normalize("")).isEqualTo(PhoneNumber.EMPTY);
    assertThat(us.normalize(null)).isEqualTo(PhoneNumber.EMPTY);
    assertThat(us.normalize("  ")).isEqualTo(PhoneNumber.other("  ", NumberKind.EMPTY));
  }

  @Test
  void shortCodes_alphanumeric_andUnknown() {
    assertThat(us.normalize("911")).isEqualTo(PhoneNumber.other("911", NumberKind.SHORT_CODE));
    assertThat(nl.normalize("112")).isEqualTo(PhoneNumber.other("112", NumberKind.SHORT_CODE));
    assertThat(us.normalize("ACMEBANK")).isEqualTo(PhoneNumber.other("ACMEBANK", NumberKind.ALPHANUMERIC));
    assertThat(us.normalize("+1999")).isEqualTo(PhoneNumber.other("+1999", NumberKind.UNKNOWN));
    assertThat(us.normalize("0000000000")).isEqualTo(PhoneNumber.other("0000000000", NumberKind.UNKNOWN));
  }

  @Test
  void sipUserNames_areExtensions_bareLettersStaySenderIds() {
    assertThat(us.normalize("sip:alice@pbx.example.com"))
        .isEqualTo(PhoneNumber.other("sip:alice@pbx.example.com", NumberKind.EXTENSION));
    assertThat(nl.normalize("alice@pbx.example.com"))
        .isEqualTo(PhoneNumber.other("alice@pbx.example.com", NumberKind.EXTENSION));
    assertThat(nl.normalize("\"Alice\" <sip:alice@pbx.example.com>").kind()).isEqualTo(NumberKind.EXTENSION);
    assertThat(nl.normalize("alice")).isEqualTo(PhoneNumber.other("alice", NumberKind.ALPHANUMERIC));
    assertThat(nl.normalizeSipUser("alice")).isEqualTo(PhoneNumber.other("alice", NumberKind.EXTENSION));
    assertThat(nl.normalizeSipUser("1001")).isEqualTo(PhoneNumber.other("1001", NumberKind.EXTENSION));
    assertThat(nl.normalizeSipUser("anonymous")).isEqualTo(PhoneNumber.other("anonymous", NumberKind.ANONYMOUS));
    assertE164(nl.normalizeSipUser("0031201234567"), "0031201234567", "+31201234567");
    assertThat(nl.normalizeSipUser(null)).isEqualTo(PhoneNumber.EMPTY);
  }

  @Test
  void telUri_isNotASipAddress_andTrunkPrefixInParentheses_isDropped() {
    assertE164(nl.normalize("tel:+31201234567"), "tel:+31201234567", "+31201234567");
    assertE164(nl.normalize("+31 (0)20 123 4567"), "+31 (0)20 123 4567", "+31201234567");
    assertE164(us.normalize("sip:0031201234567@gw.example.net"), "sip:0031201234567@gw.example.net",
        "+31201234567");
  }

  @Test
  void countryCodeWithout00OrPlus_andTheOtherRegionsPrefix() {
    assertE164(nl.normalize("31201234567"), "31201234567", "+31201234567");
    assertE164(nl.normalize("0031201234567"), "0031201234567", "+31201234567");
    assertE164(us.normalize("0031201234567"), "0031201234567", "+31201234567");
    assertE164(us.normalize("01131201234567"), "01131201234567", "+31201234567");
    // 011 is not the Netherlands' international prefix; an NL national number needs its 0
    assertThat(nl.normalize("011447400123456")).isEqualTo(PhoneNumber.other("011447400123456", NumberKind.UNKNOWN));
    assertThat(nl.normalize("2025550143")).isEqualTo(PhoneNumber.other("2025550143", NumberKind.UNKNOWN));
    assertThat(us.normalize("1234567")).as("7 digits: too long for an extension, not a number")
        .isEqualTo(PhoneNumber.other("1234567", NumberKind.UNKNOWN));
  }

  @Test
  void unknownRegion_isRejected() {
    assertThatThrownBy(() -> NumberNormalizer.forRegion("XX")).isInstanceOf(IllegalArgumentException.class);
  }
}
