package io.cdrvault.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.store.access.AccessGrant;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audited-read protocol, written once for every endpoint that reads CPNI (as
 * {@link AccessFlow#action} is for administrative actions):
 *
 * <ol>
 *   <li>the {@link AccessFlow} decides, auditing the decision first; a refusal is answered there
 *       and nothing is read; an allowed answer carries the decision's sequence in
 *       {@code X-CPNI-Audit-Sequence};
 *   <li>the endpoint's read runs with the grant and reports what it disclosed into a
 *       {@link ReadTally};
 *   <li>exactly one completion entry records the count, the customers and whether the answer was
 *       whole — for a JSON answer before it leaves ({@link #json}), for a streamed answer after the
 *       stream ended or failed ({@link #stream}); a read that throws is recorded as not complete and
 *       the exception goes on to the server's error mapping;
 *   <li>every answer carries {@code Cache-Control: no-store}; a JSON body ends with
 *       {@code auditSequence}.
 * </ol>
 *
 * <p>Thread-safe (holds only thread-safe collaborators). Logs operation names, counts and audit
 * sequence numbers only.
 */
public final class AuditedRead {
  private static final Logger log = LoggerFactory.getLogger(AuditedRead.class);
  /** Media type of record streams: one JSON document per line. */
  public static final String NDJSON = "application/x-ndjson";

  private final AccessFlow flow;
  private final ObjectMapper json;
  private final ApiErrors errors;

  AuditedRead(AccessFlow flow, ObjectMapper json, ApiErrors errors) {
    this.flow = Objects.requireNonNull(flow, "flow");
    this.json = Objects.requireNonNull(json, "json");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** A read answered as one JSON document. */
  @FunctionalInterface
  public interface JsonRead {
    /** Reads with {@code grant}, reporting into {@code tally}; runs only after an allowed decision. */
    JsonAnswer read(AccessGrant grant, ReadTally tally);
  }

  /** A read answered as a stream. */
  @FunctionalInterface
  public interface StreamRead {
    /**
     * Opens the read with {@code grant} (what must happen before status 200 goes out: opening a
     * cursor, sorting an export); the answer reports into {@code tally} as it is written.
     */
    StreamedAnswer open(AccessGrant grant, ReadTally tally) throws IOException;
  }

  /**
   * Serves a read answered as one JSON document: decision, then {@code read}, then the completion
   * entry, then the answer (with {@code auditSequence} appended to its body).
   *
   * @param scopeOf parses the request's scope (and body, through {@link AccessFlow#body}); it
   *     runs after authentication and must not read data
   */
  public void json(Context ctx, String operation, Function<Context, RequestScope> scopeOf,
      JsonRead read) throws IOException {
    Optional<AccessGrant> granted = flow.authorize(ctx, operation, scopeOf);
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    ReadTally tally = new ReadTally(flow.policy().disclosedCustomers(grant));
    JsonAnswer answer;
    try {
      answer = read.read(grant, tally);
    } catch (RuntimeException e) {
      complete(grant, tally, false);
      throw e;
    }
    if (answer.isRefusal()) {
      complete(grant, tally, false);
      errors.write(ctx, answer.status(), answer.error(), null, answer.reason(),
          grant.auditSequence());
      return;
    }
    answer.body().put("auditSequence", grant.auditSequence());
    complete(grant, tally, true);
    ctx.status(answer.status()).header("Cache-Control", "no-store")
        .contentType("application/json").result(json.writeValueAsBytes(answer.body()));
  }

  /**
   * Serves a read answered as a stream: decision, then {@code read}'s open, then status 200 and the
   * answer written to the response as it is read, then (the answer closed) the completion entry —
   * whole only if the answer marked itself so ({@link ReadTally#whole()}).
   *
   * @param scopeOf as for {@link #json}
   */
  public void stream(Context ctx, String operation, Function<Context, RequestScope> scopeOf,
      StreamRead read) throws IOException {
    Optional<AccessGrant> granted = flow.authorize(ctx, operation, scopeOf);
    if (granted.isEmpty()) {
      return;
    }
    AccessGrant grant = granted.get();
    ReadTally tally = new ReadTally(flow.policy().disclosedCustomers(grant));
    try (StreamedAnswer answer = read.open(grant, tally)) {
      ctx.status(200).header("Cache-Control", "no-store").contentType(answer.contentType());
      answer.writeTo(ctx.outputStream());
    } finally {
      complete(grant, tally, tally.isWhole());
    }
    log.debug("{} stream for audit#{} ended after {} records", operation, grant.auditSequence(),
        tally.recordCount());
  }

  /** A generator for NDJSON on {@code out}: documents separated by nothing (write the newlines). */
  public JsonGenerator ndjson(OutputStream out) throws IOException {
    JsonGenerator gen = json.getFactory().createGenerator(out);
    gen.setRootValueSeparator(null);
    return gen;
  }

  private void complete(AccessGrant grant, ReadTally tally, boolean whole) {
    flow.complete(grant, tally.recordCount(), tally.completionCustomers(), whole);
  }
}
