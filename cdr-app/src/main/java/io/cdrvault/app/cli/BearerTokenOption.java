package io.cdrvault.app.cli;

import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.SecretSource;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where an API client command finds its bearer token: the environment variable
 * {@value #TOKEN_ENV}, or the file {@code --token-file} (a mounted secret). Never a flag holding the
 * token itself: flags end up in shell history and process lists.
 */
final class BearerTokenOption {
  static final String TOKEN_ENV = "CDRVAULT_TOKEN";

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Read the bearer token from FILE (e.g. a mounted secret) instead of the "
          + "environment variable " + TOKEN_ENV + ".")
  Path tokenFile;

  /**
   * The token, stripped.
   *
   * @return null with {@code problem} set when it is unset, empty or unreadable
   */
  Resolved resolve(Function<String, String> env) {
    if (tokenFile != null) {
      try {
        char[] t = SecretSource.file("--token-file", tokenFile).read(java.util.Map.of(),
            "a bearer token");
        String token = new String(t).strip();
        java.util.Arrays.fill(t, '\0');
        return token.isEmpty() ? new Resolved(null, "--token-file " + tokenFile + " holds only "
            + "white space; it must hold a bearer token") : new Resolved(token, null);
      } catch (ConfigException e) {
        return new Resolved(null, String.join("; ", e.problems()));
      }
    }
    String t = env.apply(TOKEN_ENV);
    if (t == null || t.isBlank()) {
      return new Resolved(null, "set the environment variable " + TOKEN_ENV
          + " to your bearer token, or name a file holding it with --token-file");
    }
    return new Resolved(t.strip(), null);
  }

  /** A token, or why there is none. */
  record Resolved(String token, String problem) {}
}
