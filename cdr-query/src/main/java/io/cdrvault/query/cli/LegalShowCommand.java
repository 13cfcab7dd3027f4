package io.cdrvault.query.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import picocli.CommandLine.Command;

/**
 * {@code cdrvault legal show ID}: prints a legal request (state, targets, window, who registered
 * and approved it) as indented JSON. Exit 0, or 2 on a usage or HTTP error.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show a legal request and its state.")
final class LegalShowCommand extends LegalIdCommand {
  @Override
  public Integer call() {
    return parent.call(api, spec.commandLine().getErr(), client -> {
      JsonNode r = client.json(client.request(LegalCommand.requestPath(id, ""), id).GET().build());
      try {
        spec.commandLine().getOut().println(
            LegalCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
      } catch (IOException e) {
        throw new IllegalStateException("cannot print the request", e);
      }
      return 0;
    });
  }
}
