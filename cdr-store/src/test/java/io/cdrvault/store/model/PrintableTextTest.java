package io.cdrvault.store.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrintableTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"2703(f) 24-7", "GJ-1 / Grand Jury, S.D.N.Y.", "Köln 12 KLs 3/24 § 100a",
      "東京地裁 令和6年(わ)第12号", "ref 😀 ok"})
  void printableText_isAccepted(String s) {
    assertThat(PrintableText.isPrintable(s)).isTrue();
    assertThat(PrintableText.require(s, "reference", 200)).isEqualTo(s);
    assertThat(PrintableText.escape(s)).isEqualTo(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ref\u001b[2Jcleared", "ref\nLH-0000000000000000 RELEASED", "ref\rover",
      "ref\u0007bell", "ref\u007fdel", "ref\u009bcsi", "ref\u202egnp.exe", "ref\u2028line",
      "ref\u200bzero-width", "ref\ud800lone"})
  void controlFormatAndSeparatorCharacters_areRefused_atTheirIndex_withoutTheValue(String s) {
    assertThat(PrintableText.isPrintable(s)).isFalse();
    assertThat(PrintableText.firstUnprintable(s)).isEqualTo(3);
    assertThatThrownBy(() -> PrintableText.require(s, "reference", 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reference has a control or other unprintable character at index 3 (printable text only)");
  }

  @Test
  void escape_writesUnprintableCharactersAsUnicodeEscapes_onOneLine() {
    String escaped = PrintableText.escape("a\u001b[31mb\nc\\d\u202e");
    assertThat(escaped).isEqualTo("a\\u001b[31mb\\u000ac\\\\d\\u202e");
    assertThat(PrintableText.isPrintable(escaped)).isTrue();
    assertThat(PrintableText.escape("x\udb40\udc01y")).isEqualTo("x\\udb40\\udc01y"); // a format char beyond the BMP
  }

  @Test
  void require_refusesBlankAndTooLong() {
    assertThatThrownBy(() -> PrintableText.require(" ", "reference", 5)).hasMessageContaining("1..5");
    assertThatThrownBy(() -> PrintableText.require("123456", "reference", 5)).hasMessageContaining("1..5");
    assertThatThrownBy(() -> PrintableText.require(null, "reference", 5)).hasMessageContaining("1..5");
  }
}
