package io.cdrvault.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What the {@code legal} subcommands that act on one request share: the API options, the request
 * id, and (for approve / revoke) the state transition that prints {@code ID STATE}.
 *
 * <p>Not thread-safe (one instance per command line).
 */
abstract class LegalIdCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  LegalCommand parent;

  @Mixin
  LegalCommand.ApiOptions api;

  @Parameters(index = "0", paramLabel = "ID", description = "The request id (LR-...).")
  String id;

  /** POSTs to the request's {@code suffix} (e.g. {@code /approval}) and prints {@code ID STATE}. */
  final Integer transition(String suffix) {
    return parent.call(api, spec.commandLine().getErr(), client -> {
      JsonNode r = client.json(client.request(LegalCommand.requestPath(id, suffix), id)
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      spec.commandLine().getOut().println(r.path("id").asText() + " " + r.path("state").asText());
      return 0;
    });
  }
}
