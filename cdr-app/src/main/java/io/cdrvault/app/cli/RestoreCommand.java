package io.cdrvault.app.cli;

import io.cdrvault.store.rocks.Backups;
import io.cdrvault.store.rocks.KeyDatabase;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault restore --from BACKUP_DIR --data-dir DIR [--backup-id N] [--replace] [--keys]}:
 * restores a data backup into {@code DIR/rocksdb}, keeping the live key database
 * {@code DIR/keydb}; with {@code --keys}, restores a key backup into a missing {@code DIR/keydb}.
 * Offline. Exit 0 done, 2 usage or configuration error.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {"Restore a data backup into DIR/rocksdb, keeping the live key database DIR/keydb",
        "(so customers erased and months expired since the backup stay unreadable). With --keys,",
        "restore a key backup where the key database was lost. Offline (stop the node first)."})
final class RestoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--from", paramLabel = "BACKUP_DIR", required = true, description = "Backup directory.")
  Path from;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
      description = "The node's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--backup-id", paramLabel = "N", description = "Which backup (default: the newest).")
  Integer backupId;

  @Option(names = "--replace", description = "Replace an existing data database (never the key database).")
  boolean replace;

  @Option(names = "--keys", description = "Restore a key backup into a missing DIR/keydb.")
  boolean keys;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (keys) {
      Backups.BackupSummary b = Backups.restoreKeys(from, backupId, dataDir);
      out.println("restored key backup " + b.id() + " (taken " + b.time() + ") into "
          + dataDir.resolve(KeyDatabase.DIR_NAME));
      out.println("WARNING: data keys destroyed after " + b.time() + " are back. Re-run every erasure "
          + "and retention sweep recorded in the audit ledger since then before serving reads.");
      return 0;
    }
    Backups.BackupSummary b = Backups.restoreData(from, backupId, dataDir, replace,
        StoreOptions.operator(), Clock.systemUTC());
    out.println("restored data backup " + b.id() + " (taken " + b.time() + ") into "
        + dataDir.resolve("rocksdb"));
    Path keyDb = dataDir.resolve(KeyDatabase.DIR_NAME);
    if (!Files.isDirectory(keyDb)) {
      out.println("NOTE: no key database at " + keyDb + ": move the live one there (do not copy it) "
          + "before starting the node; records do not open without it");
    } else {
      out.println("kept the live key database " + keyDb);
    }
    return 0;
  }
}
