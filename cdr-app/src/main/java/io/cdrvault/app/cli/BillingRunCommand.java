package io.cdrvault.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.http.RequestScope;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault billing run --url URL --from F --to T --out FILE}: runs a billing run against a
 * node's {@code GET /v1/billing/usage} (purpose BILLING) and writes each customer line to FILE as it
 * arrives, flushing and fsyncing every {@code --sync-every} lines and at the end. The bearer token
 * comes from the environment variable {@value #TOKEN_ENV}, never from a flag.
 *
 * <p>Resumable: when FILE exists without an end line, a partial last line (a crash mid-write) is
 * cut off and the run continues after the last complete line's cursor; when FILE already ends
 * with the end line, the run is complete and nothing is requested. The end line written to FILE is
 * the run's own summary over all its requests. See docs/billing.md.
 *
 * <p>Exit codes: 0 the run is complete, 1 an HTTP or I/O failure (run the same command again to
 * resume), 2 a usage error. Output names counts and the file, never customer ids.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Billing run: every customer's usage for a period, written to FILE as NDJSON.",
        "Resumable: run the same command again after a failure. Token from env " + BillingRunCommand.TOKEN_ENV + " or --token-file."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the run is complete", "1:HTTP or I/O failure (run again to resume)",
        "2:usage error"})
public final class BillingRunCommand implements Callable<Integer> {
  /** Environment variable holding the bearer token. */
  public static final String TOKEN_ENV = BearerTokenOption.TOKEN_ENV;
  static final int FAILED = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PROGRESS_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
      description = "The node's API base URL (default: ${DEFAULT-VALUE}).")
  String url;

  @picocli.CommandLine.Mixin
  BearerTokenOption tokenOption = new BearerTokenOption();

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "PEM CA certificates to trust for an https:// URL instead of the JDK's (the demo's "
          + "data/tls/ca.pem).")
  Path cacert;

  @Option(names = "--from", required = true, paramLabel = "WHEN",
      description = "Start of the period (inclusive): 2026-10-01 or 2026-10-01T00:00:00Z.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "WHEN",
      description = "End of the period (exclusive), same format.")
  String to;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "NDJSON output; an unfinished FILE is resumed.")
  Path out;

  @Option(names = "--sync-every", defaultValue = "1000", paramLabel = "N",
      description = "Flush and fsync FILE every N customer lines (default: ${DEFAULT-VALUE}).")
  int syncEvery;

  @Spec
  CommandSpec spec;

  private final Function<String, String> env;
  private HttpClient http;
  /**
   * Test seam: when not negative, writes to FILE fail like a full disk once this many bytes were
   * written by this invocation (the bytes before the limit reach the file, so a line can be cut).
   */
  long failWritesAfterBytes = -1;

  public BillingRunCommand() {
    this(System::getenv);
  }

  BillingRunCommand(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** The {@code billing} command with its {@code run} subcommand, for {@link CdrVaultCli}. */
  public static CommandLine group() {
    return new CommandLine(new Group()).addSubcommand(new BillingRunCommand());
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    BearerTokenOption.Resolved resolved = tokenOption.resolve(env);
    if (resolved.token() == null) {
      err.println("cdrvault billing run: " + resolved.problem());
      return CdrVaultCli.USAGE_ERROR;
    }
    String token = resolved.token();
    RequestScope window = RequestScope.allCustomers(from, to, ApiSettings.DEFAULT_MAX_WINDOW_DAYS);
    if (window.problem() != null) {
      err.println("cdrvault billing run: " + window.problem().replace("query parameter", "option")
          .replace("'from'", "--from").replace("'to'", "--to"));
      return CdrVaultCli.USAGE_ERROR;
    }
    URI base = baseUri(url);
    if (base == null) {
      err.println("cdrvault billing run: --url must be an http:// or https:// URL");
      return CdrVaultCli.USAGE_ERROR;
    }
    if (syncEvery < 1) {
      err.println("cdrvault billing run: --sync-every must be at least 1");
      return CdrVaultCli.USAGE_ERROR;
    }
    try {
      http = ApiClients.http(Optional.ofNullable(cacert));
    } catch (IllegalArgumentException e) {
      err.println("cdrvault billing run: " + e.getMessage());
      return CdrVaultCli.USAGE_ERROR;
    }
    String f = window.scope().from().toString();
    String t = window.scope().to().toString();
    BillingRunFile.State state;
    try {
      state = BillingRunFile.recover(out, f, t);
    } catch (BillingRunFile.NotARunFileException e) {
      err.println("cdrvault billing run: " + e.getMessage() + "; use another --out");
      return CdrVaultCli.USAGE_ERROR;
    } catch (IOException e) {
      err.println("cdrvault billing run: cannot read " + out + " (" + e.getClass().getSimpleName() + ")");
      return FAILED;
    }
    if (state.complete()) {
      err.println("billing run already complete: " + state.customers() + " customers, "
          + state.records() + " records in " + out);
      return 0;
    }
    if (state.lastCursor() != null || state.truncatedBytes() > 0) {
      err.println("billing run: resuming after " + state.customers() + " customers, "
          + state.records() + " records" + (state.truncatedBytes() > 0
              ? " (dropped a partial last line of " + state.truncatedBytes() + " bytes)" : ""));
    }
    try {
      return stream(base, token, f, t, state, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("cdrvault billing run: interrupted; run the same command again to resume");
      return FAILED;
    }
  }

  private int stream(URI base, String token, String f, String t, BillingRunFile.State state,
      PrintWriter err) throws InterruptedException {
    String query = "?from=" + enc(f) + "&to=" + enc(t)
        + (state.lastCursor() == null ? "" : "&after=" + state.lastCursor());
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/billing/usage" + query))
        .header("Authorization", "Bearer " + token)
        .header("X-CPNI-Purpose", "BILLING")
        .header("Accept", "application/x-ndjson")
        .GET().build();
    long customers = state.customers();
    long records = state.records();
    long received = 0;
    long receivedRecords = 0;
    String last = state.lastCursor();
    long lastProgress = System.nanoTime();
    FileOutputStream file = null;
    OutputStream sink = null;
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          err.println("cdrvault billing run: the server answered HTTP " + response.statusCode()
              + describeError(body) + "; nothing was written");
          return FAILED;
        }
        String audit = response.headers().firstValue("X-CPNI-Audit-Sequence").orElse("?");
        file = new FileOutputStream(out.toFile(), true);
        OutputStream raw = failWritesAfterBytes >= 0 ? new FailingAfter(file, failWritesAfterBytes) : file;
        sink = new BufferedOutputStream(raw, 1 << 16);
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
          JsonNode n = JSON.readTree(line);
          if (n == null || !n.isObject()) {
            err.println("cdrvault billing run: the server sent a line that is not a JSON object");
            sync(sink, file);
            return FAILED;
          }
          if (n.path("end").asBoolean(false)) {
            if (n.path("customers").asLong(-1) != received || n.path("records").asLong(-1) != receivedRecords) {
              err.println("cdrvault billing run: the end line's totals do not match the lines received ("
                  + received + " customers, " + receivedRecords + " records); run again to resume");
              sync(sink, file);
              return FAILED;
            }
            sink.write((BillingRunFile.endLine(customers, records, f, t) + "\n").getBytes(StandardCharsets.UTF_8));
            sync(sink, file);
            err.println("billing run complete: " + customers + " customers, " + records
                + " records in " + out + " (this request: " + received + " customers, audit#" + audit + ")");
            return 0;
          }
          String cursor = n.path("cursor").asText(null);
          JsonNode usage = n.path("usage");
          if (cursor == null || !usage.path("records").canConvertToLong()
              || !f.equals(usage.path("from").asText()) || !t.equals(usage.path("to").asText())) {
            err.println("cdrvault billing run: the server sent a line that is not a customer line"
                + " for this period");
            sync(sink, file);
            return FAILED;
          }
          if (last != null && cursor.compareTo(last) <= 0) {
            err.println("cdrvault billing run: the server sent customers out of cursor order");
            sync(sink, file);
            return FAILED;
          }
          sink.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          last = cursor;
          long r = usage.path("records").asLong();
          customers++;
          records += r;
          received++;
          receivedRecords += r;
          if (received % syncEvery == 0) {
            sync(sink, file);
          }
          long now = System.nanoTime();
          if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            err.println("billing run: " + customers + " customers, " + records + " records");
          }
        }
        sync(sink, file);
        err.println("cdrvault billing run: the stream ended before its end line after " + customers
            + " customers; run the same command again to resume");
        return FAILED;
      }
    } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
      err.println("cdrvault billing run: cannot connect to " + base + " (" + cause(e)
          + "); check --url; run the same command again to resume after " + customers + " customers");
      return FAILED;
    } catch (IOException e) {
      err.println("cdrvault billing run: " + cause(e) + " from " + base + " after " + customers
          + " customers; run the same command again to resume");
      return FAILED;
    } finally {
      closeQuietly(sink, file);
    }
  }

  /** The exception's kind and its innermost message (a socket error such as "Connection refused"). */
  static String cause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private static void sync(OutputStream sink, FileOutputStream file) throws IOException {
    sink.flush();
    file.getChannel().force(false);
  }

  private static void closeQuietly(OutputStream sink, FileOutputStream file) {
    try {
      if (sink != null) {
        sink.close();
      }
    } catch (IOException e) {
      // the data already synced is what counts; resume recovers the rest
    }
    try {
      if (file != null) {
        file.close();
      }
    } catch (IOException e) {
      // as above
    }
  }

  private static String describeError(InputStream body) {
    try {
      byte[] b = body.readNBytes(4096);
      JsonNode e = JSON.readTree(b);
      if (e == null || !e.isObject()) {
        return "";
      }
      StringBuilder s = new StringBuilder(" ").append(e.path("error").asText("error"));
      if (e.hasNonNull("rule")) {
        s.append(" (rule ").append(e.get("rule").asText()).append(")");
      }
      if (e.hasNonNull("reason")) {
        s.append(": ").append(e.get("reason").asText());
      }
      return s.toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static URI baseUri(String s) {
    try {
      URI u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        return null;
      }
      return u;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Fails every write once {@code limit} bytes went through (the first bytes still reach the file). */
  private static final class FailingAfter extends FilterOutputStream {
    private long left;

    FailingAfter(OutputStream out, long limit) {
      super(out);
      this.left = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int n = (int) Math.min(len, left);
      out.write(b, off, n);
      left -= n;
      if (n < len) {
        throw new IOException("simulated write failure (test seam)");
      }
    }
  }

  /** {@code cdrvault billing ...}: billing commands. */
  @Command(name = "billing", mixinStandardHelpOptions = true, description = "Billing commands.")
  static final class Group implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (run)");
    }
  }
}
