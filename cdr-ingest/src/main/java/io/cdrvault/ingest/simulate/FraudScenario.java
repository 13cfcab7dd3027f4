package io.cdrvault.ingest.simulate;

import java.util.Locale;

/**
 * Fraud patterns the simulator can inject as bursts of otherwise normal records (they are stored
 * and counted like any other record; they exist so fraud queries have something to find).
 */
public enum FraudScenario {
  /**
   * International revenue share fraud: a burst of long answered calls from one compromised
   * customer to premium international ranges (+881 / +882 satellite and networks, and a few
   * high-cost country ranges), concentrated in a few night hours.
   */
  IRSF,
  /**
   * Wangiri ("one ring and cut"): a wave of 1–3 s unanswered inbound calls from one foreign number
   * to many customers, hoping for call-backs to a premium number.
   */
  WANGIRI;

  /** The lowercase name used on the command line ({@code irsf}, {@code wangiri}). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a command-line name (case-insensitive). */
  public static FraudScenario parse(String name) {
    for (FraudScenario f : values()) {
      if (f.name().equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown fraud scenario (known: irsf, wangiri)");
  }
}
