package io.cdrvault.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo banner names the console and its sign-in, or says it is off. */
class ConsoleBannerTest {
  private static final Map<String, String> TOKENS = Map.of("legal-a", "tok-la", "legal-b", "tok-lb",
      "care-agent", "tok-care", "compliance", "tok-officer");

  @Test
  void on_namesTheUrlAndTheTokensToSignInWith() {
    String out = print(true);
    assertThat(out).contains("https://127.0.0.1:8443/console/").contains("tok-la")
        .contains("tok-lb").contains("customer care").contains("tok-care")
        .contains("compliance officer").contains("tok-officer");
  }

  @Test
  void off_saysSo_andOffersNoSignIn() {
    String out = print(false);
    assertThat(out).contains("Console: off").contains("query.console.enabled: false")
        .contains("/console/ answers 404").doesNotContain("tok-la").doesNotContain("sign in");
  }

  private static String print(boolean enabled) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ConsoleBanner.print(new PrintStream(b, true, StandardCharsets.UTF_8), "https://127.0.0.1:8443",
        "data/tls/ca.pem", TOKENS, enabled);
    return b.toString(StandardCharsets.UTF_8);
  }
}
