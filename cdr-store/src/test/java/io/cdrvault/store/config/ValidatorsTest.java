package io.cdrvault.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  @Test
  void range_between_isInclusive_andDocumentsItself() {
    Range r = Range.between(1, 100_000);

    assertThat(r).hasToString("1..100000");
    assertThat(r.test(1)).isTrue();
    assertThat(r.test(100_000)).isTrue();
    assertThat(r.test(0)).isFalse();
    assertThat(r.test(100_001)).isFalse();
    assertThat(r.test(100_001L)).isFalse();
  }

  @Test
  void range_atLeast_hasNoUpperBound_andDocumentsItself() {
    Range r = Range.atLeast(1024);

    assertThat(r).hasToString("at least 1024");
    assertThat(r.test(1023)).isFalse();
    assertThat(r.test(Long.MAX_VALUE)).isTrue();
  }

  @Test
  void range_thatIsEmpty_isRefused() {
    assertThatThrownBy(() -> Range.between(2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validString_acceptsOnlyItsChoices_caseSensitively_andListsThem() {
    assertThat(ValidString.in("PKCS12", "BCFKS")).hasToString("PKCS12 or BCFKS");
    assertThat(ValidString.in("a", "b", "c")).hasToString("a, b or c");
    assertThat(ValidString.in("only")).hasToString("only");
    assertThat(ValidString.in("PKCS12", "BCFKS").test("BCFKS")).isTrue();
    assertThat(ValidString.in("PKCS12", "BCFKS").test("pkcs12")).isFalse();
    assertThat(ValidString.in("PKCS12", "BCFKS").test("JKS")).isFalse();
  }

  @Test
  void stringValidators_checkAndDescribeWhatTheyAccept() {
    Validator<String> topic = Validators.nonBlank("a topic name");
    assertThat(topic).hasToString("a topic name");
    assertThat(topic.test("cdr.raw")).isTrue();
    assertThat(topic.test("  ")).isFalse();

    Validator<String> env =
        Validators.matching("[A-Za-z_][A-Za-z0-9_]*", "an environment variable name");
    assertThat(env.test("CDRVAULT_KEYSTORE_PASSWORD")).isTrue();
    assertThat(env.test("A B")).isFalse();
    assertThat(env.test("1A")).as("the whole string must match").isFalse();

    assertThat(Validators.zoneId()).hasToString("a time-zone id");
    assertThat(Validators.zoneId().test("Europe/Amsterdam")).isTrue();
    assertThat(Validators.zoneId().test("Mars/Base")).isFalse();
    assertThat(Validators.zoneId().test("")).isFalse();
  }

  @Test
  void pathAndDurationValidators_checkAndDescribeWhatTheyAccept() {
    assertThat(Validators.nonEmptyPath()).hasToString("a non-empty path");
    assertThat(Validators.nonEmptyPath().test(Path.of("data"))).isTrue();
    assertThat(Validators.nonEmptyPath().test(Path.of(""))).isFalse();

    assertThat(Validators.positive()).hasToString("a positive duration");
    assertThat(Validators.positive().test(Duration.ofMillis(1))).isTrue();
    assertThat(Validators.positive().test(Duration.ZERO)).isFalse();
    assertThat(Validators.nonNegative()).hasToString("a non-negative duration");
    assertThat(Validators.nonNegative().test(Duration.ZERO)).isTrue();
    assertThat(Validators.nonNegative().test(Duration.ofMillis(-1))).isFalse();
  }

  @Test
  void requireValid_namesTheValueAndWhatIsAccepted_withoutTheValue() {
    assertThat(Range.between(0, 65535).requireValid("port", 8080)).isEqualTo(8080);
    assertThatThrownBy(() -> Range.between(0, 65535).requireValid("port", 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 0..65535");
    assertThatThrownBy(() -> Validators.nonBlank("a name").requireValid("name", null))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
  }

  @Test
  void any_acceptsEverything_andDocumentsNothing() {
    assertThat(Validator.<String>any().test("")).isTrue();
    assertThat(Validator.any()).hasToString("");
  }
}
