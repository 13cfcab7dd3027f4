package io.cdrvault.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code cdrvault legal revoke ID}: revokes a registered or approved request. Prints
 * {@code ID REVOKED}. Exit 0,
 * or 2 with the API's rule ({@code legal-request-revoked}, {@code legal-request-unknown}, ...).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Revoke a legal request; it can never be used again.")
final class LegalRevokeCommand extends LegalIdCommand {
  @Override
  public Integer call() {
    return transition("/revocation");
  }
}
