package io.cdrvault.query.tls;

import io.cdrvault.store.crypto.x509.CertificateAuthority;
import io.cdrvault.store.crypto.x509.PemFiles;
import io.cdrvault.store.crypto.x509.X509MaterialException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One loaded generation of the TLS files: the server's key and chain as an in-memory key store
 * (under a random password that exists only in memory), the CA certificates client certificates
 * must chain to, and the CRLs of those CAs (each verified against its CA when loaded).
 *
 * <p>Immutable and thread-safe. {@link #toString()} names the server certificate's serial only.
 */
final class TlsMaterial {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALIAS = "server";

  private final KeyStore keyStore;
  private final String keyStorePassword;
  private final X509Certificate serverCertificate;
  private final List<X509Certificate> clientCas;
  private final List<X509CRL> crls;

  private TlsMaterial(KeyStore keyStore, String keyStorePassword, X509Certificate serverCertificate,
      List<X509Certificate> clientCas, List<X509CRL> crls) {
    this.keyStore = keyStore;
    this.keyStorePassword = keyStorePassword;
    this.serverCertificate = serverCertificate;
    this.clientCas = List.copyOf(clientCas);
    this.crls = List.copyOf(crls);
  }

  /**
   * Reads every file of {@code settings}; passwords come from {@code env} or the password file.
   *
   * @throws X509MaterialException naming the file that cannot be read or is inconsistent (a key
   *     that does not belong to the certificate, a CRL no configured CA signed), never its content
   */
  static TlsMaterial load(TlsSettings settings, Map<String, String> env) {
    Optional<char[]> password = password(settings, env);
    try {
      PrivateKey key;
      List<X509Certificate> chain;
      if (settings.keyStoreFile().isPresent()) {
        Path file = settings.keyStoreFile().get();
        char[] pw = password.orElseThrow(() -> new X509MaterialException("the PKCS#12 file " + file
            + " needs a password: set http.tls.passwordFile or the variable named by "
            + "http.tls.passwordEnv"));
        KeyStore p12 = pkcs12(file, pw);
        String alias = keyAlias(p12, file);
        key = (PrivateKey) p12.getKey(alias, pw);
        chain = Arrays.stream(p12.getCertificateChain(alias)).map(c -> (X509Certificate) c).toList();
      } else {
        chain = CertificateAuthority.readCertificates(settings.certificateFile().get());
        key = PemFiles.readPrivateKey(settings.keyFile().get(), password);
      }
      requireMatch(key, chain.get(0), settings);
      String ksPassword = HexFormat.of().formatHex(randomBytes());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(ALIAS, key, ksPassword.toCharArray(), chain.toArray(Certificate[]::new));
      List<X509Certificate> cas = settings.clientCaFile().isEmpty() ? List.of()
          : clientCas(settings.clientCaFile().get(), password);
      List<X509CRL> crls = settings.clientCrlFile().isEmpty() ? List.of()
          : crls(settings.clientCrlFile().get(), cas);
      return new TlsMaterial(ks, ksPassword, chain.get(0), cas, crls);
    } catch (GeneralSecurityException | IOException e) {
      throw new X509MaterialException("cannot load the TLS key material (" + e.getClass().getSimpleName()
          + ")", e);
    } finally {
      password.ifPresent(p -> Arrays.fill(p, '\0'));
    }
  }

  /**
   * A digest of the content of every file {@code settings} names (a missing file counts as empty):
   * a change of any of them is a new generation to load.
   */
  static String fingerprint(TlsSettings settings) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path p : settings.files()) {
        md.update(p.toString().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        if (Files.isRegularFile(p)) {
          md.update(Files.readAllBytes(p));
        }
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      return "unreadable-" + e.getClass().getSimpleName();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static Optional<char[]> password(TlsSettings settings, Map<String, String> env) {
    if (settings.passwordFile().isPresent()) {
      Path file = settings.passwordFile().get();
      try {
        String line = Files.readString(file, StandardCharsets.UTF_8).strip();
        return line.isEmpty() ? Optional.empty() : Optional.of(line.toCharArray());
      } catch (IOException e) {
        throw new X509MaterialException("cannot read the TLS password file " + file + " ("
            + e.getClass().getSimpleName() + ")", e);
      }
    }
    String v = env.get(settings.passwordEnv());
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.toCharArray());
  }

  private static KeyStore pkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return ks;
  }

  private static String keyAlias(KeyStore ks, Path file) throws GeneralSecurityException {
    for (String alias : Collections.list(ks.aliases())) {
      if (ks.isKeyEntry(alias)) {
        return alias;
      }
    }
    throw new X509MaterialException("the PKCS#12 file " + file + " holds no private key");
  }

  /** Refuses a key that does not belong to the certificate (e.g. half of a rotation written). */
  private static void requireMatch(PrivateKey key, X509Certificate cert, TlsSettings settings)
      throws GeneralSecurityException {
    String alg = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "ED25519" -> "Ed25519";
      default -> null;
    };
    if (alg == null) {
      return;
    }
    byte[] probe = randomBytes();
    Signature s = Signature.getInstance(alg);
    s.initSign(key);
    s.update(probe);
    byte[] sig = s.sign();
    s.initVerify(cert.getPublicKey());
    s.update(probe);
    if (!s.verify(sig)) {
      throw new X509MaterialException("the private key does not belong to the server certificate ("
          + settings.files().get(0) + ")");
    }
  }

  private static List<X509Certificate> clientCas(Path file, Optional<char[]> password)
      throws IOException, GeneralSecurityException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".p12") && !name.endsWith(".pfx")) {
      return CertificateAuthority.readCertificates(file);
    }
    KeyStore ks = pkcs12(file, password.orElse(null));
    List<X509Certificate> out = new ArrayList<>();
    for (String alias : Collections.list(ks.aliases())) {
      if (ks.getCertificate(alias) instanceof X509Certificate c) {
        out.add(c);
      }
    }
    if (out.isEmpty()) {
      throw new X509MaterialException("the PKCS#12 file " + file + " holds no CA certificate");
    }
    return out;
  }

  private static List<X509CRL> crls(Path file, List<X509Certificate> cas)
      throws IOException, GeneralSecurityException {
    List<X509CRL> out = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
      for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
        X509CRL x = (X509CRL) crl;
        X509Certificate issuer = cas.stream()
            .filter(ca -> ca.getSubjectX500Principal().equals(x.getIssuerX500Principal()))
            .findFirst().orElseThrow(() -> new X509MaterialException("a CRL in " + file
                + " is not issued by a CA of http.tls.clientCaFile"));
        x.verify(issuer.getPublicKey());
        out.add(x);
      }
    }
    return out;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return b;
  }

  KeyStore keyStore() {
    return keyStore;
  }

  String keyStorePassword() {
    return keyStorePassword;
  }

  X509Certificate serverCertificate() {
    return serverCertificate;
  }

  List<X509Certificate> clientCas() {
    return clientCas;
  }

  List<X509CRL> crls() {
    return crls;
  }

  /** The server certificate's serial (hex) and end of validity; nothing secret. */
  String describe() {
    return "serial " + serverCertificate.getSerialNumber().toString(16) + ", valid until "
        + serverCertificate.getNotAfter().toInstant() + ", " + clientCas.size() + " client CA(s), "
        + crls.size() + " CRL(s)";
  }

  @Override
  public String toString() {
    return "TlsMaterial[" + describe() + "]";
  }

  /** {@code Base64} of the SHA-256 of the certificate's issuer, for logs that name a certificate. */
  static String issuerHash(X509Certificate c) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getIssuerX500Principal().getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, 9));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
