package io.cdrvault.app.cli;

import io.cdrvault.ingest.decoders.DecoderRegistry;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.LinkedLegs;
import io.cdrvault.ingest.format.PayloadFramer;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SourceCatalog;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cdrvault decode --format F FILE}: decodes a native CDR file and prints the canonical
 * records as NDJSON on stdout (no store, no Kafka), and a summary on stderr: payloads, records,
 * skipped by kind, rejects by reason and each reject's position and detail, then each skipped
 * payload's position, kind and why. Legs are correlated over the whole file ({@link LinkedLegs}):
 * a line another line names as its B leg is skipped as {@code duplicate-leg}. The tool an operator
 * uses to check a new switch's output.
 *
 * <p>Exit codes: 0 nothing rejected, 1 at least one payload rejected, 2 usage error.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = {"Decodes a native CDR file and prints canonical records as NDJSON (stdout);",
        "a summary with every reject's and every skipped payload's position and reason goes to stderr.",
        "Exit code 0: all decoded; 1: some payloads rejected; 2: usage error."})
public final class DecodeCommand implements Callable<Integer> {
  /** Default region of national numbers when no source config says otherwise. */
  static final String DEFAULT_REGION = "US";

  @Option(names = "--format", required = true, description = "the file's format (e.g. asterisk-csv, kannel-log)")
  String format;

  @Option(names = "--source-config", description = "sources YAML (region, zone, options per source, or one source)")
  Path sourceConfig;

  @Option(names = "--source", description = "source name to decode as (selects settings from --source-config)")
  String source;

  @Parameters(index = "0", paramLabel = "FILE", description = "the CDR file")
  Path file;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final DecoderRegistry registry;

  public DecodeCommand() {
    this(DecoderRegistry.standard());
  }

  DecodeCommand(DecoderRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CdrDecoder decoder = registry.forName(format).orElse(null);
    if (decoder == null) {
      err.println("cdrvault decode: unknown format '" + format + "' (known: " + known(registry) + ")");
      return CdrVaultCli.USAGE_ERROR;
    }
    SourceContext ctx;
    try {
      ctx = sourceContext(sourceConfig, source);
    } catch (ConfigException e) {
      err.println("cdrvault decode: " + e.getMessage());
      return CdrVaultCli.USAGE_ERROR;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      err.println("cdrvault decode: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
      return CdrVaultCli.USAGE_ERROR;
    }
    List<PayloadFramer.Framed> frames = PayloadFramer.frame(bytes, decoder.framing());
    DecodeResult[] results = new DecodeResult[frames.size()];
    for (int i = 0; i < results.length; i++) {
      try {
        results[i] = decoder.decode(frames.get(i).payload(), ctx).storable(format);
      } catch (RuntimeException e) {
        results[i] = DecodeResult.reject(RejectReason.MALFORMED,
            format + ": decoder failed (" + e.getClass().getSimpleName() + ")");
      }
    }
    new LinkedLegs(0).apply(results); // the file is one window: legs named before or after
    long records = 0;
    Map<String, Long> skips = new TreeMap<>();
    Map<String, Long> rejectCounts = new TreeMap<>();
    List<String> rejects = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      DecodeResult r = results[i];
      String position = frames.get(i).position(decoder.framing());
      if (!r.isOk()) {
        rejectCounts.merge(r.reason().code(), 1L, Long::sum);
        rejects.add(position + ": " + r.reason().code() + ": " + r.detail());
        continue;
      }
      if (r.skipped() != null) {
        skips.merge(r.skipped().code(), 1L, Long::sum);
        skipped.add(position + ": " + r.skipped().code() + (r.detail() == null ? "" : ": " + r.detail()));
      }
      for (Cdr c : r.records()) {
        out.println(CanonicalJson.write(c));
        records++;
      }
    }
    out.flush();
    err.println("decoded " + file.getFileName() + " as " + format + " (source " + ctx.sourceName() + ", region "
        + ctx.defaultRegion() + ", zone " + ctx.zone() + "): " + frames.size() + " payloads, " + records
        + " records, " + skips.values().stream().mapToLong(Long::longValue).sum() + " skipped, " + rejects.size()
        + " rejected");
    skips.forEach((k, n) -> err.println("  skipped " + k + ": " + n));
    rejectCounts.forEach((k, n) -> err.println("  rejected " + k + ": " + n));
    rejects.forEach(r -> err.println("  " + r));
    skipped.forEach(r -> err.println("  skipped " + r));
    err.flush();
    return rejects.isEmpty() ? 0 : 1;
  }

  /** The settings to decode with: the named source of the config file, or its single source, or defaults. */
  static SourceContext sourceContext(Path sourceConfig, String source) {
    SourceContext defaults = new SourceContext("decode", DEFAULT_REGION, ZoneId.of("UTC"));
    SourceCatalog catalog = sourceConfig == null ? SourceCatalog.of(defaults) : SourceCatalog.load(sourceConfig, defaults);
    return catalog.forSource(source);
  }

  static String known(DecoderRegistry registry) {
    return String.join(", ", new java.util.TreeSet<>(registry.formats()));
  }
}
