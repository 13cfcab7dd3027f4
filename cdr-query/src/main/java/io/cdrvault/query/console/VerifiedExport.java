package io.cdrvault.query.console;

import io.cdrvault.query.legal.export.VerificationReport;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed export package the console fetched from the API for one legal request, with the result
 * of verifying it. Held in memory only (never written to the node's disk) until the session ends
 * or runs another export.
 *
 * @param zip the package exactly as the API sent it
 */
public record VerifiedExport(String requestId, byte[] zip, VerificationReport report, int files,
    long recordCount, Long auditSequence, Instant at) {
  public VerifiedExport {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(zip, "zip");
    Objects.requireNonNull(report, "report");
  }

  /** What the verification found, in words. */
  public String result() {
    return report.ok() ? "verified" : "NOT verified: " + report.problem().orElseThrow();
  }

  @Override
  public String toString() {
    return "VerifiedExport[" + requestId + ", " + zip.length + " bytes, ok=" + report.ok() + "]";
  }
}
