package io.cdrvault.app.cli;

import io.cdrvault.store.rocks.Backups;
import io.cdrvault.store.rocks.KeyDatabase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault backup --data-dir DIR --to BACKUP_DIR [--keys [--keep N]]}: an incremental,
 * verified RocksDB backup of the data database (records, index, audit, registries — never data
 * keys) or, with {@code --keys}, of the key database. Offline: stop the node first (a running
 * node's lock makes it fail with a clear message). Exit 0 done, 2 usage or configuration error.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {"Back up the data database (default) or, with --keys, the key database.",
        "Offline (stop the node first). Incremental; each backup is verified after it is taken.",
        "Data backups hold no data keys, so what is erased or expired after a backup stays",
        "unreadable when it is restored. Key backups must be expired within the erasure deadline",
        "(--keep)."})
final class BackupCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
      description = "The node's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--to", paramLabel = "BACKUP_DIR", required = true,
      description = "Backup directory (one per kind: data and key backups never share one).")
  Path to;

  @Option(names = "--keys", description = "Back up the key database (DIR/keydb) instead.")
  boolean keys;

  @Option(names = "--keep", paramLabel = "N", defaultValue = "0",
      description = "With --keys: keep only the newest N key backups in BACKUP_DIR (0 = all).")
  int keep;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (keep < 0) {
      spec.commandLine().getErr().println("cdrvault: --keep must be >= 0");
      return CdrVaultCli.USAGE_ERROR;
    }
    Backups.BackupSummary b = keys
        ? Backups.backupKeys(dataDir, to, keep, StoreOptions.operator(), Clock.systemUTC())
        : Backups.backupData(dataDir, to, StoreOptions.operator(), Clock.systemUTC());
    out.println((keys ? "key" : "data") + " backup " + b.id() + " written to " + to + " ("
        + b.files() + " files, " + b.sizeBytes() + " bytes) and verified ("
        + b.verifiedEntries() + (keys ? " wrapped data keys)" : " audit entries)"));
    if (keys) {
      out.println("WARNING: this key backup can bring back data keys destroyed after it (erasure, "
          + "retention). Keep it encrypted and offline, and expire it within the erasure deadline.");
    } else {
      out.println("the key database (" + dataDir.resolve(KeyDatabase.DIR_NAME) + ") is not in it: "
          + "restored records open only with the live key database");
    }
    return 0;
  }
}
