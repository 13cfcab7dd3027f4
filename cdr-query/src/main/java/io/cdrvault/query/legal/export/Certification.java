package io.cdrvault.query.legal.export;

import java.time.Instant;
import java.util.Map;

/**
 * The custodian's business-records certification (in the manner of Fed. R. Evid. 902(11)) that
 * accompanies an export. It names the request, the window, the record count, the generation time
 * and the record files' hashes; it carries no record content and no targets.
 */
final class Certification {
  private Certification() {}

  static String text(ExportRequestInfo req, int recordCount, Instant generatedAt,
      Map<String, String> recordFileHashes) {
    StringBuilder sb = new StringBuilder();
    sb.append("CERTIFICATE OF AUTHENTICITY OF DOMESTIC BUSINESS RECORDS\n\n");
    sb.append("Request id:         ").append(req.requestId()).append('\n');
    sb.append("Legal instrument:   ").append(req.instrument()).append('\n');
    sb.append("Issuing authority:  ").append(req.issuingAuthority()).append('\n');
    sb.append("Case number:        ").append(req.caseNumber()).append('\n');
    sb.append("Served document:    SHA-256 ").append(req.servedDocumentSha256()).append('\n');
    sb.append("Records window:     ").append(req.from()).append(" (inclusive) to ")
        .append(req.to()).append(" (exclusive)\n");
    sb.append("Non-disclosure:     ").append(req.gag()
        ? "a non-disclosure (gag) order accompanies this request" : "none").append('\n');
    sb.append("Number of records:  ").append(recordCount).append('\n');
    sb.append("Generated at:       ").append(generatedAt).append('\n');
    recordFileHashes.forEach((file, hash) ->
        sb.append("File ").append(file).append(": SHA-256 ").append(hash).append('\n'));
    sb.append('\n');
    sb.append("I, the undersigned custodian of records, or another person qualified to certify,\n");
    sb.append("declare that the records in this package, consisting of ").append(recordCount)
        .append(" call-detail record(s),\n");
    sb.append("(a) were made at or near the time of the occurrence of the matters set forth by, or\n");
    sb.append("    from information transmitted by, a person with knowledge of those matters;\n");
    sb.append("(b) were kept in the course of the regularly conducted business activity of the carrier;\n");
    sb.append("(c) were made by the regularly conducted business activity as a regular practice; and\n");
    sb.append("(d) are true duplicates of the records held, limited to the fields the legal instrument\n");
    sb.append("    permits, extracted by an automated process whose output is listed in manifest.json\n");
    sb.append("    and signed in manifest.sig.\n\n");
    sb.append("Request registered by: ").append(req.registeredBy()).append('\n');
    sb.append("Request approved by:   ").append(req.approvedBy()).append('\n');
    sb.append("\nCustodian name: ______________________   Signature: ______________________\n");
    sb.append("Date: ______________\n");
    return sb.toString();
  }
}
