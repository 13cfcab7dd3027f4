package io.cdrvault.query.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * An HTTP client of this node's own API, over loopback, for a site ({@link SiteContributor}): it
 * sends the signed-in user's bearer token, so each request is authenticated, decided by the policy
 * engine and audited exactly as the same request from the CLI would be. Over HTTPS it trusts
 * exactly the certificate the node is serving now (compared byte for byte, so a reloaded
 * certificate is followed and no CA or host name is involved).
 *
 * <p>Thread-safe. Never logs; the token goes only into the request's {@code Authorization}
 * header.
 */
public final class SelfClient {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final HttpClient http;
  private final String scheme;
  private final String host;
  private final IntSupplier port;

  SelfClient(String bindHost, IntSupplier port, Supplier<X509Certificate> served) {
    this.port = port;
    this.scheme = served == null ? "http" : "https";
    this.host = switch (bindHost) {
      case "0.0.0.0", "" -> "127.0.0.1";
      case "::", "[::]" -> "[::1]";
      default -> bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
    };
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER);
    if (served != null) {
      try {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new Pinned(served)}, null);
        b.sslContext(ssl);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS for the node's own API", e);
      }
    }
    this.http = b.build();
  }

  /** An answer of the API: status and body; {@code header} looks up a response header. */
  public record Answer(int status, byte[] body, Map<String, java.util.List<String>> headers) {
    public Answer {
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }

    /** The first value of {@code name}, or null. */
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
  }

  /**
   * Sends {@code method path} (path and query, starting with {@code /v1/}) with {@code token} as
   * bearer token and {@code headers}; {@code body} (JSON) may be null.
   *
   * @throws UncheckedIOException if the node cannot be reached
   */
  public Answer send(String method, String path, String token, Map<String, String> headers,
      byte[] body) {
    HttpResponse<InputStream> r = open(method, path, token, headers, body);
    try (InputStream in = r.body()) {
      return new Answer(r.statusCode(), in.readAllBytes(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException("the node's API did not answer " + method + " " + template(path), e);
    }
  }

  /**
   * As {@link #send}, answering the body as a stream the caller closes (a legal export's zip).
   *
   * @throws UncheckedIOException if the node cannot be reached
   */
  public HttpResponse<InputStream> open(String method, String path, String token,
      Map<String, String> headers, byte[] body) {
    if (!path.startsWith("/v1/")) {
      throw new IllegalArgumentException("a site calls only the API's /v1 routes");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://" + host + ":"
            + port.getAsInt() + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token);
    headers.forEach(b::header);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("the node's API did not answer " + method + " " + template(path), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
    }
  }

  /** The path without query (messages name routes, never values of a query). */
  private static String template(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** Trusts exactly the certificate the node serves. */
  private static final class Pinned extends X509ExtendedTrustManager {
    private final Supplier<X509Certificate> served;

    Pinned(Supplier<X509Certificate> served) {
      this.served = served;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain == null || chain.length == 0 || !chain[0].equals(served.get())) {
        throw new CertificateException("not the certificate this node serves");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
