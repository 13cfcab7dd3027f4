package io.cdrvault.query.legal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ActionOutcome;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.query.http.ResponseAbort;
import io.cdrvault.query.http.StreamedAnswer;
import io.cdrvault.query.legal.export.ExportSigner;
import io.cdrvault.query.legal.export.PackageZip;
import io.cdrvault.store.CdrStore;
import io.cdrvault.store.access.AccessScope;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.access.Rules;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.legal.LegalRequest;
import io.cdrvault.store.legal.LegalRequestException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legal-process endpoints: register, show, approve (two-person rule), revoke and export a
 * legal request. Every call needs purpose {@code LEGAL_PROCESS} and produces exactly one decision
 * entry in the audit ledger: registry actions through {@link AccessFlow#authorizeAction} and one
 * {@code recordAction} with the outcome; exports through the policy engine
 * (the {@link AuditedRead} runner with {@link AccessScope#legalRequest}), which refuses
 * unapproved, expired, revoked and preservation-only requests, plus one completion entry.
 *
 * <p>An export is read only after the decision, sorted in bounded memory (runs beyond the first
 * spooled encrypted under a key held only in memory, in a {@code cdrvault-export-*} directory under
 * {@code java.io.tmpdir}), then streamed to the response as a zip, records first and manifest and
 * signature last. The spool is deleted before the handler returns, also on failure or when the
 * client goes away.
 *
 * <p>Thread-safe. Logs operation names, request ids (opaque random ids), rules and audit sequence
 * numbers only.
 */
final class LegalEndpoints {
  private static final Logger log = LoggerFactory.getLogger(LegalEndpoints.class);

  /** Audited operation names of the registry actions ({@code legal-export} is the engine's). */
  public static final String REGISTER = "legal-register";
  public static final String READ = "legal-read";
  public static final String LIST = "legal-list";
  public static final String APPROVE = "legal-approve";
  public static final String REVOKE = "legal-revoke";

  /** Rule: the approver registered the request. */
  public static final String TWO_PERSON_RULE = "two-person-rule";
  /** Rule: the request is not awaiting approval (already approved, or revoked). */
  public static final String NOT_PENDING = "legal-request-not-pending";
  /** Rule: this node has no export signing key. */
  public static final String SIGNING_UNAVAILABLE = "export-signing-unavailable";

  static final String CASE_HEADER = "X-CPNI-Case";
  private static final String ID_PROBLEM = "path parameter 'id' must be LR- and 16 lowercase hex digits";

  private final LegalRegistry registry;
  private final AccessFlow flow;
  private final AuditedRead reads;
  private final ObjectMapper json;
  private final Optional<LegalExportService> exports;

  /**
   * Endpoints over the store's legal registry; exports are signed with {@code signer} (empty: the
   * export route answers 503 {@value #SIGNING_UNAVAILABLE}).
   */
  LegalEndpoints(ApiContext api, Optional<ExportSigner> signer) {
    CdrStore store = api.store();
    this.registry = store.legalRegistry();
    this.flow = api.flow();
    this.reads = api.reads();
    this.json = api.json();
    this.exports = signer.map(s -> new LegalExportService(store, s, flow.policy().clock()));
  }

  /** {@code POST /v1/legal/requests}: registers a request (state REGISTERED); 201. */
  void register(Context ctx) {
    flow.action(ctx, REGISTER, Purpose.LEGAL_PROCESS, (p, now) -> {
      LegalRequestJson.Parsed parsed = LegalRequestJson.parse(json, flow.body(ctx));
      if (!parsed.isOk()) {
        return ActionOutcome.refused(400, "bad-request", Rules.BAD_REQUEST, Optional.empty(),
            parsed.problem());
      }
      try {
        LegalRequest r = registry.register(parsed.request(), p.name(), now);
        return ActionOutcome.ok(201, Optional.of(r.id()), LegalRequestJson.write(json, r, now));
      } catch (LegalRequestException e) {
        return ActionOutcome.refused(400, "bad-request", Rules.BAD_REQUEST, Optional.empty(),
            "member 'expiresAt' must be in the future");
      }
    });
  }

  /**
   * {@code GET /v1/legal/requests[?state=REGISTERED|APPROVED|REVOKED]}: every request (in that
   * state), ordered by id.
   */
  void list(Context ctx) {
    flow.action(ctx, LIST, Purpose.LEGAL_PROCESS, (p, now) -> {
      String raw = ctx.queryParam("state");
      LegalRequest.State state = null;
      if (raw != null) {
        try {
          state = LegalRequest.State.valueOf(raw);
        } catch (IllegalArgumentException e) {
          return ActionOutcome.refused(400, "bad-request", Rules.BAD_REQUEST, Optional.empty(),
              "query parameter 'state' must be one of " + java.util.Arrays.toString(LegalRequest.State.values()));
        }
      }
      com.fasterxml.jackson.databind.node.ObjectNode body = json.createObjectNode();
      com.fasterxml.jackson.databind.node.ArrayNode arr = body.putArray("requests");
      for (LegalRequest r : registry.all()) {
        if (state == null || r.state() == state) {
          arr.add(LegalRequestJson.write(json, r, now));
        }
      }
      return ActionOutcome.ok(200, Optional.empty(), body);
    });
  }

  /** {@code GET /v1/legal/requests/{id}}. */
  void show(Context ctx) {
    flow.action(ctx, READ, Purpose.LEGAL_PROCESS, (p, now) -> withId(ctx, id -> registry.find(id)
        .map(r -> ActionOutcome.ok(200, Optional.of(r.id()), LegalRequestJson.write(json, r, now)))
        .orElseGet(() -> unknown(id))));
  }

  /** {@code POST /v1/legal/requests/{id}/approval}: approval by a second person. */
  void approve(Context ctx) {
    flow.action(ctx, APPROVE, Purpose.LEGAL_PROCESS, (p, now) -> withId(ctx, id -> {
      try {
        LegalRequest r = registry.approve(id, p.name(), now);
        return ActionOutcome.ok(200, Optional.of(r.id()), LegalRequestJson.write(json, r, now));
      } catch (LegalRequestException e) {
        return refusal(id, e);
      }
    }));
  }

  /** {@code POST /v1/legal/requests/{id}/revocation}. */
  void revoke(Context ctx) {
    flow.action(ctx, REVOKE, Purpose.LEGAL_PROCESS, (p, now) -> withId(ctx, id -> {
      try {
        LegalRequest r = registry.revoke(id, p.name(), now);
        return ActionOutcome.ok(200, Optional.of(r.id()), LegalRequestJson.write(json, r, now));
      } catch (LegalRequestException e) {
        return refusal(id, e);
      }
    }));
  }

  /**
   * {@code POST /v1/legal/requests/{id}/export}: the signed package as a zip. The request id goes
   * in the path and in {@code X-CPNI-Case} (the engine decides by the header).
   */
  void export(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    boolean validId = LegalRequest.ID.matcher(id).matches();
    Optional<LegalRequest> found = validId ? registry.find(id) : Optional.empty();
    if (found.isEmpty() || exports.isEmpty()) {
      // refused before a read could be decided: audited once as an action
      flow.action(ctx, Operations.LEGAL_EXPORT, Purpose.LEGAL_PROCESS, (p, now) -> withId(ctx, i -> found.isEmpty()
          ? unknown(i)
          : ActionOutcome.refused(503, "export-unavailable", SIGNING_UNAVAILABLE, Optional.of(i),
              "this node has no export signing key configured")));
      return;
    }
    LegalRequest request = found.get();
    // every record is read and sorted before the 200 goes out (runs beyond the first spooled,
    // encrypted, under java.io.tmpdir); then the zip is streamed. Nothing is held whole in memory,
    // nothing is written to disk in plaintext, and the spool is deleted on every path (before the
    // completion entry is written).
    reads.stream(ctx, Operations.LEGAL_EXPORT, c -> scopeOf(c, request), (grant, tally) -> {
      LegalExportService.Prepared p = exports.get().prepare(grant, spoolParent());
      tally.customers(p.customers());
      ctx.header("Content-Disposition", "attachment; filename=\"" + request.id() + ".zip\"");
      return StreamedAnswer.of(PackageZip.MEDIA_TYPE, out -> {
        try {
          p.writeZip(out);
          tally.whole();
        } catch (IOException | RuntimeException e) {
          // the 200 is out: break the transfer, so the client cannot take it for a whole package;
          // the completion entry says not ok, with the records and customers that may have been
          // sent (an archive without manifest or signature)
          ResponseAbort.abort(ctx, e);
          log.warn("legal export of {} under audit#{} abandoned after {} records ({})",
              request.id(), grant.auditSequence(), p.recordsWritten(), e.getClass().getSimpleName());
          throw e;
        } finally {
          tally.records(p.recordsWritten());
        }
        log.info("legal export of {} under audit#{}: {} records ({} spooled runs)", request.id(),
            grant.auditSequence(), p.recordsWritten(), p.spooledRuns());
      }, p::close);
    });
  }

  /**
   * Where an export's encrypted spool directory ({@code cdrvault-export-*}) is created: the JVM's
   * {@code java.io.tmpdir} (set it to a disk under the data directory to keep large exports off a
   * RAM-backed /tmp). The spool is ciphertext under a key that exists only in this process.
   */
  static Path spoolParent() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private RequestScope scopeOf(Context ctx, LegalRequest request) {
    AccessScope scope = AccessScope.legalRequest(request);
    String sent = ctx.header(CASE_HEADER);
    if (sent != null && !sent.strip().equals(request.id())) {
      return RequestScope.invalid(scope, "header " + CASE_HEADER
          + " must name the legal request of the path");
    }
    return RequestScope.of(scope);
  }

  private static ActionOutcome withId(Context ctx, java.util.function.Function<String, ActionOutcome> f) {
    String id = ctx.pathParam("id");
    if (!LegalRequest.ID.matcher(id).matches()) {
      return ActionOutcome.refused(400, "bad-request", Rules.BAD_REQUEST, Optional.empty(), ID_PROBLEM);
    }
    return f.apply(id);
  }

  private static ActionOutcome unknown(String id) {
    return ActionOutcome.refused(404, "not-found", Rules.LEGAL_REQUEST_UNKNOWN, Optional.of(id),
        "no legal request has this id");
  }

  private static ActionOutcome refusal(String id, LegalRequestException e) {
    Optional<String> c = Optional.of(id);
    return switch (e.reason()) {
      case UNKNOWN -> unknown(id);
      case SAME_PRINCIPAL -> ActionOutcome.refused(409, "conflict", TWO_PERSON_RULE, c,
          "the request must be approved by someone other than the person who registered it");
      case NOT_PENDING -> ActionOutcome.refused(409, "conflict", NOT_PENDING, c,
          "the request is not awaiting approval (already approved, or revoked)");
      case EXPIRED -> ActionOutcome.refused(409, "conflict", Rules.LEGAL_REQUEST_EXPIRED, c,
          "the legal request has expired");
      case ALREADY_REVOKED -> ActionOutcome.refused(409, "conflict", Rules.LEGAL_REQUEST_REVOKED, c,
          "the legal request was already revoked");
    };
  }
}
