package io.cdrvault.query.cli;

/** Entry point of the {@code cdrvault} command (placeholder until the CLI lands). */
public final class CdrVaultCli {
  private CdrVaultCli() {}

  public static void main(String[] args) {
    System.out.println("cdrvault");
  }
}
