package io.cdrvault.app.cli;

import io.cdrvault.ingest.deadletter.DeadLetter;
import io.cdrvault.ingest.deadletter.DeadLetters;
import io.cdrvault.ingest.deadletter.Selection;
import io.cdrvault.store.errors.CdrVaultException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault dlq summary|list|replay}: the operator's view of the dead-letter topic (see
 * {@code docs/dead-letters.md}). Output names positions, reasons, formats, sources and times —
 * never a number or a payload. Exit 0 on success, 1 when Kafka or the topic cannot be reached
 * (the message names the address and topic), 2 on a usage error.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Dead letters: summary, list, replay.")
final class DlqCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (summary, list, replay)");
  }

  /** The {@code dlq} group with its subcommands. */
  static CommandLine group() {
    return new CommandLine(new DlqCommand())
        .addSubcommand(new Summary())
        .addSubcommand(new ListCommand())
        .addSubcommand(new Replay());
  }

  /** Where the dead letters are. */
  static final class Target {
    @Option(names = "--bootstrap", defaultValue = "localhost:9092",
        description = "Kafka bootstrap servers (HOST:PORT). Default: ${DEFAULT-VALUE}")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "cdr.raw.dlq",
        description = "the dead-letter topic (the node's ingest.deadLetterTopic; default there: the input topic + '.dlq'). Default: ${DEFAULT-VALUE}")
    String topic;

    @Option(names = "--timeout", defaultValue = "15s", converter = SimulateCommand.DurationConverter.class,
        description = "how long to wait for Kafka per request (e.g. 15s, PT15S). Default: ${DEFAULT-VALUE}")
    Duration timeout;
  }

  /** Which dead letters. */
  static final class Filter {
    @Option(names = "--reason", description = "only this reason code (e.g. unattributed)")
    String reason;

    @Option(names = "--source", description = "only this source (the cdr.source switch name)")
    String source;

    @Option(names = "--partition", defaultValue = "-1", description = "only this dead-letter partition")
    int partition;

    @Option(names = "--from-offset", defaultValue = "0", description = "first offset, in every selected partition (usually with --partition)")
    long from;

    @Option(names = "--to-offset", defaultValue = "9223372036854775807", description = "last offset, inclusive")
    long to;

    Selection selection() {
      return new Selection(reason, source, partition, from, to);
    }
  }

  abstract static class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Target target;

    @Mixin
    Filter filter;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Selection selection;
      if (target.timeout.isNegative() || target.timeout.isZero()) {
        err.println("cdrvault dlq: --timeout must be positive");
        return CdrVaultCli.USAGE_ERROR;
      }
      try {
        selection = filter.selection();
      } catch (IllegalArgumentException e) {
        err.println("cdrvault dlq: " + e.getMessage());
        return CdrVaultCli.USAGE_ERROR;
      }
      io.cdrvault.ingest.kafka.KafkaSecurity security;
      try {
        security = kafkaConfig.security(System.getenv());
      } catch (KafkaCli.Unavailable e) {
        err.println("cdrvault dlq: " + e.getMessage());
        return CdrVaultCli.USAGE_ERROR;
      }
      try {
        return run(DeadLetters.connect(target.bootstrap, security, target.topic, target.timeout), selection, out);
      } catch (CdrVaultException e) {
        err.println("cdrvault dlq " + spec.name() + ": " + e.getMessage());
        return 1;
      } finally {
        out.flush();
      }
    }

    abstract int run(DeadLetters dlq, Selection selection, PrintWriter out);
  }

  @Command(name = "summary", mixinStandardHelpOptions = true,
      description = "Counts of dead letters by reason, by source and by format.")
  static final class Summary extends Base {
    @Override
    int run(DeadLetters dlq, Selection selection, PrintWriter out) {
      Map<String, Long> byReason = new TreeMap<>();
      Map<String, Long> bySource = new TreeMap<>();
      Map<String, Long> byFormat = new TreeMap<>();
      long[] total = {0};
      dlq.scan(selection, d -> {
        total[0]++;
        byReason.merge(d.reason(), 1L, Long::sum);
        bySource.merge(d.source().isEmpty() ? "-" : printable(d.source()), 1L, Long::sum);
        byFormat.merge(printable(d.format()), 1L, Long::sum);
      });
      out.println("dead letters in " + target.topic + ": " + total[0]);
      print(out, "reason", byReason);
      print(out, "source", bySource);
      print(out, "format", byFormat);
      return 0;
    }

    private static void print(PrintWriter out, String what, Map<String, Long> counts) {
      counts.forEach((k, v) -> out.println("  " + what + " " + printable(k) + ": " + v));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists dead letters: position, reason, format, source, time, origin, payload kept, detail — no values.")
  static final class ListCommand extends Base {
    @Option(names = "--limit", defaultValue = "100", description = "at most this many. Default: ${DEFAULT-VALUE}")
    int limit;

    @Override
    int run(DeadLetters dlq, Selection selection, PrintWriter out) {
      if (limit < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
      }
      long[] shown = {0, 0};
      dlq.scan(selection, d -> {
        shown[1]++;
        if (shown[0] < limit) {
          shown[0]++;
          out.println(line(target.topic, d));
        }
      });
      out.println(shown[0] + " of " + shown[1] + " matching dead letters shown");
      return 0;
    }

    static String line(String topic, DeadLetter d) {
      return topic + "-" + d.position() + "\treason=" + printable(d.reason()) + "\tformat=" + printable(d.format())
          + "\tsource=" + (d.source().isEmpty() ? "-" : printable(d.source())) + "\ttime=" + d.time()
          + "\torigin=" + printable(d.origin()) + "\tpayload=" + printable(d.payload())
          + (d.replayId().isEmpty() ? "" : "\treplay=" + printable(d.replayId()))
          + "\tdetail=" + printable(d.detail());
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Re-sends selected dead letters to the input partition they came from, once (see docs/dead-letters.md).")
  static final class Replay extends Base {
    @Option(names = "--group", defaultValue = "cdrvault-ingest",
        description = "the ingest consumer group whose progress to await. Default: ${DEFAULT-VALUE}")
    String group;

    @Option(names = "--await", defaultValue = "30s", converter = SimulateCommand.DurationConverter.class,
        description = "how long to wait for ingest to process the replayed records (0s: do not wait). Default: ${DEFAULT-VALUE}")
    Duration await;

    @Override
    int run(DeadLetters dlq, Selection selection, PrintWriter out) {
      DeadLetters.ReplayResult r = dlq.replay(selection, System.getProperty("user.name", "unknown"), group, await);
      out.println("replay " + r.replayId() + ": selected " + r.selected() + ", replayed " + r.replayed()
          + ", already replayed before " + r.alreadyReplayed() + ", not replayable (payload withheld) "
          + r.notReplayable());
      if (r.replayed() > 0 && !await.isZero()) {
        if (r.awaited()) {
          out.println("ingest processed them: " + r.accepted() + " accepted (stored, or already stored), "
              + r.deadLetteredAgain() + " dead-lettered again");
        } else {
          out.println("ingest (group " + group + ") did not process them within " + await.toSeconds()
              + " s; dead-lettered again so far: " + r.deadLetteredAgain());
        }
      }
      return 0;
    }
  }

  /** Header text fit for a terminal: control and non-ASCII characters become '?'. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
