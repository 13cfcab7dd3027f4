package io.cdrvault.store;

import io.cdrvault.store.config.Config;
import io.cdrvault.store.config.ConfigDef;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.rocks.StoreSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
  public static final String SYNC_WRITES = "syncWrites";
  public static final String DEK_CACHE_SIZE = "dekCacheSize";
  public static final String MIN_FREE_DISK_BYTES = "minFreeDiskBytes";

  /** Default environment variable holding the keystore password. */
  public static final String DEFAULT_PASSWORD_ENV = "CDRVAULT_KEYSTORE_PASSWORD";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The declarations. */
  public static final ConfigDef DEF = ConfigDef.builder("store")
      .define(DATA_DIR, ConfigDef.Type.PATH, Path.of("data"),
          v -> !v.toString().isBlank(), "a non-empty path",
          "Data directory of the store; RocksDB lives in its 'rocksdb' subdirectory.")
      .define(KEYSTORE_PATH, ConfigDef.Type.PATH, Path.of("data/keys/keystore.p12"),
          v -> !v.toString().isBlank(), "a non-empty path",
          "Keystore file holding the key-encryption keys (aliases kek-v<N>) and the index root key "
              + "(alias index-v1); `cdrvault init` creates it (never over an existing file).")
      .define(KEYSTORE_TYPE, ConfigDef.Type.STRING, "PKCS12",
          v -> Set.of("PKCS12", "BCFKS").contains(v), "PKCS12 or BCFKS",
          "Keystore format: PKCS12 (JDK) or BCFKS (Bouncy Castle FIPS keystore).")
      .define(KEYSTORE_PASSWORD_ENV, ConfigDef.Type.STRING, DEFAULT_PASSWORD_ENV,
          v -> ENV_NAME.matcher((String) v).matches(), "an environment variable name",
          "Name of the environment variable holding the keystore password (the password itself "
              + "is never put in a config file).")
      .define(SYNC_WRITES, ConfigDef.Type.BOOLEAN, false,
          "fsync the write-ahead log on every record batch. Batches and their offsets are atomic "
              + "either way; the audit ledger always syncs.")
      .define(DEK_CACHE_SIZE, ConfigDef.Type.INT, StoreSettings.DEFAULT_DEK_CACHE_SIZE,
          v -> (Integer) v >= 1 && (Integer) v <= 10_000_000, "1..10000000",
          "How many unwrapped data keys (one per customer and month) to keep in memory.")
      .define(MIN_FREE_DISK_BYTES, ConfigDef.Type.LONG, StoreSettings.DEFAULT_MIN_FREE_DISK_BYTES,
          v -> (Long) v >= 0, ">= 0 (bytes; 0 = no check)",
          "Usable space the data directory's file system must keep. Below it every record batch "
              + "fails as retriable (disk-full) with nothing written: ingest pauses, commits no "
              + "offsets and resumes by itself once space is freed. Default 256 MiB.")
      .define(io.cdrvault.store.lifecycle.RetentionPolicy.JURISDICTION, ConfigDef.Type.STRING, "US",
          v -> ((String) v).matches("[A-Z]{2}"), "a two-letter region code",
          "Jurisdiction of this node's records (records carry none): selects the retention.overrides "
              + "and erasure.statutoryMinimum rules that apply.")
      .define(io.cdrvault.store.lifecycle.RetentionPolicy.DEFAULT, ConfigDef.Type.STRING, "P18M",
          io.cdrvault.store.lifecycle.RetentionPolicy::validPeriod, "a positive ISO-8601 period",
          "How long records are kept (from their start time) unless an override applies. Past it "
              + "the retention sweep destroys their data keys and purges them, except what a legal "
              + "hold preserves.")
      .define(io.cdrvault.store.lifecycle.RetentionPolicy.OVERRIDES, ConfigDef.Type.LIST, List.of(),
          io.cdrvault.store.lifecycle.RetentionPolicy::validRules, "entries JUR.TYPE=PERIOD or JUR.default=PERIOD",
          "Retention per jurisdiction and service type, e.g. US.SMS=P6M; must not be below the "
              + "statutory minimum of the same type.")
      .define(io.cdrvault.store.lifecycle.RetentionPolicy.STATUTORY_MINIMUM, ConfigDef.Type.LIST,
          io.cdrvault.store.lifecycle.RetentionPolicy.DEFAULT_MINIMUM_RULES,
          io.cdrvault.store.lifecycle.RetentionPolicy::validRules, "entries JUR.TYPE=PERIOD (empty: none)",
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

  /**
   * The keystore password from the environment variable the config names.
   *
   * @throws ConfigException naming the variable (never a value) when it is unset or empty
   */
  public static char[] keystorePassword(Config c, Map<String, String> env) {
    String name = c.getString(KEYSTORE_PASSWORD_ENV);
    String v = env.get(name);
    if (v == null || v.isEmpty()) {
      throw new ConfigException(List.of("environment variable '" + name + "' (named by key '"
          + KEYSTORE_PASSWORD_ENV + "') must hold the keystore password"));
    }
    return v.toCharArray();
  }
}
