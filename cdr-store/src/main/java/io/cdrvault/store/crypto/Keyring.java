package io.cdrvault.store.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key-encryption keys ({@code kek-v<N>}, AES-256; the highest N is current) and the index root
 * key ({@code index-v1}) loaded from a PKCS#12 or BCFKS keystore. Key material never leaves this
 * package and never appears in {@link #toString()}, logs or exception messages.
 *
 * <p>Immutable and thread-safe. The caller owns the password array; it is not retained.
 */
public final class Keyring {
  private static final Logger LOG = LoggerFactory.getLogger(Keyring.class);

  /** Alias prefix of key-encryption keys; the version follows ({@code kek-v1}). */
  public static final String KEK_PREFIX = "kek-v";
  /** Alias of the index root key from which the customer-tag key is derived. */
  public static final String INDEX_ALIAS = "index-v1";

  private static final Pattern KEK_ALIAS = Pattern.compile("kek-v([1-9][0-9]{0,8})");
  private static final int AES_256_BYTES = 32;

  private final String type;
  private final NavigableMap<Integer, SecretKey> keks;
  private final SecretKey indexRoot;

  private Keyring(String type, NavigableMap<Integer, SecretKey> keks, SecretKey indexRoot) {
    this.type = type;
    this.keks = Collections.unmodifiableNavigableMap(keks);
    this.indexRoot = indexRoot;
  }

  /**
   * Loads the keyring from an existing keystore file.
   *
   * @param keystoreType {@code PKCS12} or {@code BCFKS}
   * @throws KeyringException if the file is missing or unreadable, the password is wrong, or a
   *     required alias ({@code kek-v1..}, {@code index-v1}) is missing
   */
  public static Keyring load(Path keystoreFile, String keystoreType, char[] password) {
    Objects.requireNonNull(keystoreFile, "keystoreFile");
    Objects.requireNonNull(password, "password");
    String type = normaliseType(keystoreType);
    if (!Files.isRegularFile(keystoreFile)) {
      throw new KeyringException("keystore file " + keystoreFile + " does not exist");
    }
    return fromKeyStore(readKeyStore(keystoreFile, type, password), keystoreFile, type, password);
  }

  private static KeyStore readKeyStore(Path keystoreFile, String type, char[] password) {
    KeyStore ks = newKeyStore(type);
    try (InputStream in = Files.newInputStream(keystoreFile)) {
      ks.load(in, password);
    } catch (IOException e) {
      throw new KeyringException("keystore " + keystoreFile + " (" + type
          + ") could not be opened: wrong password or damaged file", e);
    } catch (GeneralSecurityException e) {
      throw new KeyringException("keystore " + keystoreFile + " (" + type
          + ") could not be opened: " + e.getClass().getSimpleName(), e);
    }
    return ks;
  }

  /**
   * Adds a new key-encryption key, version (highest present + 1), fresh random AES-256, to the
   * keystore file and returns its version. The file is rewritten atomically (written and synced to
   * a temporary file, then renamed over the old one) while holding an exclusive lock on
   * {@code <file>.lock}; every other entry is kept. Keyrings loaded afterwards wrap new data keys
   * with the new version; existing data keys keep opening with theirs until rewrapped. A running
   * node sees the new version after a restart.
   *
   * @throws KeyringException if the keystore cannot be opened (missing, wrong password, no KEK) or
   *     written
   */
  public static int addKekVersion(Path keystoreFile, String keystoreType, char[] password) {
    Objects.requireNonNull(keystoreFile, "keystoreFile");
    Objects.requireNonNull(password, "password");
    String type = normaliseType(keystoreType);
    return withFileLock(keystoreFile, () -> {
      Keyring current = load(keystoreFile, type, password);
      int next = current.currentKekVersion() + 1;
      KeyStore ks = readKeyStore(keystoreFile, type, password);
      try {
        ks.setEntry(KEK_PREFIX + next, new KeyStore.SecretKeyEntry(randomAesKey(new SecureRandom())),
            new KeyStore.PasswordProtection(password));
        writeAtomically(ks, keystoreFile, password);
      } catch (IOException | GeneralSecurityException e) {
        throw new KeyringException("keystore " + keystoreFile + " (" + type
            + ") could not be written: " + e.getClass().getSimpleName(), e);
      }
      LOG.info("added key-encryption key version {} to keystore {}", next, keystoreFile);
      return next;
    });
  }

  /**
   * Removes key-encryption key {@code version} from the keystore file (atomically, under the same
   * lock as {@link #addKekVersion}). The caller must first make sure no stored data key is still
   * wrapped under it (see {@code KeyMaintenance.retire}), or those keys and their records become
   * unreadable for good.
   *
   * @throws KeyringException if the version is not present or is the current (highest) one, or the
   *     keystore cannot be opened or written
   */
  public static void removeKekVersion(Path keystoreFile, String keystoreType, char[] password,
      int version) {
    Objects.requireNonNull(keystoreFile, "keystoreFile");
    Objects.requireNonNull(password, "password");
    String type = normaliseType(keystoreType);
    withFileLock(keystoreFile, () -> {
      Keyring current = load(keystoreFile, type, password);
      if (!current.keks.containsKey(version)) {
        throw new KeyringException("keystore " + keystoreFile + " has no key-encryption key version "
            + version);
      }
      if (version == current.currentKekVersion()) {
        throw new KeyringException("key-encryption key version " + version + " is the current one "
            + "and cannot be retired; rotate first");
      }
      KeyStore ks = readKeyStore(keystoreFile, type, password);
      try {
        Enumeration<String> aliases = ks.aliases();
        List<String> matching = new ArrayList<>();
        while (aliases.hasMoreElements()) {
          String alias = aliases.nextElement();
          if (alias.toLowerCase(Locale.ROOT).equals(KEK_PREFIX + version)) {
            matching.add(alias);
          }
        }
        for (String alias : matching) {
          ks.deleteEntry(alias);
        }
        writeAtomically(ks, keystoreFile, password);
      } catch (IOException | GeneralSecurityException e) {
        throw new KeyringException("keystore " + keystoreFile + " (" + type
            + ") could not be written: " + e.getClass().getSimpleName(), e);
      }
      LOG.info("removed key-encryption key version {} from keystore {}", version, keystoreFile);
      return null;
    });
  }

  private static <T> T withFileLock(Path keystoreFile, java.util.function.Supplier<T> action) {
    Path lockFile = keystoreFile.toAbsolutePath().resolveSibling(keystoreFile.getFileName() + ".lock");
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      return action.get();
    } catch (IOException e) {
      throw new KeyringException("keystore lock file " + lockFile + " could not be locked", e);
    }
  }

  /**
   * Creates a new keystore file with {@code kek-v1} and {@code index-v1} (fresh random AES-256 keys)
   * and returns its keyring.
   *
   * @throws KeyringException if the file already exists or cannot be written
   */
  public static Keyring create(Path keystoreFile, String keystoreType, char[] password) {
    Objects.requireNonNull(keystoreFile, "keystoreFile");
    Objects.requireNonNull(password, "password");
    String type = normaliseType(keystoreType);
    if (Files.exists(keystoreFile)) {
      throw new KeyringException("keystore file " + keystoreFile + " already exists");
    }
    SecureRandom random = new SecureRandom();
    TreeMap<Integer, SecretKey> keks = new TreeMap<>();
    keks.put(1, randomAesKey(random));
    SecretKey index = randomAesKey(random);
    KeyStore ks = newKeyStore(type);
    try {
      ks.load(null, password);
      KeyStore.ProtectionParameter prot = new KeyStore.PasswordProtection(password);
      ks.setEntry(KEK_PREFIX + 1, new KeyStore.SecretKeyEntry(keks.get(1)), prot);
      ks.setEntry(INDEX_ALIAS, new KeyStore.SecretKeyEntry(index), prot);
      writeAtomically(ks, keystoreFile, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyringException("keystore " + keystoreFile + " (" + type + ") could not be written: "
          + e.getClass().getSimpleName(), e);
    }
    return new Keyring(type, keks, index);
  }

  /**
   * Opens the PKCS#12 keystore at {@code keystoreFile}, creating it with random demo keys when it is
   * missing (and logging a loud warning: such keys are only as safe as the file and its password).
   */
  public static Keyring openOrCreateDemo(Path keystoreFile, char[] password) {
    if (Files.exists(keystoreFile)) {
      return load(keystoreFile, "PKCS12", password);
    }
    Keyring k = create(keystoreFile, "PKCS12", password);
    LOG.warn("*** DEMO KEYS *** generated a new demo keystore at {}: records are protected only by "
        + "this file and its password. Do NOT use demo keys for real CPNI; provision a keystore "
        + "(PKCS12/BCFKS) from your key management instead.", keystoreFile);
    return k;
  }

  /** The keystore type, {@code PKCS12} or {@code BCFKS}. */
  public String type() {
    return type;
  }

  /** Version of the KEK that wraps new data keys (the highest present). */
  public int currentKekVersion() {
    return keks.lastKey();
  }

  /** All KEK versions present, ascending. */
  public SortedSet<Integer> kekVersions() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(keks.keySet()));
  }

  SecretKey kek(int version) {
    SecretKey k = keks.get(version);
    if (k == null) {
      throw new DataKeyException("key-encryption key version " + version + " is not in the keyring");
    }
    return k;
  }

  SecretKey indexRootKey() {
    return indexRoot;
  }

  @Override
  public String toString() {
    return "Keyring[type=" + type + " kekVersions=" + keks.keySet() + " index=present]";
  }

  private static Keyring fromKeyStore(KeyStore ks, Path file, String type, char[] password) {
    TreeMap<Integer, SecretKey> keks = new TreeMap<>();
    SecretKey index = null;
    try {
      Enumeration<String> aliases = ks.aliases();
      while (aliases.hasMoreElements()) {
        String alias = aliases.nextElement();
        String lower = alias.toLowerCase(Locale.ROOT);
        Matcher m = KEK_ALIAS.matcher(lower);
        if (m.matches()) {
          keks.put(Integer.parseInt(m.group(1)), aesKey(ks, alias, file, password));
        } else if (lower.equals(INDEX_ALIAS)) {
          index = aesKey(ks, alias, file, password);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new KeyringException("keystore " + file + " could not be listed: "
          + e.getClass().getSimpleName(), e);
    }
    if (keks.isEmpty()) {
      throw new KeyringException("keystore " + file + " (" + type + ") has no key-encryption key "
          + "(alias " + KEK_PREFIX + "<N>)");
    }
    if (index == null) {
      throw new KeyringException("keystore " + file + " (" + type + ") has no index root key (alias "
          + INDEX_ALIAS + ")");
    }
    return new Keyring(type, keks, index);
  }

  private static SecretKey aesKey(KeyStore ks, String alias, Path file, char[] password)
      throws GeneralSecurityException {
    Key key;
    try {
      key = ks.getKey(alias, password);
    } catch (UnrecoverableKeyException e) {
      throw new KeyringException("key '" + alias + "' in keystore " + file
          + " could not be recovered: its password differs from the keystore's", e);
    }
    if (key == null) {
      throw new KeyringException("alias '" + alias + "' in keystore " + file + " is not a secret key");
    }
    byte[] encoded = key.getEncoded();
    if (encoded == null || encoded.length != AES_256_BYTES) {
      throw new KeyringException("key '" + alias + "' in keystore " + file + " is not a 256-bit key");
    }
    return new SecretKeySpec(encoded, "AES");
  }

  private static SecretKey randomAesKey(SecureRandom random) {
    byte[] b = new byte[AES_256_BYTES];
    random.nextBytes(b);
    return new SecretKeySpec(b, "AES");
  }

  private static void writeAtomically(KeyStore ks, Path file, char[] password)
      throws IOException, GeneralSecurityException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".keystore", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; rely on the directory's protection
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      ks.store(buf, password);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(buf.toByteArray());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String normaliseType(String keystoreType) {
    Objects.requireNonNull(keystoreType, "keystoreType");
    String t = keystoreType.toUpperCase(Locale.ROOT);
    if (!t.equals("PKCS12") && !t.equals("BCFKS")) {
      throw new KeyringException("keystore type must be PKCS12 or BCFKS, not " + keystoreType);
    }
    return t;
  }

  private static KeyStore newKeyStore(String type) {
    try {
      return type.equals("BCFKS")
          ? KeyStore.getInstance("BCFKS", BouncyCastleHolder.PROVIDER)
          : KeyStore.getInstance("PKCS12");
    } catch (GeneralSecurityException e) {
      throw new KeyringException("keystore type " + type + " is not available", e);
    }
  }

  /** Bouncy Castle, created on first use and handed to JCA calls directly (not registered globally). */
  static final class BouncyCastleHolder {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastleHolder() {}
  }
}
