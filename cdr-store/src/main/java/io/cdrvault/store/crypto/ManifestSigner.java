package io.cdrvault.store.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * An Ed25519 signing key for export manifests (Bouncy Castle lightweight API). The private key is
 * stored as a password-encrypted PKCS#8 PEM file ({@code ENCRYPTED PRIVATE KEY}, PBES2 with
 * HMAC-SHA256 and AES-256); the public key travels as X.509 {@code SubjectPublicKeyInfo} DER, which
 * {@code openssl pkey -pubin -inform DER} reads. Key material never appears in {@link #toString()},
 * logs or exception messages.
 *
 * <p>Immutable and thread-safe (each {@link #sign} uses its own signer). Arguments are non-null.
 */
public final class ManifestSigner {
  /** Length of a raw Ed25519 public key. */
  public static final int RAW_PUBLIC_KEY_BYTES = Ed25519PublicKeyParameters.KEY_SIZE;

  private static final int AES_256_BYTES = 32;
  private static final int PBE_ITERATIONS = 210_000;
  private static final String PEM_LABEL = "ENCRYPTED PRIVATE KEY";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] rawPublicKey;

  private ManifestSigner(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.rawPublicKey = privateKey.generatePublicKey().getEncoded();
  }

  /** A fresh random key pair. */
  public static ManifestSigner generate() {
    return new ManifestSigner(new Ed25519PrivateKeyParameters(RANDOM));
  }

  /**
   * Loads a key written by {@link #save}.
   *
   * @throws KeyringException if the file is missing or damaged, the password is wrong, or it holds
   *     no Ed25519 key (the message names the file, never the password)
   */
  public static ManifestSigner load(Path keyFile, char[] password) {
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(password, "password");
    byte[] der;
    try {
      der = fromPem(Files.readString(keyFile, StandardCharsets.US_ASCII));
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyringException("signing key file " + keyFile + " could not be read as "
          + PEM_LABEL + " PEM", e);
    }
    byte[] pkcs8 = null;
    try {
      EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(der);
      AlgorithmIdentifier alg = info.getEncryptionAlgorithm();
      if (!PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
        throw new KeyringException("signing key file " + keyFile + " uses an unsupported encryption");
      }
      PBES2Parameters pbes2 = PBES2Parameters.getInstance(alg.getParameters());
      PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
      if (!PKCSObjectIdentifiers.id_PBKDF2.equals(pbes2.getKeyDerivationFunc().getAlgorithm())
          || !PKCSObjectIdentifiers.id_hmacWithSHA256.equals(kdf.getPrf().getAlgorithm())
          || !NISTObjectIdentifiers.id_aes256_CBC.equals(pbes2.getEncryptionScheme().getAlgorithm())) {
        throw new KeyringException("signing key file " + keyFile + " uses an unsupported encryption");
      }
      byte[] iv = ASN1OctetString.getInstance(pbes2.getEncryptionScheme().getParameters()).getOctets();
      Cipher cipher = aesCbc(Cipher.DECRYPT_MODE, password, kdf.getSalt(),
          kdf.getIterationCount().intValueExact(), iv);
      pkcs8 = cipher.doFinal(info.getEncryptedData());
      AsymmetricKeyParameter key = PrivateKeyFactory.createKey(pkcs8);
      if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
        throw new KeyringException("signing key file " + keyFile + " holds no Ed25519 key");
      }
      return new ManifestSigner(ed);
    } catch (KeyringException e) {
      throw e;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new KeyringException("signing key file " + keyFile
          + " could not be decrypted: wrong password or damaged file", e);
    } finally {
      if (pkcs8 != null) {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }
  }

  /**
   * Writes the private key, encrypted under {@code password}, to {@code keyFile} (owner-only
   * permissions where the file system supports them; replaced atomically).
   *
   * @throws KeyringException if the file cannot be written
   */
  public void save(Path keyFile, char[] password) {
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(password, "password");
    byte[] pkcs8 = null;
    try {
      // PKCS#8 v1 without the optional public key, which OpenSSL 3 reads as well
      PrivateKeyInfo full = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey);
      pkcs8 = new PrivateKeyInfo(full.getPrivateKeyAlgorithm(), full.parsePrivateKey()).getEncoded();
      byte[] salt = new byte[16];
      byte[] iv = new byte[16];
      RANDOM.nextBytes(salt);
      RANDOM.nextBytes(iv);
      Cipher cipher = aesCbc(Cipher.ENCRYPT_MODE, password, salt, PBE_ITERATIONS, iv);
      byte[] encrypted = cipher.doFinal(pkcs8);
      PBES2Parameters pbes2 = new PBES2Parameters(
          new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt,
              PBE_ITERATIONS, AES_256_BYTES,
              new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
          new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
      byte[] der = new EncryptedPrivateKeyInfo(
          new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2), encrypted).getEncoded();
      Path dir = keyFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".signing-key", ".tmp");
      try {
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system; rely on the directory's protection
        }
        Files.writeString(tmp, toPem(der), StandardCharsets.US_ASCII);
        Files.move(tmp, keyFile, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyringException("signing key file " + keyFile + " could not be written", e);
    } finally {
      if (pkcs8 != null) {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }
  }

  /** The Ed25519 signature (64 bytes) of exactly {@code message}. */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** The public key as X.509 {@code SubjectPublicKeyInfo} DER. */
  public byte[] publicKeyDer() {
    try {
      return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
          new Ed25519PublicKeyParameters(rawPublicKey, 0)).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an Ed25519 public key", e);
    }
  }

  /** The raw 32-byte public key. */
  public byte[] rawPublicKey() {
    return rawPublicKey.clone();
  }

  /** {@code sha256:} and the lowercase hex SHA-256 of the raw public key. */
  public String fingerprint() {
    return fingerprint(rawPublicKey);
  }

  /** {@code sha256:} and the lowercase hex SHA-256 of a raw 32-byte public key. */
  public static String fingerprint(byte[] rawPublicKey) {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(rawPublicKey));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The raw 32-byte Ed25519 public key from either a raw key or X.509 {@code SubjectPublicKeyInfo}
   * DER.
   *
   * @throws IllegalArgumentException if {@code encoded} is neither (message names no bytes)
   */
  public static byte[] decodePublicKey(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length == RAW_PUBLIC_KEY_BYTES) {
      return encoded.clone();
    }
    try {
      AsymmetricKeyParameter key = PublicKeyFactory.createKey(encoded);
      if (key instanceof Ed25519PublicKeyParameters ed) {
        return ed.getEncoded();
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
    throw new IllegalArgumentException("not an Ed25519 public key");
  }

  /**
   * Whether {@code signature} is a valid Ed25519 signature of {@code message} under the raw
   * 32-byte {@code rawPublicKey}. Malformed keys or signatures are simply invalid.
   */
  public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    Objects.requireNonNull(rawPublicKey, "rawPublicKey");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (rawPublicKey.length != RAW_PUBLIC_KEY_BYTES
        || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(rawPublicKey, 0));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Cipher aesCbc(int mode, char[] password, byte[] salt, int iterations, byte[] iv)
      throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, AES_256_BYTES * 8);
    byte[] key = null;
    try {
      key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher;
    } finally {
      spec.clearPassword();
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  private static String toPem(byte[] der) {
    return "-----BEGIN " + PEM_LABEL + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + PEM_LABEL + "-----\n";
  }

  private static byte[] fromPem(String pem) {
    String begin = "-----BEGIN " + PEM_LABEL + "-----";
    String end = "-----END " + PEM_LABEL + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("no " + PEM_LABEL + " block");
    }
    return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
  }

  @Override
  public String toString() {
    return "ManifestSigner[Ed25519 " + fingerprint() + "]";
  }
}
