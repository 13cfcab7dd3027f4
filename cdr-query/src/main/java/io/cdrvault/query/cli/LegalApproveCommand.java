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
 * {@code cdrvault legal approve ID}: approves a registered request as the second person (the
 * token's principal must not be the one who registered it). Prints {@code ID APPROVED}. Exit 0,
 * or 2 with the API's rule ({@code two-person-rule}, {@code legal-request-not-pending}, ...).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Approve a registered legal request (two-person rule).")
final class LegalApproveCommand implements Callable<Integer> {
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
      JsonNode r = client.json(client.request(LegalCommand.requestPath(id, "/approval"), id)
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      spec.commandLine().getOut().println(r.path("id").asText() + " " + r.path("state").asText());
      return 0;
    });
  }
}
