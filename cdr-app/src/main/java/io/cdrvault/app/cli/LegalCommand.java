package io.cdrvault.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cdrvault legal ...}: the legal-process workflow over the HTTP API (register, approve,
 * revoke, show, export). The bearer token is read from the environment variable
 * {@value #TOKEN_ENV} or the file {@code --token-file}, never from a flag (flags end up in shell history and process lists).
 *
 * <p>Exit codes of the subcommands: 0 success, 1 a downloaded export failed verification, 2 usage
 * error or an HTTP error (printed with the API's rule).
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "legal", mixinStandardHelpOptions = true,
    description = "Legal process: register, approve, revoke, show and export legal requests.",
    subcommands = {LegalRequestCommand.class, LegalApproveCommand.class, LegalRevokeCommand.class,
        LegalShowCommand.class, LegalExportCommand.class})
public final class LegalCommand implements Runnable {
  /** Environment variable holding the caller's bearer token. */
  public static final String TOKEN_ENV = BearerTokenOption.TOKEN_ENV;
  static final String PURPOSE = "LEGAL_PROCESS";
  static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final Function<String, String> env;

  /** Reads the token from the process environment. */
  public LegalCommand() {
    this(System::getenv);
  }

  /** Reads the token through {@code env} (tests). */
  public LegalCommand(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (request, approve, revoke, show, export)");
  }

  /** Options shared by the subcommands: where the API is. */
  static final class ApiOptions {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
        description = "Base URL of the cdrvault HTTP API (default: ${DEFAULT-VALUE}). The bearer "
            + "token is read from the environment variable " + TOKEN_ENV + " or --token-file.")
    String url;

    @CommandLine.Mixin
    BearerTokenOption token = new BearerTokenOption();

    @Option(names = "--cacert", paramLabel = "FILE",
        description = "PEM CA certificates to trust for an https:// URL instead of the JDK's (the "
            + "demo's data/tls/ca.pem).")
    java.nio.file.Path cacert;
  }

  /** A failure to report: message for stderr and the exit code. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    Failure(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  /** Talks to the API for one subcommand. */
  final class Api {
    private final String base;
    private final String token;
    private final HttpClient http;

    Api(ApiOptions options) throws Failure {
      BearerTokenOption.Resolved t = options.token.resolve(env);
      if (t.token() == null) {
        throw new Failure(CdrVaultCli.USAGE_ERROR, t.problem());
      }
      this.token = t.token();
      String u = options.url.strip();
      while (u.endsWith("/")) {
        u = u.substring(0, u.length() - 1);
      }
      try {
        URI uri = URI.create(u);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null) {
          throw new IllegalArgumentException("not an http(s) URL");
        }
      } catch (IllegalArgumentException e) {
        throw new Failure(CdrVaultCli.USAGE_ERROR, "--url must be an http:// or https:// URL");
      }
      this.base = u;
      try {
        this.http = ApiClients.http(java.util.Optional.ofNullable(options.cacert));
      } catch (IllegalArgumentException e) {
        throw new Failure(CdrVaultCli.USAGE_ERROR, e.getMessage());
      }
    }

    /** A request to {@code path} with the token, the purpose and, if given, the request id. */
    HttpRequest.Builder request(String path, String requestId) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofMinutes(10))
          .header("Authorization", "Bearer " + token)
          .header("X-CPNI-Purpose", PURPOSE)
          .header("Accept", "application/json");
      if (requestId != null) {
        b.header("X-CPNI-Case", requestId);
      }
      return b;
    }

    /** Sends and returns the JSON body of a 2xx answer. */
    JsonNode json(HttpRequest request) throws Failure {
      HttpResponse<byte[]> r = send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() / 100 != 2) {
        throw httpError(r.statusCode(), r.body());
      }
      try {
        return JSON.readTree(r.body());
      } catch (IOException e) {
        throw new Failure(CdrVaultCli.USAGE_ERROR, "the API answered with a body that is not JSON");
      }
    }

    /** Sends and returns the body stream of a 200 answer (the caller closes it). */
    InputStream stream(HttpRequest request) throws Failure {
      HttpResponse<InputStream> r = send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        byte[] body;
        try (InputStream in = r.body()) {
          body = in.readNBytes(64 * 1024);
        } catch (IOException e) {
          body = new byte[0];
        }
        throw httpError(r.statusCode(), body);
      }
      return r.body();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws Failure {
      try {
        return http.send(request, handler);
      } catch (IOException e) {
        throw new Failure(CdrVaultCli.USAGE_ERROR, "cannot reach the API at " + base + " ("
            + e.getClass().getSimpleName() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure(CdrVaultCli.USAGE_ERROR, "interrupted");
      }
    }
  }

  /** {@code HTTP 409 conflict, rule two-person-rule: reason}. */
  static Failure httpError(int status, byte[] body) {
    StringBuilder sb = new StringBuilder("HTTP ").append(status);
    try {
      JsonNode e = JSON.readTree(body);
      if (e != null && e.isObject()) {
        if (e.hasNonNull("error")) {
          sb.append(' ').append(e.get("error").asText());
        }
        if (e.hasNonNull("rule")) {
          sb.append(", rule ").append(e.get("rule").asText());
        }
        if (e.hasNonNull("reason")) {
          sb.append(": ").append(e.get("reason").asText());
        }
        if (e.hasNonNull("auditSequence")) {
          sb.append(" (audit#").append(e.get("auditSequence").asLong()).append(')');
        }
      }
    } catch (IOException ignored) {
      // not a JSON error body: the status says enough
    }
    return new Failure(CdrVaultCli.USAGE_ERROR, sb.toString());
  }

  /** Path of one request, with the id URL-encoded (ids are validated by the server). */
  static String requestPath(String id, String suffix) {
    return "/v1/legal/requests/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + suffix;
  }

  /** Runs {@code body} with an {@link Api}, printing a failure to stderr as {@code cdrvault: ...}. */
  int call(ApiOptions options, PrintWriter err, Body body) {
    try {
      return body.run(new Api(options));
    } catch (Failure f) {
      err.println("cdrvault: " + f.getMessage());
      return f.exitCode;
    }
  }

  /** A subcommand's work. */
  interface Body {
    int run(Api api) throws Failure;
  }
}
