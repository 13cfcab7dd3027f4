package io.cdrvault.store.crypto.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small X.509 certificate authority (EC P-256, SHA-256 with ECDSA): a self-signed CA that issues
 * server and client certificates and revocation lists. The demo uses it for its local CA and
 * server certificate; tests use it for real TLS. It is not a production PKI: a carrier's
 * certificates come from its own CA.
 *
 * <p>Immutable and thread-safe. {@link #toString()} names the CA's subject, never its key.
 */
public final class CertificateAuthority {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SIGNATURE = "SHA256withECDSA";

  /** What an issued certificate is for (its extended key usage). */
  public enum Usage {
    SERVER, CLIENT
  }

  /**
   * A certificate issued by this CA with its private key; {@code chain} is the certificate then
   * the CA's. {@link #toString()} prints the subject and serial only.
   */
  public record Issued(X509Certificate certificate, PrivateKey privateKey,
      List<X509Certificate> chain) {
    public Issued {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(privateKey, "privateKey");
      chain = List.copyOf(chain);
    }

    /** The serial number. */
    public BigInteger serial() {
      return certificate.getSerialNumber();
    }

    /**
     * Writes the certificate (without the CA) to {@code certFile} and the unencrypted PKCS#8 key
     * (owner-only) to {@code keyFile}, each replaced atomically; the key first, so a node polling
     * both never pairs a new certificate with an old key for long.
     */
    public void writePem(Path certFile, Path keyFile) {
      PemFiles.write(keyFile, PemFiles.privateKey(privateKey), true);
      PemFiles.write(certFile, PemFiles.certificates(List.of(certificate)), false);
    }

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal().getName() + ", serial "
          + certificate.getSerialNumber().toString(16) + "]";
    }
  }

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A new CA named {@code CN=commonName}, valid from {@code notBefore} to {@code notAfter}. */
  public static CertificateAuthority create(String commonName, Instant notBefore, Instant notAfter) {
    KeyPair pair = newKeyPair();
    X500Principal subject = new X500Principal("CN=" + commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, newSerial(),
          Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(sign(b, pair.getPrivate()), pair.getPrivate());
    } catch (IOException | GeneralSecurityException e) {
      throw new X509MaterialException("cannot create a CA certificate", e);
    }
  }

  /**
   * A CA saved with {@link #save}.
   *
   * @throws X509MaterialException if either file cannot be read or does not hold a CA
   */
  public static CertificateAuthority load(Path certFile, Path keyFile) {
    X509Certificate cert = readCertificates(certFile).get(0);
    if (cert.getBasicConstraints() < 0) {
      throw new X509MaterialException("the certificate in " + certFile + " is not a CA");
    }
    return new CertificateAuthority(cert, PemFiles.readPrivateKey(keyFile, Optional.empty()));
  }

  /** Writes the CA certificate and (owner-only) its unencrypted key as PEM. */
  public void save(Path certFile, Path keyFile) {
    PemFiles.write(keyFile, PemFiles.privateKey(key), true);
    PemFiles.write(certFile, PemFiles.certificates(List.of(certificate)), false);
  }

  /**
   * Issues a certificate for a new EC key.
   *
   * @param subjectDn the subject, RFC 2253 (e.g. {@code CN=billing-job,O=Example Carrier})
   * @param subjectAltNames {@code dns:NAME}, {@code ip:ADDRESS}, {@code uri:URI} or
   *     {@code email:ADDRESS}
   */
  public Issued issue(String subjectDn, List<String> subjectAltNames, Usage usage,
      Instant notBefore, Instant notAfter) {
    KeyPair pair = newKeyPair();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          certificate.getSubjectX500Principal(), newSerial(), Date.from(notBefore),
          Date.from(notAfter), new X500Principal(subjectDn), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(certificate));
      if (!subjectAltNames.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(generalNames(subjectAltNames)));
      }
      X509Certificate issued = sign(b, key);
      return new Issued(issued, pair.getPrivate(), List.of(issued, certificate));
    } catch (IOException | GeneralSecurityException e) {
      throw new X509MaterialException("cannot issue a certificate", e);
    }
  }

  /** A CRL of this CA revoking {@code serials}, valid from {@code thisUpdate} to {@code nextUpdate}. */
  public X509CRL revocationList(Collection<BigInteger> serials, Instant thisUpdate,
      Instant nextUpdate) {
    JcaX509v2CRLBuilder b = new JcaX509v2CRLBuilder(certificate.getSubjectX500Principal(),
        Date.from(thisUpdate));
    b.setNextUpdate(Date.from(nextUpdate));
    for (BigInteger serial : serials) {
      b.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
    }
    try {
      return new JcaX509CRLConverter().setProvider(BC).getCRL(b.build(signer(key)));
    } catch (GeneralSecurityException e) {
      throw new X509MaterialException("cannot sign a CRL", e);
    }
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The certificates in a PEM or DER file, in file order.
   *
   * @throws X509MaterialException if the file cannot be read or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Path file) {
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new X509MaterialException("file " + file + " holds no certificate");
      }
      return out;
    } catch (IOException | GeneralSecurityException e) {
      throw new X509MaterialException("cannot read certificates from " + file + " ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static GeneralName[] generalNames(List<String> names) {
    List<GeneralName> out = new ArrayList<>();
    for (String n : names) {
      int colon = n.indexOf(':');
      String kind = colon < 0 ? "" : n.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = colon < 0 ? n : n.substring(colon + 1);
      out.add(switch (kind) {
        case "dns" -> new GeneralName(GeneralName.dNSName, value);
        case "ip" -> new GeneralName(GeneralName.iPAddress, value);
        case "uri" -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
        case "email" -> new GeneralName(GeneralName.rfc822Name, value);
        default -> throw new IllegalArgumentException(
            "a subject alternative name must start with dns:, ip:, uri: or email:");
      });
    }
    return out.toArray(GeneralName[]::new);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException {
    X509CertificateHolder holder = b.build(signer(key));
    return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
  }

  private static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(SIGNATURE).setProvider(BC).build(key);
    } catch (OperatorCreationException e) {
      throw new X509MaterialException("cannot create a " + SIGNATURE + " signer", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new X509MaterialException("cannot generate an EC P-256 key pair", e);
    }
  }

  private static BigInteger newSerial() {
    return new BigInteger(127, RANDOM).setBit(120);
  }

  /** The public key of the CA certificate. */
  public PublicKey publicKey() {
    return certificate.getPublicKey();
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
