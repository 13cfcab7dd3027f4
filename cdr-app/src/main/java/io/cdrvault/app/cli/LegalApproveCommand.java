package io.cdrvault.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code cdrvault legal approve ID}: approves a registered request as the second person (the
 * token's principal must not be the one who registered it). Prints {@code ID APPROVED}. Exit 0,
 * or 2 with the API's rule ({@code two-person-rule}, {@code legal-request-not-pending}, ...).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Approve a registered legal request (two-person rule).")
final class LegalApproveCommand extends LegalIdCommand {
  @Override
  public Integer call() {
    return transition("/approval");
  }
}
