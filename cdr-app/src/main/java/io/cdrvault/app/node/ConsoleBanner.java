package io.cdrvault.app.node;

import java.io.PrintStream;
import java.util.Map;

/**
 * The demo banner's lines about the console (docs/console.md): its URL and which demo token to
 * sign in with for each role it serves, or that it is switched off. Stateless.
 */
final class ConsoleBanner {
  private ConsoleBanner() {}

  /**
   * Prints the console lines for the API at {@code apiUrl} with the demo's {@code tokens} (or, when
   * not {@code enabled}, that the console is off), with a blank line before and after.
   */
  static void print(PrintStream out, String apiUrl, String caFile, Map<String, String> tokens,
      boolean enabled) {
    out.println();
    if (!enabled) {
      out.println("Console: off (--no-console; query.console.enabled: false): " + apiUrl
          + "/console/ answers 404");
      out.println();
      return;
    }
    out.println("Console (browser, for the legal team, the compliance officer and customer care): "
        + apiUrl + "/console/");
    out.println("  the browser must trust the demo CA " + caFile + " (import it as an authority)");
    out.println("  sign in with a demo token above:");
    out.println("    legal team        legal-a registers served process and exports: " + tokens.get("legal-a"));
    out.println("                      legal-b approves (two-person rule):            " + tokens.get("legal-b"));
    out.println("    customer care     care-agent, with the customer's assertion below: " + tokens.get("care-agent"));
    out.println("    compliance officer  audit trail, breaches, complaints, certification: "
        + tokens.get("compliance"));
    out.println();
  }
}
