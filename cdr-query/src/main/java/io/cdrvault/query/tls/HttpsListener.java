package io.cdrvault.query.tls;

import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTPS listener: Jetty's {@link SslContextFactory.Server} over the loaded {@link
 * TlsMaterial}, with the TLS versions of the settings, asking for (not requiring) a client
 * certificate when client CAs are configured. A daemon thread checks the files every
 * {@link TlsSettings#reloadInterval()}; when their content changed and the new files load (key
 * and certificate match, every CRL verified), the factory is reloaded: new connections get the new
 * certificate, open ones keep theirs. Files that do not load are logged once and the previous
 * material stays in use.
 *
 * <p>Thread-safe. {@link #close()} stops the watcher and is idempotent; the connector is stopped
 * with the server. Logs serials, validity and file names, never key material or passwords.
 */
public final class HttpsListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpsListener.class);

  private final TlsSettings settings;
  private final Map<String, String> env;
  private final AtomicReference<TlsMaterial> current = new AtomicReference<>();
  private final SslContextFactory.Server factory;
  private final ScheduledExecutorService watcher;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String loadedFingerprint;
  private volatile String failedFingerprint;

  private HttpsListener(TlsSettings settings, Map<String, String> env) {
    this.settings = settings;
    this.env = Map.copyOf(env);
    this.loadedFingerprint = TlsMaterial.fingerprint(settings);
    TlsMaterial first = TlsMaterial.load(settings, env);
    current.set(first);
    this.factory = new Factory(settings.clientCaFile().isPresent() ? Optional.of(
        new AcceptingTrustManager(() -> current.get().clientCas())) : Optional.empty());
    factory.setKeyStore(first.keyStore());
    factory.setKeyStorePassword(first.keyStorePassword());
    factory.setIncludeProtocols(settings.protocols().toArray(String[]::new));
    factory.setWantClientAuth(settings.clientCaFile().isPresent());
    log.info("HTTPS: {} ({})", first.describe(), String.join(", ", settings.protocols()));
    this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cdrvault-tls-reload");
      t.setDaemon(true);
      return t;
    });
    long ms = settings.reloadInterval().toMillis();
    watcher.scheduleWithFixedDelay(this::reloadQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Loads the files of {@code settings} (passwords from the password file or {@code env}) and
   * starts watching them.
   *
   * @throws io.cdrvault.store.crypto.x509.X509MaterialException if they cannot be loaded
   */
  public static HttpsListener start(TlsSettings settings, Map<String, String> env) {
    return new HttpsListener(Objects.requireNonNull(settings, "settings"), env);
  }

  /**
   * A connector on {@code host:port} speaking HTTP/1.1 over TLS, its requests carrying the client
   * certificate chain ({@link SecureRequestCustomizer}) in {@code http}.
   */
  public ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
    http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
    ServerConnector c = new ServerConnector(server,
        new SslConnectionFactory(factory, HttpVersion.HTTP_1_1.asString()),
        new HttpConnectionFactory(http));
    c.setHost(host);
    c.setPort(port);
    return c;
  }

  /** The check for client certificates, when client CAs are configured. */
  public Optional<ClientCertificates> clientCertificates() {
    return settings.clientCaFile().isPresent()
        ? Optional.of(new ClientCertificates(current::get)) : Optional.empty();
  }

  /**
   * Loads the files again if their content changed since the last load; true if new material is
   * in use. Called by the watcher; callable directly.
   */
  /** The server certificate in use now (the leaf; it changes when new files are loaded). */
  public java.security.cert.X509Certificate servedCertificate() {
    return current.get().serverCertificate();
  }

  public synchronized boolean reloadIfChanged() {
    String now = TlsMaterial.fingerprint(settings);
    if (now.equals(loadedFingerprint) || closed.get()) {
      return false;
    }
    TlsMaterial next;
    try {
      next = TlsMaterial.load(settings, env);
    } catch (RuntimeException e) {
      if (!now.equals(failedFingerprint)) {
        // e.g. half of a rotation written; retried at every check until the files load
        log.warn("HTTPS: the changed TLS files do not load yet ({}); still serving {}",
            e.getMessage(), current.get().describe());
        failedFingerprint = now;
      }
      return false;
    }
    try {
      current.set(next);
      factory.reload(f -> {
        f.setKeyStore(next.keyStore());
        f.setKeyStorePassword(next.keyStorePassword());
      });
    } catch (Exception e) {
      log.error("HTTPS: reloading the TLS context failed ({})", e.getClass().getSimpleName());
      return false;
    }
    loadedFingerprint = now;
    failedFingerprint = null;
    log.info("HTTPS: reloaded: {}", next.describe());
    return true;
  }

  private void reloadQuietly() {
    try {
      reloadIfChanged();
    } catch (RuntimeException e) {
      log.error("HTTPS: TLS file check failed ({})", e.getClass().getSimpleName());
    }
  }

  /** Stops watching the files; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      watcher.shutdownNow();
    }
  }

  /** The factory, with the accepting trust manager when client certificates are asked for. */
  private static final class Factory extends SslContextFactory.Server {
    private final Optional<AcceptingTrustManager> trust;

    Factory(Optional<AcceptingTrustManager> trust) {
      this.trust = trust;
    }

    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls)
        throws Exception {
      return trust.isPresent() ? new TrustManager[] {trust.get()}
          : super.getTrustManagers(trustStore, crls);
    }
  }
}
