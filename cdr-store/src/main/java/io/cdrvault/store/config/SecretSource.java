package io.cdrvault.store.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one secret (a password, a key) comes from: an environment variable or a file, as container
 * platforms mount secrets (a Kubernetes secret volume, a Docker/Podman secret). The config names the
 * place, never the value: a pair of keys {@code …Env} / {@code …File} (or options
 * {@code --…-env} / {@code --…-file}), of which at most one is set.
 *
 * <p>A file holds the secret as UTF-8; one trailing line break ({@code \n} or {@code \r\n}) is
 * removed, as {@code echo} and editors add one; nothing else is trimmed. A missing, unreadable or
 * empty file, a directory, a file over 64 KiB or one that is not UTF-8 is refused with a message
 * naming the key and the path, never the content. A file other users may read is accepted (the
 * default mode of a Kubernetes secret volume is 0644) but logged once at WARN.
 *
 * <p>Immutable and thread-safe. The caller owns (and may clear) the returned arrays.
 */
public final class SecretSource {
  private static final Logger LOG = LoggerFactory.getLogger(SecretSource.class);
  /** Larger files are not secrets (a certificate chain, a wrong path). */
  static final int MAX_FILE_BYTES = 64 * 1024;

  private final String key;
  private final String envName;
  private final Path file;

  private SecretSource(String key, String envName, Path file) {
    this.key = Objects.requireNonNull(key, "key");
    this.envName = envName;
    this.file = file;
  }

  /** The secret in environment variable {@code name}, named by config key or option {@code key}. */
  public static SecretSource env(String key, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("environment variable name is blank");
    }
    return new SecretSource(key, name, null);
  }

  /** The secret in {@code file}, named by config key or option {@code key}. */
  public static SecretSource file(String key, Path file) {
    return new SecretSource(key, null, Objects.requireNonNull(file, "file"));
  }

  /**
   * The one place a pair of keys configures: {@code envKey} names an environment variable,
   * {@code fileKey} a file; blank means unset. {@code defaultEnv} is {@code envKey}'s declared
   * default (null: none): a file overrides it, so setting only {@code fileKey} is enough where the
   * env key has a default.
   *
   * @return empty when neither is set (and {@code envKey} has no default)
   * @throws ConfigException naming both keys when both are set
   */
  public static Optional<SecretSource> of(String envKey, String envName, String fileKey,
      String filePath, String defaultEnv) {
    boolean hasEnv = envName != null && !envName.isBlank();
    boolean hasFile = filePath != null && !filePath.isBlank();
    if (hasEnv && hasFile && !envName.equals(defaultEnv)) {
      throw new ConfigException(List.of("set only one of keys '" + envKey + "' and '" + fileKey
          + "' (the secret comes from an environment variable or a file)"));
    }
    if (hasFile) {
      return Optional.of(file(fileKey, Path.of(filePath.strip())));
    }
    return hasEnv ? Optional.of(env(envKey, envName.strip())) : Optional.empty();
  }

  /** The config key or option that named this place (for messages). */
  public String key() {
    return key;
  }

  /** The file, or empty for an environment variable. */
  public Optional<Path> path() {
    return Optional.ofNullable(file);
  }

  /**
   * The secret.
   *
   * @param env the process environment (tests pass their own)
   * @throws ConfigException naming the key and the variable or path (never the value) when it is
   *     unset, empty or unreadable; {@code what} says which secret ("the keystore password")
   */
  public char[] read(Map<String, String> env, String what) {
    if (envName != null) {
      String v = env.get(envName);
      if (v == null || v.isEmpty()) {
        throw new ConfigException(List.of("environment variable '" + envName + "' (named by key '"
            + key + "') must hold " + what));
      }
      return v.toCharArray();
    }
    return readFile(what);
  }

  private char[] readFile(String what) {
    String where = "file " + file + " (key '" + key + "')";
    byte[] bytes = null;
    try {
      if (Files.isDirectory(file)) {
        throw problem(where + " is a directory, not a file holding " + what);
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw problem(where + " is larger than " + MAX_FILE_BYTES + " bytes: not " + what);
      }
      warnIfOthersMayRead(file);
      bytes = Files.readAllBytes(file);
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\n') {
        n--;
        if (n > 0 && bytes[n - 1] == '\r') {
          n--;
        }
      }
      if (n == 0) {
        throw problem(where + " is empty; it must hold " + what);
      }
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      Arrays.fill(chars.array(), '\0');
      return out;
    } catch (NoSuchFileException e) {
      throw problem(where + " does not exist; it must hold " + what);
    } catch (CharacterCodingException e) {
      throw problem(where + " is not UTF-8 text");
    } catch (IOException e) {
      throw problem(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  private static ConfigException problem(String message) {
    return new ConfigException(List.of(message));
  }

  private static void warnIfOthersMayRead(Path f) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(f, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> p = view.readAttributes().permissions();
    if (p.contains(PosixFilePermission.OTHERS_READ)) {
      LOG.warn("secret file {} is readable by every user of this system; make it 0400 or 0440 "
          + "(Kubernetes: defaultMode 0400 on the secret volume)", f);
    }
  }

  /** Where, never what: {@code file /run/secrets/x (key 'k')} or {@code env NAME (key 'k')}. */
  @Override
  public String toString() {
    return (envName != null ? "env " + envName : "file " + file) + " (key '" + key + "')";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretSource s && key.equals(s.key) && Objects.equals(envName, s.envName)
        && Objects.equals(file, s.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, envName, file);
  }
}
