package io.cdrvault.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.legal.Instrument;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cdrvault legal request ...}: registers legal process as served. Computes the SHA-256 of
 * the served document locally (the document itself is not uploaded) and prints the new request
 * id. Exit 0, or 2 on a usage or HTTP error.
 *
 * <p>Not thread-safe (one instance per command line).
 */
@Command(name = "request", mixinStandardHelpOptions = true,
    description = "Register a legal request (it must then be approved by a second person).")
final class LegalRequestCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  LegalCommand parent;

  @Mixin
  LegalCommand.ApiOptions api;

  @Option(names = "--instrument", required = true, paramLabel = "KIND",
      description = "SUBPOENA, COURT_ORDER, WARRANT or PRESERVATION.")
  String instrument;

  @Option(names = "--authority", required = true, paramLabel = "TEXT",
      description = "The issuing authority (court, agency).")
  String authority;

  @Option(names = "--case-number", required = true, paramLabel = "TEXT",
      description = "The case or docket number on the served document.")
  String caseNumber;

  @Option(names = "--target", required = true, paramLabel = "KIND:VALUE",
      description = "A target the instrument names: number:+E164 or customer:ID; repeatable.")
  List<String> targets;

  @Option(names = "--from", required = true, paramLabel = "WHEN",
      description = "Start of the authorised window (inclusive): date or ISO-8601 date-time.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "WHEN",
      description = "End of the authorised window (exclusive): date or ISO-8601 date-time.")
  String to;

  @Option(names = "--expires", required = true, paramLabel = "WHEN",
      description = "When the request stops authorising exports.")
  String expires;

  @Option(names = "--document", required = true, paramLabel = "FILE",
      description = "The served document; only its SHA-256 is sent.")
  Path document;

  @Option(names = "--gag", description = "A non-disclosure (gag) order accompanies the request.")
  boolean gag;

  @Override
  public Integer call() {
    ObjectNode body = LegalCommand.JSON.createObjectNode();
    body.put("instrument", instrument());
    body.put("issuingAuthority", authority);
    body.put("caseNumber", caseNumber);
    ArrayNode ts = body.putArray("targets");
    for (String t : targets) {
      int colon = t.indexOf(':');
      String kind = colon < 0 ? "" : t.substring(0, colon).strip().toUpperCase(Locale.ROOT);
      if (!kind.equals("NUMBER") && !kind.equals("CUSTOMER")) {
        throw new ParameterException(spec.commandLine(),
            "--target must be number:+E164 or customer:ID");
      }
      ts.addObject().put("kind", kind).put("value", t.substring(colon + 1).strip());
    }
    body.put("from", instant("--from", from).toString());
    body.put("to", instant("--to", to).toString());
    body.put("expiresAt", instant("--expires", expires).toString());
    body.put("servedDocumentSha256", sha256(document));
    body.put("gag", gag);
    byte[] bytes;
    try {
      bytes = LegalCommand.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the request", e);
    }
    return parent.call(api, spec.commandLine().getErr(), client -> {
      JsonNode r = client.json(client.request("/v1/legal/requests", null)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
          .build());
      spec.commandLine().getOut().println(r.path("id").asText());
      return 0;
    });
  }

  private String instrument() {
    try {
      return Instrument.valueOf(instrument.strip().toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--instrument must be one of SUBPOENA, COURT_ORDER, WARRANT, PRESERVATION");
    }
  }

  private Instant instant(String option, String value) {
    Instant i = RequestScope.instant(value);
    if (i == null) {
      throw new ParameterException(spec.commandLine(), option
          + " must be a date (2026-10-01) or an ISO-8601 date-time with offset");
    }
    return i;
  }

  private String sha256(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "--document file not found: " + file);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--document file cannot be read: " + file);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
