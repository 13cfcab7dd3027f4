package io.cdrvault.query.legal.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a signed legal export package (layout in {@code docs/legal-export.md}): the records as
 * NDJSON and CSV projected to exactly the allowed fields, a custodian certification, a manifest
 * listing the SHA-256 of each of those files, its Ed25519 signature, and the signer's public key.
 *
 * <p>Records are sorted by start time, then record id, so exporting the same records twice gives
 * byte-identical record files; only the manifest and certification carry the generation time.
 *
 * <p>Stateless and thread-safe. Arguments are non-null. The caller is responsible for having
 * checked the request (approval, expiry) and for passing only records of its targets; this class
 * rejects records outside the window. It logs nothing.
 */
public final class ExportWriter {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final Comparator<CustomerCdr> ORDER = Comparator
      .comparing((CustomerCdr r) -> r.cdr().start())
      .thenComparing(r -> r.cdr().id().hex())
      .thenComparing(r -> r.direction());

  private ExportWriter() {}

  /**
   * Writes the package into {@code dir} (created if missing; must be empty).
   *
   * @throws IllegalArgumentException if {@code dir} is not empty, {@code fields} is empty, or a
   *     record starts outside the request window (named by its position, not its content)
   * @throws UncheckedIOException if a file cannot be written
   */
  public static ExportResult write(Path dir, ExportRequestInfo req, List<CustomerCdr> records,
      Set<CdrField> fields, ExportSigner signer, Clock clock) {
    return write(dir, req, Optional.empty(), records, fields, signer, clock);
  }

  /**
   * As {@link #write(Path, ExportRequestInfo, List, Set, ExportSigner, Clock)}, recording in the
   * manifest's {@code query} member how the records were obtained (purpose, operation, principal,
   * scope kind, audit entry of the decision). Leaves the record files unchanged.
   */
  public static ExportResult write(Path dir, ExportRequestInfo req, Optional<ExportQuery> query,
      List<CustomerCdr> records, Set<CdrField> fields, ExportSigner signer, Clock clock) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(req, "req");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(fields, "fields");
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("fields must not be empty");
    }
    Set<CdrField> allowed = EnumSet.copyOf(fields);
    for (int i = 0; i < records.size(); i++) {
      CustomerCdr r = Objects.requireNonNull(records.get(i), "record " + i);
      if (!req.inWindow(r.cdr().start())) {
        throw new IllegalArgumentException("record " + i + " starts outside the request window");
      }
    }
    List<CustomerCdr> sorted = new ArrayList<>(records);
    sorted.sort(ORDER);
    Instant generatedAt = clock.instant();
    try {
      prepare(dir);
      writeRecords(dir, sorted, allowed);
      Map<String, String> hashes = new LinkedHashMap<>();
      hashes.put(ExportPackage.RECORDS_NDJSON, ExportPackage.sha256(dir.resolve(ExportPackage.RECORDS_NDJSON)));
      hashes.put(ExportPackage.RECORDS_CSV, ExportPackage.sha256(dir.resolve(ExportPackage.RECORDS_CSV)));
      Files.writeString(dir.resolve(ExportPackage.CERTIFICATION),
          Certification.text(req, sorted.size(), generatedAt, hashes), StandardCharsets.UTF_8);
      hashes.put(ExportPackage.CERTIFICATION, ExportPackage.sha256(dir.resolve(ExportPackage.CERTIFICATION)));
      byte[] manifest = manifest(req, query, allowed, sorted.size(), hashes, generatedAt, signer.fingerprint());
      Files.write(dir.resolve(ExportPackage.MANIFEST), manifest);
      Files.write(dir.resolve(ExportPackage.SIGNATURE), signer.sign(manifest));
      Files.write(dir.resolve(ExportPackage.SIGNER_KEY), signer.publicKeyDer());
      return new ExportResult(dir, sorted.size(), hashes, signer.fingerprint(), generatedAt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export package", e);
    }
  }

  private static void prepare(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        throw new IllegalArgumentException("export directory must be empty");
      }
    }
  }

  private static void writeRecords(Path dir, List<CustomerCdr> sorted, Set<CdrField> fields)
      throws IOException {
    CsvColumns csv = CsvColumns.of(fields);
    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    try (OutputStream ndjson = Files.newOutputStream(dir.resolve(ExportPackage.RECORDS_NDJSON));
        BufferedWriter csvOut = Files.newBufferedWriter(dir.resolve(ExportPackage.RECORDS_CSV),
            StandardCharsets.UTF_8)) {
      csvOut.write(csv.header());
      for (CustomerCdr r : sorted) {
        line.reset();
        try (JsonGenerator gen = CanonicalJson.jsonFactory().createGenerator(line)) {
          CanonicalJson.writeProjected(gen, r, fields);
        }
        byte[] json = line.toByteArray();
        ndjson.write(json);
        ndjson.write('\n');
        JsonNode tree = MAPPER.readTree(json);
        csvOut.write(csv.row(tree));
      }
    }
  }

  private static byte[] manifest(ExportRequestInfo req, Optional<ExportQuery> query,
      Set<CdrField> fields, int count,
      Map<String, String> hashes, Instant generatedAt, String fingerprint) throws IOException {
    ObjectNode m = MAPPER.createObjectNode();
    m.put("format", ExportPackage.FORMAT);
    m.put("generatedAt", generatedAt.toString());
    ObjectNode r = m.putObject("request");
    r.put("requestId", req.requestId());
    r.put("instrument", req.instrument().name());
    r.put("issuingAuthority", req.issuingAuthority());
    r.put("caseNumber", req.caseNumber());
    r.put("servedDocumentSha256", req.servedDocumentSha256());
    r.put("registeredBy", req.registeredBy());
    r.put("approvedBy", req.approvedBy());
    r.put("gag", req.gag());
    ObjectNode scope = m.putObject("scope");
    ArrayNode targets = scope.putArray("targets");
    req.targets().forEach(targets::add);
    scope.put("from", req.from().toString());
    scope.put("to", req.to().toString());
    query.ifPresent(q -> m.putObject("query").put("purpose", q.purpose())
        .put("operation", q.operation()).put("principal", q.principal())
        .put("scopeKind", q.scopeKind()).put("decisionAuditSequence", q.decisionAuditSequence()));
    ArrayNode fieldNames = m.putArray("fields");
    for (CdrField f : CdrField.values()) {
      if (fields.contains(f)) {
        fieldNames.add(f.jsonName());
      }
    }
    m.put("recordCount", count);
    ObjectNode files = m.putObject("files");
    hashes.forEach(files::put);
    ObjectNode signer = m.putObject("signer");
    signer.put("algorithm", "Ed25519");
    signer.put("publicKeyFile", ExportPackage.SIGNER_KEY);
    signer.put("keyFingerprint", fingerprint);
    byte[] body = MAPPER.writeValueAsBytes(m);
    byte[] out = new byte[body.length + 1];
    System.arraycopy(body, 0, out, 0, body.length);
    out[body.length] = '\n';
    return out;
  }
}
