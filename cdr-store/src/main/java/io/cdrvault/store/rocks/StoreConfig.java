package io.cdrvault.store.rocks;

import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef;
import io.cdrvault.store.config.ConfigDef.Type;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.config.Range;
import io.cdrvault.store.config.SecretSource;
import io.cdrvault.store.config.ValidString;
import io.cdrvault.store.config.Validator;
import io.cdrvault.store.config.Validators;
import io.cdrvault.store.lifecycle.RetentionPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The store module's declared configuration (the {@code store.} section of a node config).
 *
 * <p>Stateless and thread-safe.
 */
public final class StoreConfig {
  public static final String DATA_DIR = "dataDir";
  public static final String KEYSTORE_PATH = "keystore.path";
  public static final String KEYSTORE_TYPE = "keystore.type";
  public static final String KEYSTORE_PASSWORD_ENV = "keystore.passwordEnv";
  public static final String KEYSTORE_PASSWORD_FILE = "keystore.passwordFile";
  public static final String SYNC_WRITES = "syncWrites";
  public static final String DEK_CACHE_SIZE = "dekCacheSize";
  public static final String MIN_FREE_DISK_BYTES = "minFreeDiskBytes";

  /** Default environment variable holding the keystore password. */
  public static final String DEFAULT_PASSWORD_ENV = "CDRVAULT_KEYSTORE_PASSWORD";

  /** The declarations. */
  public static final ConfigDef DEF = ConfigDef.builder("store")
      .define(DATA_DIR, Type.PATH, Path.of("data"), Validators.nonEmptyPath(),
          "Data directory of the store; RocksDB lives in its 'rocksdb' subdirectory.")
      .define(KEYSTORE_PATH, Type.PATH, Path.of("data/keys/keystore.p12"),
          Validators.nonEmptyPath(),
          "Keystore file holding the key-encryption keys (aliases kek-v<N>) and the index root key "
              + "(alias index-v1); `cdrvault init` creates it (never over an existing file).")
      .define(KEYSTORE_TYPE, Type.STRING, "PKCS12", ValidString.in("PKCS12", "BCFKS"),
          "Keystore format: PKCS12 (JDK) or BCFKS (Bouncy Castle FIPS keystore).")
      .define(KEYSTORE_PASSWORD_ENV, Type.STRING, DEFAULT_PASSWORD_ENV,
          Validators.matching("[A-Za-z_][A-Za-z0-9_]*", "an environment variable name"),
          "Name of the environment variable holding the keystore password (the password itself "
              + "is never put in a config file); ignored when keystore.passwordFile is set.")
      .define(KEYSTORE_PASSWORD_FILE, Type.STRING, "",
          "File holding the keystore password (e.g. a mounted Kubernetes secret; one trailing "
              + "newline is ignored); empty = take it from keystore.passwordEnv. Set at most one "
              + "of the two to a non-default value.")
      .define(SYNC_WRITES, Type.BOOLEAN, false,
          "fsync the write-ahead log on every record batch. Batches and their offsets are atomic "
              + "either way; the audit ledger always syncs.")
      .define(DEK_CACHE_SIZE, Type.INT, StoreSettings.DEFAULT_DEK_CACHE_SIZE,
          Range.between(1, 10_000_000),
          "How many unwrapped data keys (one per customer and month) to keep in memory.")
      .define(MIN_FREE_DISK_BYTES, Type.LONG, StoreSettings.DEFAULT_MIN_FREE_DISK_BYTES,
          Range.atLeast(0),
          "Usable space (bytes) the data directory's file system must keep; 0 = no check. Below "
              + "it every record batch fails as retriable (disk-full) with nothing written: ingest "
              + "pauses, commits no offsets and resumes by itself once space is freed. Default "
              + "256 MiB.")
      .define(RetentionPolicy.JURISDICTION, Type.STRING, "US",
          Validators.matching("[A-Z]{2}", "a two-letter region code"),
          "Jurisdiction of this node's records (records carry none): selects the retention.overrides "
              + "and erasure.statutoryMinimum rules that apply.")
      .define(RetentionPolicy.DEFAULT, Type.STRING, RetentionPolicy.DEFAULT_RETENTION.toString(),
          Validator.of("a positive ISO-8601 period", RetentionPolicy::validPeriod),
          "How long records are kept (from their start time) unless an override applies. Past it "
              + "the retention sweep destroys their data keys and purges them, except what a legal "
              + "hold preserves.")
      .define(RetentionPolicy.OVERRIDES, Type.LIST, List.of(),
          Validator.of("entries JUR.TYPE=PERIOD or JUR.default=PERIOD",
              RetentionPolicy::validRules),
          "Retention per jurisdiction and service type, e.g. US.SMS=P6M; must not be below the "
              + "statutory minimum of the same type.")
      .define(RetentionPolicy.STATUTORY_MINIMUM, Type.LIST, RetentionPolicy.DEFAULT_MINIMUM_RULES,
          Validator.of("entries JUR.TYPE=PERIOD (empty: none)", RetentionPolicy::validRules),
          "Mandatory retention an erasure must wait for: a customer's erasure is deferred until their "
              + "youngest record of the type is this old. Default US.VOICE=P18M (47 CFR 42.6, toll "
              + "records; all voice records are treated as toll records).")
      .build();

  private StoreConfig() {}

  /** Parses and validates the store section. */
  public static Config parse(Map<String, ?> raw) {
    return DEF.parse(raw);
  }

  /** The store settings of a parsed config. */
  public static StoreSettings settings(Config c) {
    return new StoreSettings(c.getPath(DATA_DIR), c.getBoolean(SYNC_WRITES), c.getInt(DEK_CACHE_SIZE),
        c.getLong(MIN_FREE_DISK_BYTES));
  }

  /** Where the keystore password comes from: {@code keystore.passwordFile}, else the env variable. */
  public static SecretSource keystorePasswordSource(Config c) {
    return SecretSource.of(KEYSTORE_PASSWORD_ENV, c.getString(KEYSTORE_PASSWORD_ENV),
        KEYSTORE_PASSWORD_FILE, c.getString(KEYSTORE_PASSWORD_FILE), DEFAULT_PASSWORD_ENV)
        .orElseThrow(() -> new ConfigException(List.of("key '" + KEYSTORE_PASSWORD_ENV + "' or '"
            + KEYSTORE_PASSWORD_FILE + "' must say where the keystore password is")));
  }

  /**
   * The keystore password from the file or environment variable the config names.
   *
   * @throws ConfigException naming the key and the variable or file (never a value) when it is
   *     unset, empty or unreadable, or both keys are set
   */
  public static char[] keystorePassword(Config c, Map<String, String> env) {
    return keystorePasswordSource(c).read(env, "the keystore password");
  }
}
