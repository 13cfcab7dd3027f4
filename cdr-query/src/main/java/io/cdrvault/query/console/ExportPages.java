package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdrvault.query.legal.export.ExportPackage;
import io.cdrvault.query.legal.export.ExportVerifier;
import io.cdrvault.query.legal.export.PackageZip;
import io.cdrvault.query.legal.export.VerificationReport;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a legal export for the signed-in user (the API's {@code POST …/export}, with their token),
 * verifies the signed package with the CLI's verifier ({@link ExportVerifier}, against the key the
 * package ships — integrity, as {@code cdrvault export verify} without {@code --trusted-key}) and
 * offers it for download. The package is held in the session's memory only, never written to the
 * node's disk; packages larger than {@link #MAX_PACKAGE_BYTES} are refused here (use the CLI).
 *
 * <p>Thread-safe. Logs request ids and sizes only.
 */
final class ExportPages {
  private static final Logger log = LoggerFactory.getLogger(ExportPages.class);
  static final int MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

  private final ConsoleGuard guard;
  private final ConsoleApi api;
  private final Views views;
  private final java.time.Clock clock;

  ExportPages(ConsoleGuard guard, ConsoleApi api, Views views, java.time.Clock clock) {
    this.clock = clock;
    this.guard = guard;
    this.api = api;
    this.views = views;
  }

  /** {@code POST /console/legal/requests/{id}/export}. */
  void run(Context ctx) throws IOException {
    Optional<ConsoleGuard.Posted> posted = guard.post(ctx, ConsoleGuard.FORM_LIMIT);
    if (posted.isEmpty()) {
      return;
    }
    ConsoleSession s = posted.get().session();
    String id = ctx.pathParam("id");
    if (!ConsolePaths.REQUEST_ID.matcher(id).matches()) {
      views.message(ctx, 404, Page.of("Legal request", s), "No legal request has this id.");
      return;
    }
    HttpResponse<InputStream> r = api.postStream(s, LegalRequestPages.PURPOSE,
        "/v1/legal/requests/" + id + "/export", id);
    if (r.statusCode() != 200) {
      s.notice(Notice.refused(api.error(r)));
      ctx.redirect(ConsolePaths.request(id), HttpStatus.SEE_OTHER);
      return;
    }
    String seq = r.headers().firstValue(ConsoleApi.AUDIT_SEQUENCE).orElse(null);
    byte[] zip;
    try (InputStream in = r.body()) {
      zip = in.readNBytes(MAX_PACKAGE_BYTES + 1);
    }
    if (zip.length > MAX_PACKAGE_BYTES) {
      s.notice(new Notice(false, "The package is larger than " + MAX_PACKAGE_BYTES / (1024 * 1024)
          + " MiB; run this export with the CLI (cdrvault legal export).", null, null));
      ctx.redirect(ConsolePaths.request(id), HttpStatus.SEE_OTHER);
      return;
    }
    VerificationReport report;
    Map<String, byte[]> files = Map.of();
    try {
      files = PackageZip.read(new ByteArrayInputStream(zip), MAX_PACKAGE_BYTES);
      report = ExportVerifier.verify(files, Optional.empty());
    } catch (IOException e) {
      report = new VerificationReport(0, Optional.of(new VerificationReport.Problem("(archive)",
          VerificationReport.Kind.MALFORMED)));
    }
    long records = recordCount(files);
    Long audit = seq == null ? null : Long.valueOf(seq);
    s.export(new VerifiedExport(id, zip, report, files.size(), records, audit,
        clock.instant()));
    log.info("console export of {}: {} bytes, verified {}", id, zip.length, report.ok());
    s.notice(report.ok()
        ? Notice.done("Exported " + id + ": the signed package was verified.", audit)
        : new Notice(false, "Exported " + id + ", but the package did NOT verify: " + report,
            null, audit));
    ctx.redirect(ConsolePaths.request(id) + "/export", HttpStatus.SEE_OTHER);
  }

  /** {@code GET /console/legal/requests/{id}/export}: the last export's verification result. */
  void result(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      String id = ctx.pathParam("id");
      VerifiedExport e = ConsolePaths.REQUEST_ID.matcher(id).matches() ? s.export(id) : null;
      if (e == null) {
        ctx.redirect(ConsolePaths.REQUESTS, HttpStatus.SEE_OTHER);
        return;
      }
      views.render(ctx, 200, "export", Map.of("page", Page.of("Export of " + id, s), "id", id,
          "e", e));
    });
  }

  /** {@code GET /console/legal/requests/{id}/export/package.zip}: the package, as the API sent it. */
  void download(Context ctx) {
    guard.session(ctx).ifPresent(s -> {
      String id = ctx.pathParam("id");
      VerifiedExport e = ConsolePaths.REQUEST_ID.matcher(id).matches() ? s.export(id) : null;
      if (e == null) {
        views.message(ctx, 404, Page.of("Export", s), "This session has no export of this request.");
        return;
      }
      ctx.header("Content-Disposition", "attachment; filename=\"" + id + ".zip\"");
      ctx.status(200).contentType(PackageZip.MEDIA_TYPE).result(e.zip());
    });
  }

  private long recordCount(Map<String, byte[]> files) {
    byte[] manifest = files.get(ExportPackage.MANIFEST);
    if (manifest == null) {
      return -1;
    }
    try {
      JsonNode m = api.json().readTree(manifest);
      return m.path("recordCount").asLong(-1);
    } catch (IOException e) {
      return -1;
    }
  }
}
