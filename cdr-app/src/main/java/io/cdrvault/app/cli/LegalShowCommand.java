package io.cdrvault.app.cli;

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
            terminalSafe(LegalCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot print the request", e);
      }
      return 0;
    });
  }

  /**
   * {@code json} with every character that could act on a terminal or forge a line written as a
   * JSON {@code \\uXXXX} escape: the same JSON value, printable. Jackson escapes only U+0000..U+001F
   * inside strings; this also covers DEL and C1 controls, format characters (bidirectional
   * overrides, zero-width) and line separators, as a request stored before those were refused may
   * hold them. Raw line breaks are the pretty printer's and stay.
   */
  static String terminalSafe(String json) {
    StringBuilder b = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean structural = c == '\n' || c == '\r';
      boolean paired = Character.isHighSurrogate(c) && i + 1 < json.length()
          && Character.isLowSurrogate(json.charAt(i + 1));
      if (paired) {
        int cp = json.codePointAt(i);
        if (unsafe(Character.getType(cp))) {
          b.append(String.format("\\u%04x\\u%04x", (int) c, (int) json.charAt(i + 1)));
        } else {
          b.append(c).append(json.charAt(i + 1));
        }
        i++;
      } else if (!structural && unsafe(Character.getType(c))) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean unsafe(int type) {
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
  }
}
