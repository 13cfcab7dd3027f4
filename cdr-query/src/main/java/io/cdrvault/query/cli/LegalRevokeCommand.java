package io.cdrvault.query.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault legal revoke ID}: revokes a registered or approved request. Prints
 * {@code ID REVOKED}. Exit 0,
 * or 2 with the API's rule ({@code legal-request-revoked}, {@code legal-request-unknown}, ...).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Revoke a legal request; it can never be used again.")
final class LegalRevokeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  LegalCommand parent;

  @Mixin
  LegalCommand.ApiOptions api;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id (LR-...).")
  String id;

  @Override
  public Integer call() {
    return parent.call(api, spec.commandLine().getErr(), client -> {
      JsonNode r = client.json(client.request(LegalCommand.requestPath(id, "/revocation"), id)
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      spec.commandLine().getOut().println(r.path("id").asText() + " " + r.path("state").asText());
      return 0;
    });
  }
}
