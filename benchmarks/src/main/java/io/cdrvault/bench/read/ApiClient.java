package io.cdrvault.bench.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The benchmark's HTTP client ({@link HttpClient}, HTTP/1.1, one kept-alive connection): GETs with
 * the CPNI headers, the whole body read and its NDJSON lines counted on the bytes (no parsing
 * except the billing run's end line and the usage document). Not thread-safe.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TAIL = 4096;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final byte[] buf = new byte[64 * 1024];
  private final byte[] tail = new byte[TAIL];
  private int tailLength;
  private long lastBytes;

  ApiClient(String baseUrl) {
    this.base = baseUrl;
  }

  /** The billing run's end line: {@code lines} includes it. */
  record BillingRunEnd(long lines, long customers, long records) {}

  /** GET {@code path}; reads the body to its end; returns its NDJSON lines. */
  long ndjsonLines(String path, String token, String purpose, String caseRef) throws Exception {
    try (InputStream in = send(path, token, purpose, caseRef)) {
      return drain(in);
    }
  }

  /** GET {@code path}; the body as a JSON document. */
  JsonNode json(String path, String token, String purpose) throws Exception {
    try (InputStream in = send(path, token, purpose, null)) {
      return JSON.readTree(in);
    }
  }

  /**
   * The billing run over {@code [from, to)} in one request ({@code GET /v1/billing/usage}, as
   * {@code cdrvault billing run} makes it; {@code after} is only for resuming a broken stream).
   *
   * @throws IllegalStateException when the stream has no end line
   */
  BillingRunEnd billingRun(String from, String to, String token) throws Exception {
    long lines;
    try (InputStream in = send("/v1/billing/usage?from=" + from + "&to=" + to, token, "BILLING", null)) {
      lines = drain(in);
    }
    int end = tailLength - 1;
    if (end < 0 || tail[end] != '\n') {
      throw new IllegalStateException("the billing run's stream does not end with a complete line");
    }
    int start = end;
    while (start > 0 && tail[start - 1] != '\n') {
      start--;
    }
    JsonNode last = JSON.readTree(new String(tail, start, end - start, StandardCharsets.UTF_8));
    if (!last.path("end").asBoolean()) {
      throw new IllegalStateException("the billing run's stream has no end line");
    }
    return new BillingRunEnd(lines, last.path("customers").asLong(), last.path("records").asLong());
  }

  private InputStream send(String path, String token, String purpose, String caseRef) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token).header("X-CPNI-Purpose", purpose)
        .timeout(Duration.ofMinutes(10)).GET();
    if (caseRef != null) {
      b.header("X-CPNI-Case", caseRef);
    }
    HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      String body;
      try (InputStream in = r.body()) {
        body = new String(in.readNBytes(500), StandardCharsets.UTF_8);
      }
      // error bodies name rules and parameters, never values (openapi.yaml)
      throw new IllegalStateException("HTTP " + r.statusCode() + " from " + path.replaceAll("/v1/(\\w+)/[^/?]+",
          "/v1/$1/{id}").replaceAll("\\?.*", "") + ": " + body);
    }
    return r.body();
  }

  /** Reads {@code in} to its end; returns the newlines seen and keeps the last bytes in {@link #tail}. */
  private long drain(InputStream in) throws IOException {
    long lines = 0;
    long bytes = 0;
    tailLength = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      bytes += n;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          lines++;
        }
      }
      if (n >= TAIL) {
        System.arraycopy(buf, n - TAIL, tail, 0, TAIL);
        tailLength = TAIL;
      } else {
        int keep = Math.min(tailLength, TAIL - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(buf, 0, tail, keep, n);
        tailLength = keep + n;
      }
    }
    lastBytes = bytes;
    return lines;
  }

  /** Bytes of the last body read to its end by {@link #ndjsonLines} or {@link #billingRun}. */
  long lastBytes() {
    return lastBytes;
  }
}
