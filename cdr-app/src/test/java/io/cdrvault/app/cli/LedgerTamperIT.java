package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.app.node.Node;
import io.cdrvault.ingest.directory.SubscriberDirectory;
import io.cdrvault.ingest.pipeline.IngestSettings;
import io.cdrvault.query.auth.PolicyFile;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.http.ApiSettings;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.store.audit.HeadAnchor;
import io.cdrvault.store.audit.RocksAuditLedger;
import io.cdrvault.store.crypto.Keyring;
import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.rocks.RocksCdrStore;
import io.cdrvault.store.rocks.StoreSettings;
import io.cdrvault.store.testing.Grants;
import io.cdrvault.store.testing.RawRocksDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The ledger damaged where RocksDB keeps it — inside the write-ahead log, at its tail, in a table
 * file, or its tail deleted together with the newest checkpoint — always fails {@code audit
 * verify} with exit 1 naming where, and the node refuses to start on it.
 *
 * <p>A ledger of 100 entries is written by a real store with signed checkpoints at 30, 60 and 90.
 * A <em>crash image</em> (the files as a killed node leaves them: everything in the write-ahead
 * log, no table file) is copied while the store is open; then the store stops cleanly (checkpoint
 * 100, flush, anchor file).
 */
class LedgerTamperIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final int ENTRIES = 100;

  @TempDir Path base;

  private Path dataDir;
  private Path crashDir;
  private Keyring keyring;
  private ExportSigner signer;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeLedger() throws IOException {
    dataDir = base.resolve("data");
    crashDir = base.resolve("crash");
    keyring = Keyring.create(base.resolve("keys/ks.p12"), "PKCS12", "pw".toCharArray());
    signer = ExportSigner.generate();
    try (RocksCdrStore store = open(dataDir)) {
      RocksAuditLedger ledger = store.auditLedger();
      for (int i = 1; i <= ENTRIES; i++) {
        Grants.billing(store, CustomerId.of("C-" + i), Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-02-01T00:00:00Z"), CLOCK);
        if (i % 30 == 0) {
          assertThat(ledger.checkpoint(signer.manifestSigner(), CLOCK.instant())).isPresent();
        }
      }
      copyTree(dataDir, crashDir); // what a node killed now would leave
      assertThat(ledger.checkpoint(signer.manifestSigner(), CLOCK.instant())).isPresent();
    } // clean stop: flush
  }

  private RocksCdrStore open(Path dir) {
    return RocksCdrStore.open(StoreSettings.defaults(dir), keyring, new SimpleMeterRegistry(), CLOCK);
  }

  private int verify(Path dir) {
    CommandLine cl = CdrVaultCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute("audit", "verify", "--data-dir", dir.toString());
  }

  private Node.Settings nodeSettings(Path dir) {
    return new Node.Settings(StoreSettings.defaults(dir),
        IngestSettings.defaults("127.0.0.1:9", "cdrs"), ApiSettings.of("127.0.0.1", 0),
        Principals.of(List.of()), PolicyFile.load(Path.of("..", "config", "policy.yaml")),
        SubscriberDirectory.empty()).withSigner(signer);
  }

  @Test
  void cleanStop_leavesTheLedgerInTableFiles_andAnchorsItsHeadBesideTheDatabase() throws IOException {
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      assertThat(raw.tableFiles("audit")).isNotEmpty();
    }
    for (Path log : writeAheadLogs(dataDir)) {
      assertThat(indexOf(Files.readAllBytes(log), "{\"seq\":")).as("audit entry in %s", log).isEqualTo(-1);
    }
    assertThat(HeadAnchor.in(dataDir).read()).hasValueSatisfying(a -> assertThat(a.sequence()).isEqualTo(ENTRIES));

    assertThat(verify(dataDir)).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("audit ledger OK: " + ENTRIES + " entries verified");
  }

  @Test
  void afterACleanStop_bytesAppendedToTheLog_areDamage_notATornTail() throws IOException {
    assertThat(io.cdrvault.store.rocks.CleanStop.wasClean(dataDir)).isTrue();
    Path log = onlyWriteAheadLog(dataDir);
    Files.write(log, "garbage after a clean stop".repeat(4).getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);

    int code = verify(dataDir);

    assertThat(code).as("stdout: %s stderr: %s", out, err).isEqualTo(1);
    assertThat(out.toString()).contains("write-ahead log " + log.getFileName());
    assertThatThrownBy(() -> Node.start(nodeSettings(dataDir), keyring, CLOCK))
        .isInstanceOf(CdrVaultException.class).hasMessageContaining("damaged")
        .hasMessageContaining(log.getFileName().toString());
  }

  @Test
  void afterACrash_aTornLastRecord_isDropped_andTheLedgerStillVerifies() throws IOException {
    Path log = onlyWriteAheadLog(crashDir);
    // a kill in the middle of a batch write: half a record of zeros and garbage at the end
    Files.write(log, new byte[] {0x11, 0x22, 0x33, 0x44, 0x40, 0x00, 0x01}, StandardOpenOption.APPEND);

    int code = verify(crashDir);

    assertThat(code).as("stdout: %s stderr: %s", out, err).isZero();
    assertThat(out.toString()).contains("audit ledger OK: " + ENTRIES + " entries verified");
  }

  @Test
  void crashImage_isIntactAsLongAsNobodyTouchesIt() {
    assertThat(verify(crashDir)).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("audit ledger OK: " + ENTRIES + " entries verified");
  }

  @Test
  void oneByteFlippedInAnAuditEntryInTheWriteAheadLog_exits1NamingEntryAndLog_andNodeRefuses()
      throws IOException {
    Path log = onlyWriteAheadLog(crashDir);
    byte[] bytes = Files.readAllBytes(log);
    int at = indexOf(bytes, "{\"seq\":50,");
    assertThat(at).as("entry 50 in %s", log).isPositive();
    flip(log, at + 20);

    int code = verify(crashDir);

    assertThat(code).as("stdout: %s stderr: %s", out, err).isEqualTo(1);
    assertThat(out.toString()).contains("audit ledger BROKEN at entry 50:")
        .contains("write-ahead log " + log.getFileName()).contains("anchor file records signed checkpoint 90");
    assertThatThrownBy(() -> Node.start(nodeSettings(crashDir), keyring, CLOCK))
        .isInstanceOf(CdrVaultException.class).hasMessageContaining("damaged")
        .hasMessageContaining("Corruption").hasMessageContaining(log.getFileName().toString());
  }

  @Test
  void writeAheadLogTruncated_exits1NamingTheFirstLostEntry_andNodeRefuses() throws IOException {
    Path log = onlyWriteAheadLog(crashDir);
    int at = indexOf(Files.readAllBytes(log), "{\"seq\":70,");
    assertThat(at).isPositive();
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(at);
    }

    int code = verify(crashDir);

    assertThat(code).as("stdout: %s stderr: %s", out, err).isEqualTo(1);
    assertThat(out.toString()).contains("audit ledger BROKEN at entry 70:");
    assertThat(out.toString()).containsAnyOf(log.getFileName().toString(), HeadAnchor.FILE_NAME);
    assertThatThrownBy(() -> Node.start(nodeSettings(crashDir), keyring, CLOCK))
        .isInstanceOf(CdrVaultException.class)
        .hasMessageFindingMatch("damaged|entries 70\\.\\.90 are missing");
  }

  @Test
  void tailDeletedTogetherWithItsNewestCheckpoints_exits1NamingTheGap_andNodeRefuses() {
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      String entry70 = new String(raw.get("audit", seqKey(70)), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("\"hash\":\"([0-9a-f]{64})\"").matcher(entry70);
      assertThat(m.find()).isTrue();
      for (long s = 71; s <= ENTRIES; s++) {
        raw.delete("audit", seqKey(s));
      }
      raw.delete("meta", checkpointKey(90));
      raw.delete("meta", checkpointKey(100));
      raw.put("meta", "audit/head".getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(40)
          .putLong(70).put(java.util.HexFormat.of().parseHex(m.group(1))).array());
    }

    int code = verify(dataDir);

    assertThat(code).as("stdout: %s stderr: %s", out, err).isEqualTo(1);
    assertThat(out.toString()).contains("audit ledger BROKEN at entry 71:")
        .contains("entries 71..100 are missing").contains(HeadAnchor.FILE_NAME);
    assertThatThrownBy(() -> Node.start(nodeSettings(dataDir), keyring, CLOCK))
        .isInstanceOf(CdrVaultException.class).hasMessageContaining("refusing to start")
        .hasMessageContaining("entries 71..100 are missing");
  }

  @Test
  void oneByteFlippedInATableFileOfTheLedger_exits1NamingTheFile_andNodeRefuses() throws IOException {
    List<Path> tables;
    try (RawRocksDb raw = RawRocksDb.open(dataDir)) {
      tables = raw.tableFiles("audit");
    }
    assertThat(tables).hasSize(1);
    Path sst = tables.get(0);
    byte[] bytes = Files.readAllBytes(sst);
    int at = indexOf(bytes, "{\"seq\":50,");
    flip(sst, at > 0 ? at + 20 : bytes.length / 4);

    int code = verify(dataDir);

    assertThat(code).as("stdout: %s stderr: %s", out, err).isEqualTo(1);
    assertThat(out.toString()).contains("table file " + sst.getFileName());
    Matcher named = Pattern.compile("BROKEN at entry (\\d+): entry \\1 and the entries after it could not"
        + " be read").matcher(out.toString());
    assertThat(named.find()).as(out.toString()).isTrue();
    if (at > 0) { // the block holding entry 50 is named by its first entry; those before check out
      assertThat(Long.parseLong(named.group(1))).isBetween(2L, 50L);
      assertThat(out.toString()).contains("the entries before it check out");
    }
    assertThatThrownBy(() -> Node.start(nodeSettings(dataDir), keyring, CLOCK))
        .isInstanceOf(CdrVaultException.class).hasMessageContaining(sst.getFileName().toString());
  }

  // --- helpers ---

  private static byte[] seqKey(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  private static byte[] checkpointKey(long seq) {
    byte[] p = "audit/checkpoint/".getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(p.length + 8).put(p).putLong(seq).array();
  }

  private static List<Path> writeAheadLogs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("rocksdb"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
  }

  private static Path onlyWriteAheadLog(Path dir) throws IOException {
    List<Path> logs = writeAheadLogs(dir);
    assertThat(logs).as("write-ahead logs of the crash image").hasSize(1);
    return logs.get(0);
  }

  private static int indexOf(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + n.length <= haystack.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void flip(Path file, long position) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x01);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
