package io.cdrvault.store.crypto.x509;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM private keys and certificates as TLS tools write them: {@code PRIVATE KEY} (PKCS#8),
 * {@code RSA PRIVATE KEY} (PKCS#1), {@code EC PRIVATE KEY} (SEC 1), {@code ENCRYPTED PRIVATE KEY}
 * (PKCS#8, PBES2) and OpenSSL's legacy encrypted form; certificates are read by the JDK
 * ({@code CertificateFactory} reads PEM and DER), so only keys need this class.
 *
 * <p>Stateless and thread-safe. Messages name the file, never its content or a password.
 */
public final class PemFiles {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private PemFiles() {}

  /**
   * The first private key in {@code file}.
   *
   * @param password for an encrypted key; empty when the key is not encrypted
   * @throws X509MaterialException if the file cannot be read, holds no private key, or the key is
   *     encrypted and the password is missing or wrong
   */
  public static PrivateKey readPrivateKey(Path file, Optional<char[]> password) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(in)) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof PEMKeyPair pair) {
          return jdkKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo info) {
          return jdkKey(info);
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
          InputDecryptorProvider d = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
              .build(requirePassword(file, password));
          return jdkKey(enc.decryptPrivateKeyInfo(d));
        }
        if (o instanceof PEMEncryptedKeyPair enc) {
          return jdkKey(enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
              .setProvider(BC).build(requirePassword(file, password))).getPrivateKeyInfo());
        }
      }
      throw new X509MaterialException("file " + file + " holds no PEM private key");
    } catch (IOException e) {
      throw new X509MaterialException("cannot read the private key file " + file + " ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.pkcs.PKCSException | RuntimeException e) {
      if (e instanceof X509MaterialException x) {
        throw x;
      }
      throw new X509MaterialException("cannot decrypt or decode the private key in " + file
          + " (wrong password or unsupported key; " + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * The key as a JDK key object (not a Bouncy Castle one): the JDK's TLS implementation takes only
   * its own providers' keys.
   */
  private static PrivateKey jdkKey(PrivateKeyInfo info) throws IOException {
    ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
    String name;
    if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      name = "RSA";
    } else if (alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      name = "RSASSA-PSS";
    } else if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      name = "EC";
    } else if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
      name = "Ed25519";
    } else {
      throw new X509MaterialException("unsupported private key algorithm " + alg.getId());
    }
    try {
      // through Bouncy Castle first: a SEC 1 key carries its curve inside, not in the algorithm
      // identifier the JDK's factory needs; BC's encoding of the key has it there
      byte[] pkcs8 = new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info).getEncoded();
      return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (java.security.GeneralSecurityException e) {
      throw new X509MaterialException("cannot decode a " + name + " private key", e);
    }
  }

  private static char[] requirePassword(Path file, Optional<char[]> password) {
    if (password.isEmpty() || password.get().length == 0) {
      throw new X509MaterialException("the private key in " + file
          + " is encrypted and no password is configured");
    }
    return password.get();
  }

  /** {@code certificates} as PEM {@code CERTIFICATE} blocks, in order. */
  public static String certificates(List<X509Certificate> certificates) {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certificates) {
      try {
        sb.append(block("CERTIFICATE", c.getEncoded()));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new X509MaterialException("cannot encode a certificate", e);
      }
    }
    return sb.toString();
  }

  /** {@code key} as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
  public static String privateKey(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** {@code der} as one PEM block labelled {@code label}. */
  public static String block(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  /**
   * Writes {@code text} to {@code file} through a temporary file in the same directory, moved into
   * place atomically, so a reader (a node reloading its certificate) never sees half a file; the
   * file is owner-only when {@code secret}.
   */
  public static void write(Path file, String text, boolean secret) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".pem-", ".tmp");
      try {
        if (secret) {
          try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
          }
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new X509MaterialException("cannot write " + file + " (" + e.getClass().getSimpleName()
          + ")", e);
    }
  }
}
