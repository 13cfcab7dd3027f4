package io.cdrvault.query.legal.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.crypto.EncryptedSpool;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a signed legal export package (layout in {@code docs/legal-export.md}) in two phases, in
 * memory bounded independently of the number of records:
 *
 * <ol>
 *   <li>{@link #add} projects each record to the allowed fields and feeds it to an
 *       {@link ExternalSort} (runs beyond the first are spooled encrypted under a key held only in
 *       memory);</li>
 *   <li>{@link #writeTo} streams the files into a {@link PackageSink} in this order:
 *       {@code records.ndjson} (merged, repeats dropped, hashed as it goes; each line's CSV row is
 *       written aside — in memory for a one-run export, else to the same encrypted spool),
 *       {@code records.csv} (the header, then the rows copied back), {@code certification.txt},
 *       {@code manifest.json}, {@code manifest.sig}, {@code signer.pub}.</li>
 * </ol>
 *
 * The bytes of every file are exactly those {@link ExportWriter} always wrote for the same records:
 * records in start, record id, direction order, the same NDJSON projection, CSV rows and manifest.
 * If anything fails, the sink is abandoned before the manifest and signature, so no partial
 * package verifies. Problems are named by position and kind, never by content.
 *
 * <p>Owns its sort and spool: {@link #close()} deletes every temporary file on success, failure
 * or abandonment. Not thread-safe: one export, one thread.
 */
public final class StreamingExportWriter implements AutoCloseable {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  private final ExportRequestInfo req;
  private final Set<CdrField> fields;
  private final ExternalSort sort;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
  private long added;
  private int written;
  private boolean writing;

  private StreamingExportWriter(ExportRequestInfo req, Set<CdrField> fields, ExternalSort sort) {
    this.req = Objects.requireNonNull(req, "req");
    Objects.requireNonNull(fields, "fields");
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("fields must not be empty");
    }
    this.fields = EnumSet.copyOf(fields);
    this.sort = sort;
  }

  /**
   * A writer that spools sorted runs, encrypted, into a fresh directory under {@code spoolParent}
   * once the records outgrow one in-memory run (64k records or 8 MiB).
   */
  public static StreamingExportWriter spooling(ExportRequestInfo req, Set<CdrField> fields,
      Path spoolParent) {
    return new StreamingExportWriter(req, fields,
        new ExternalSort(Optional.of(spoolParent), ExternalSort.Limits.DEFAULT));
  }

  /** As {@link #spooling}, with other run and merge bounds (tests, benchmarks). */
  static StreamingExportWriter spooling(ExportRequestInfo req, Set<CdrField> fields,
      Path spoolParent, ExternalSort.Limits limits) {
    return new StreamingExportWriter(req, fields, new ExternalSort(Optional.of(spoolParent), limits));
  }

  /** A writer that keeps every record in memory (for records the caller already holds). */
  static StreamingExportWriter inMemory(ExportRequestInfo req, Set<CdrField> fields) {
    return new StreamingExportWriter(req, fields,
        new ExternalSort(Optional.empty(), ExternalSort.Limits.IN_MEMORY));
  }

  /**
   * Adds a record of the package (a repeat of a stored record already added is dropped later).
   *
   * @throws IllegalArgumentException if it starts outside the request window (named by its
   *     position among the records added)
   * @throws IOException if a run cannot be spooled
   */
  public void add(GrantedCdr record) throws IOException {
    Objects.requireNonNull(record, "record " + added);
    if (writing) {
      throw new IllegalStateException("the package is already being written");
    }
    if (added == 0 && !record.fields().equals(fields)) {
      throw new IllegalArgumentException("the records were read under a grant of other fields than"
          + " the package's");
    }
    if (!req.inWindow(record.start())) {
      throw new IllegalArgumentException("record " + added + " starts outside the request window");
    }
    line.reset();
    try (JsonGenerator gen = CanonicalJson.jsonFactory().createGenerator(line)) {
      record.writeJson(gen);
    }
    sort.add(ExportLine.of(record, line.toByteArray()));
    added++;
  }

  /** Records written to {@code records.ndjson} so far (also during and after a failure). */
  public int recordsWritten() {
    return written;
  }

  /** Sorted runs written to the encrypted spool (0: the export was sorted in memory). */
  public long spooledRuns() {
    return sort.spilledRuns();
  }

  /**
   * Writes the package into {@code sink} and completes it; on failure abandons it (no manifest, no
   * signature) and rethrows. Call once. Does not close the sink's underlying stream.
   *
   * @param query how the records were obtained (the manifest's {@code query} member), if known
   * @throws IOException if the sink cannot be written or the spool read (including a spooled file
   *     that fails authentication)
   */
  public PackageSummary writeTo(PackageSink sink, Optional<ExportQuery> query, ExportSigner signer,
      Clock clock) throws IOException {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    if (writing) {
      throw new IllegalStateException("writeTo was already called");
    }
    writing = true;
    try (PackageSink s = sink; ExternalSort.LineCursor lines = sort.sorted()) {
      Instant generatedAt = clock.instant();
      Map<String, String> hashes = new LinkedHashMap<>();
      long bytes = 0;
      CsvColumns csv = CsvColumns.of(fields);
      Optional<EncryptedSpool> spool = sort.spool();
      Optional<EncryptedSpool.SpoolFile> csvSpool = spool.map(EncryptedSpool::newFile);
      ByteArrayOutputStream csvMemory = csvSpool.isEmpty() ? new ByteArrayOutputStream() : null;

      MessageDigest digest = ExportPackage.sha256();
      try (OutputStream ndjson = new DigestOutputStream(s.file(ExportPackage.RECORDS_NDJSON), digest);
          OutputStream rows = csvSpool.isPresent() ? csvSpool.get().write() : csvMemory) {
        for (ExportLine l = lines.next(); l != null; l = lines.next()) {
          ndjson.write(l.json);
          ndjson.write('\n');
          bytes += l.json.length + 1L;
          rows.write(csv.row(MAPPER.readTree(l.json)).getBytes(StandardCharsets.UTF_8));
          written++;
        }
      }
      hashes.put(ExportPackage.RECORDS_NDJSON, HexFormat.of().formatHex(digest.digest()));

      digest = ExportPackage.sha256();
      try (OutputStream out = new DigestOutputStream(s.file(ExportPackage.RECORDS_CSV), digest);
          InputStream rows = csvSpool.isPresent() ? csvSpool.get().read()
              : new java.io.ByteArrayInputStream(csvMemory.toByteArray())) {
        byte[] header = csv.header().getBytes(StandardCharsets.UTF_8);
        out.write(header);
        bytes += header.length + rows.transferTo(out);
      }
      csvSpool.ifPresent(EncryptedSpool.SpoolFile::delete);
      hashes.put(ExportPackage.RECORDS_CSV, HexFormat.of().formatHex(digest.digest()));

      byte[] certification = Certification.text(req, written, generatedAt, hashes)
          .getBytes(StandardCharsets.UTF_8);
      writeFile(s, ExportPackage.CERTIFICATION, certification);
      bytes += certification.length;
      hashes.put(ExportPackage.CERTIFICATION,
          HexFormat.of().formatHex(ExportPackage.sha256().digest(certification)));

      byte[] manifest = manifest(req, query, fields, written, hashes, generatedAt,
          signer.fingerprint());
      writeFile(s, ExportPackage.MANIFEST, manifest);
      writeFile(s, ExportPackage.SIGNATURE, signer.sign(manifest));
      writeFile(s, ExportPackage.SIGNER_KEY, signer.publicKeyDer());
      s.complete();
      return new PackageSummary(written, hashes, signer.fingerprint(), generatedAt, bytes);
    }
  }

  /** Deletes every temporary file of the export. Idempotent. */
  @Override
  public void close() {
    sort.close();
  }

  private static void writeFile(PackageSink sink, String name, byte[] content) throws IOException {
    try (OutputStream out = sink.file(name)) {
      out.write(content);
    }
  }

  static byte[] manifest(ExportRequestInfo req, Optional<ExportQuery> query,
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
