package io.cdrvault.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS material for an embedded broker's secured listeners, made on the spot: a self-signed test CA
 * (EC P-256, one day), a broker certificate it signs for {@code 127.0.0.1} / {@code localhost},
 * and on request client certificates for SSL client authentication. Written as PKCS#12 files
 * (one password for all) plus the CA certificate as PEM. Test and demo material only: never a
 * production CA.
 *
 * <p>Immutable after creation; thread-safe.
 */
public final class BrokerTls {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final String password;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  private BrokerTls(Path dir, String password, KeyPair caKeys, X509Certificate ca) {
    this.dir = dir;
    this.password = password;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /**
   * Creates a CA and the broker's key store ({@code broker.p12}), trust store
   * ({@code truststore.p12}) and CA certificate ({@code ca.pem}) in {@code dir}.
   */
  static BrokerTls create(Path dir) {
    try {
      Files.createDirectories(dir);
      byte[] pw = new byte[12];
      RANDOM.nextBytes(pw);
      String password = java.util.HexFormat.of().formatHex(pw);
      KeyPair caKeys = keyPair();
      X500Name caName = new X500Name("CN=cdrvault embedded test CA");
      X509Certificate ca = sign(caName, caKeys, caName, caKeys, true, null);
      BrokerTls tls = new BrokerTls(dir, password, caKeys, ca);
      tls.writeKeyStore(tls.brokerKeyStore(), "broker", issue("127.0.0.1", true, tls));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      try (OutputStream out = Files.newOutputStream(tls.truststore())) {
        trust.store(out, password.toCharArray());
      }
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
        w.writeObject(ca);
      }
      Files.writeString(tls.caPem(), pem.toString(), StandardCharsets.US_ASCII);
      return tls;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broker's TLS material", e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the broker's TLS material", e);
    }
  }

  private record Issued(KeyPair keys, X509Certificate cert) {}

  private static Issued issue(String cn, boolean server, BrokerTls tls)
      throws GeneralSecurityException, OperatorCreationException {
    KeyPair keys = keyPair();
    X509Certificate cert = sign(new X500Name("CN=" + cn), keys,
        new X500Name(tls.ca.getSubjectX500Principal().getName()), tls.caKeys, false,
        server ? new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")}) : null);
    return new Issued(keys, cert);
  }

  private void writeKeyStore(Path file, String alias, Issued issued)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(alias, issued.keys().getPrivate(), password.toCharArray(),
        new Certificate[] {issued.cert(), ca});
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer,
      KeyPair issuerKeys, boolean isCa, GeneralNames altNames)
      throws GeneralSecurityException, OperatorCreationException {
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
          new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(Extension.keyUsage, true, isCa
          ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
          : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      if (altNames != null) {
        b.addExtension(Extension.subjectAlternativeName, false, altNames);
      }
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA")
          .build(issuerKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException("cannot encode a certificate extension", e);
    }
  }

  /**
   * Writes a PKCS#12 key store holding a client certificate for {@code name} (signed by this CA,
   * password {@link #password()}) to {@code file}, for SSL client authentication.
   */
  public Path issueClient(String name, Path file) {
    try {
      writeKeyStore(file, "client", issue(name, false, this));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a client key store", e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a client certificate", e);
    }
  }

  /** The broker's key store (certificate for 127.0.0.1 and localhost). */
  Path brokerKeyStore() {
    return dir.resolve("broker.p12");
  }

  /** PKCS#12 trust store holding the CA certificate. */
  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  /** The CA certificate, PEM. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** The password of every PKCS#12 file made here (random per broker; test material). */
  public String password() {
    return password;
  }
}
