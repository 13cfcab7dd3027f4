package io.cdrvault.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore as an operator runs them: every command is the built artifact
 * ({@code target/cdrvault.jar}, made by the package phase) started as its own process with
 * {@code java -jar}, so nothing the test JVM has loaded (RocksDB's native library above all) helps
 * it. A demo node fills a store from its embedded Kafka and is stopped with SIGINT; the store is
 * backed up (data twice, keys once) and restored in every mode — into a new directory, the key
 * backup with {@code --keys}, over the live store with {@code --replace --backup-id} — and then
 * read through the product: a demo node on the restored store (with a new, empty Kafka, so nothing
 * can be ingested again) answers the same records and the same billing run as before the backup.
 */
class BackupRestoreJarIT {
  private static final Path JAR = Path.of("target", "cdrvault.jar").toAbsolutePath();
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final String CUSTOMER = "cust-00001"; // the demo's example customer (fixed seed)
  private static final Pattern URL = Pattern.compile("API: (https://\\S+)");
  private static final Pattern BILLING_TOKEN = Pattern.compile("(?m)^\\s+billing-job\\s+(\\S+)$");

  @TempDir Path base;

  private final List<Process> started = new ArrayList<>();
  private int runs;

  @AfterEach
  void stopLeftovers() {
    started.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
  }

  @Test
  void everyRestoreMode_fromTheLauncherArtifact_givesBackTheStoreAsItWasBackedUp() throws Exception {
    assertThat(JAR).as("the runnable artifact (built by the package phase)").isRegularFile();
    Path live = base.resolve("live");
    Path other = base.resolve("other");
    Path dataBackups = base.resolve("backups-data");
    Path keyBackups = base.resolve("backups-keys");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String from = today.minusDays(31).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    String to = today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().toString();

    Demo first = Demo.start(this, live, base.resolve("kafka-1"), 400);
    first.awaitIngestSettled();
    List<String> records = first.records(from, to);
    assertThat(records).as("the example customer's records before the backup").isNotEmpty();
    String billingRun = first.billingRun(from, to, base.resolve("billing-before.ndjson"));
    assertThat(billingRun).contains("\"end\":true");
    first.stop();

    Result backup1 = cli("backup", "--data-dir", live.toString(), "--to", dataBackups.toString());
    assertThat(backup1.out()).contains("data backup 1 written").contains("verified");
    cli("backup", "--keys", "--data-dir", live.toString(), "--to", keyBackups.toString());
    // a change after backup 1, so which backup a restore brought back is visible
    Result hold = cli("hold", "create", "--data-dir", live.toString(), "--customer", CUSTOMER,
        "--from", today.minusDays(10).toString(), "--to", today.toString(),
        "--reference", "PRES-2026-7", "--principal", "legal-a");
    assertThat(hold.out()).contains(" active until ");
    String holdId = hold.out().split(" ")[0];
    assertThat(cli("backup", "--data-dir", live.toString(), "--to", dataBackups.toString()).out())
        .contains("data backup 2 written");

    // a new directory: the newest data backup, then the key backup where there is no key database
    Result restored = cli("restore", "--from", dataBackups.toString(), "--data-dir", other.toString());
    assertThat(restored.out()).contains("restored data backup 2").contains("no key database");
    Result keys = cli("restore", "--keys", "--from", keyBackups.toString(), "--data-dir", other.toString());
    assertThat(keys.out()).contains("restored key backup 1 ").contains("WARNING");
    copyTree(live.resolve("keys"), other.resolve("keys")); // the keystore (KEK) travels separately
    Result again = run(List.of("restore", "--from", dataBackups.toString(), "--data-dir", other.toString()), Map.of());
    assertThat(again.exit()).isEqualTo(CdrVaultCli.USAGE_ERROR);
    assertThat(again.err()).contains("already exists").contains("--replace");
    assertThat(cli("audit", "verify", "--data-dir", other.toString()).out()).contains("audit ledger OK");
    assertThat(cli("hold", "list", "--data-dir", other.toString()).out())
        .contains(holdId + " ACTIVE").contains("reference PRES-2026-7");

    // over the live store: an older backup by id, keeping the live key database
    Result replaced = cli("restore", "--from", dataBackups.toString(), "--data-dir", live.toString(),
        "--replace", "--backup-id", "1");
    assertThat(replaced.out()).contains("restored data backup 1").contains("kept the live key database");
    assertThat(cli("hold", "list", "--data-dir", live.toString()).out()).doesNotContain(holdId);

    // the restored stores, read through a node: the same records and billing run as before
    for (Path dir : List.of(other, live)) {
      Demo node = Demo.start(this, dir, base.resolve("kafka-empty-" + dir.getFileName()), 0);
      assertThat(node.records(from, to)).as("records read from %s", dir)
          .containsExactlyElementsOf(records);
      assertThat(node.billingRun(from, to, base.resolve("billing-" + dir.getFileName() + ".ndjson")))
          .as("billing run from %s", dir).isEqualTo(billingRun);
      node.stop();
    }
  }

  /** A {@code cdrvault demo} process and what its banner says. */
  private record Demo(BackupRestoreJarIT it, Process process, Path log, String url, String token,
      Path cacert, HttpClient http) {
    static Demo start(BackupRestoreJarIT it, Path dataDir, Path kafkaDir, int initial) throws Exception {
      Path log = it.base.resolve("demo-" + (++it.runs) + ".log");
      Process p = it.launch(List.of("-Xmx512m"), List.of("demo", "--data-dir", dataDir.toString(),
          "--kafka-dir", kafkaDir.toString(), "--port", "0", "--customers", "20",
          "--initial", Integer.toString(initial), "--rate", "0"), Map.of(), log, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String out = "";
      while (!out.contains("cdrvault demo is running")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("demo did not start:\n" + out);
        }
        Thread.sleep(100);
        out = Files.readString(log, StandardCharsets.UTF_8);
      }
      while (!BILLING_TOKEN.matcher(out).find()) { // the banner is printed line by line
        Thread.sleep(50);
        out = Files.readString(log, StandardCharsets.UTF_8);
      }
      // the demo serves HTTPS under a CA it keeps in its data directory
      Path cacert = dataDir.resolve("tls").resolve("ca.pem");
      return new Demo(it, p, log, group(URL, out), group(BILLING_TOKEN, out), cacert,
          ApiClients.http(java.util.Optional.of(cacert)));
    }

    /** Waits until ingestion stops moving (no steady rate: the initial traffic only). */
    void awaitIngestSettled() throws Exception {
      double last = -1;
      int same = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (same < 3) {
        assertThat(System.nanoTime()).as("ingestion settles").isLessThan(deadline);
        double now = ingested();
        same = now == last && now > 0 ? same + 1 : 0;
        last = now;
        Thread.sleep(400);
      }
    }

    private double ingested() throws Exception {
      String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return metrics.lines().filter(l -> l.startsWith("cdr_ingest_records_total"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The example customer's itemised records (BILLING) as NDJSON lines. */
    List<String> records(String from, String to) throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/customers/"
              + CUSTOMER + "/records?from=" + from + "&to=" + to))
          .header("Authorization", "Bearer " + token).header("X-CPNI-Purpose", "BILLING").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body().lines().filter(l -> !l.isBlank()).toList();
    }

    /** {@code cdrvault billing run} (every customer's usage) against this node; the file's text. */
    String billingRun(String from, String to, Path file) throws Exception {
      it.cli(Map.of(BillingRunCommand.TOKEN_ENV, token), "billing", "run", "--url", url,
          "--cacert", cacert.toString(), "--from", from, "--to", to, "--out", file.toString());
      return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Ctrl-C, as the banner says, and a clean stop. */
    void stop() throws Exception {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("demo stops after SIGINT").isTrue();
      assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("stopped cleanly");
    }
  }

  private record Result(int exit, String out, String err) {}

  /** Runs a command of the artifact; it must exit 0. */
  private Result cli(String... args) throws Exception {
    return cli(Map.of(), args);
  }

  private Result cli(Map<String, String> env, String... args) throws Exception {
    Result r = run(List.of(args), env);
    assertThat(r.exit()).as("exit of cdrvault %s%nstdout: %s%nstderr: %s", String.join(" ", args),
        r.out(), r.err()).isZero();
    return r;
  }

  private Result run(List<String> args, Map<String, String> env) throws Exception {
    int n = ++runs;
    Path out = base.resolve("cli-" + n + ".out");
    Path err = base.resolve("cli-" + n + ".err");
    Process p = launch(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), args, env, out, err);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("cdrvault %s finishes", args).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** {@code java -jar target/cdrvault.jar ARGS} as the launcher script starts it. */
  private Process launch(List<String> jvm, List<String> args, Map<String, String> env, Path out, Path err)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(base.resolve("tmp")));
    cmd.add("-Dlogback.configurationFile=" + HOME.resolve("config").resolve("logback.xml"));
    cmd.add("-Dcdrvault.home=" + HOME);
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(base.toFile());
    pb.environment().putAll(env);
    if (out.equals(err)) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(err.toFile());
    }
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    started.add(p);
    return p;
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in%n%s", p, text).isTrue();
    return m.group(1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }
}
