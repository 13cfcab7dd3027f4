package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.cdrvault.query.http.SelfClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's calls of the node's API, each with the signed-in user's own token and the purpose
 * of the page ({@code X-CPNI-Purpose}): the API authenticates, decides and audits them exactly as
 * the same call from the CLI (docs/adr/0034).
 *
 * <p>Thread-safe.
 */
final class ConsoleApi {
  static final String PURPOSE = "X-CPNI-Purpose";
  static final String CASE = "X-CPNI-Case";
  static final String AUDIT_SEQUENCE = "X-CPNI-Audit-Sequence";

  private final SelfClient api;
  private final ObjectMapper json;

  ConsoleApi(SelfClient api, ObjectMapper json) {
    this.api = api;
    this.json = json;
  }

  ObjectMapper json() {
    return json;
  }

  /** {@code GET path} for {@code purpose} (null: a duty's route, which takes no purpose). */
  ApiAnswer get(ConsoleSession s, String purpose, String path) {
    return answer(api.send("GET", path, s.token(), purposeHeader(purpose), null));
  }

  /** {@code POST path} for {@code purpose} (null: none) with a JSON body (null: none). */
  ApiAnswer post(ConsoleSession s, String purpose, String path, JsonNode body) {
    try {
      return answer(api.send("POST", path, s.token(), purposeHeader(purpose),
          body == null ? null : json.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a console request", e);
    }
  }

  /** {@code POST path} answering a stream (the caller closes it); {@code caseRef} as case header. */
  HttpResponse<InputStream> postStream(ConsoleSession s, String purpose, String path, String caseRef) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(PURPOSE, purpose);
    headers.put(CASE, caseRef);
    return api.open("POST", path, s.token(), headers, null);
  }

  /** Reads an error answer of a stream call (its body is a small JSON object). */
  ApiAnswer error(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      byte[] b = in.readNBytes(64 * 1024);
      return answer(new SelfClient.Answer(r.statusCode(), b, r.headers().map()));
    } catch (IOException e) {
      throw new UncheckedIOException("the node's API answer could not be read", e);
    }
  }

  private static Map<String, String> purposeHeader(String purpose) {
    return purpose == null ? Map.of() : Map.of(PURPOSE, purpose);
  }

  private ApiAnswer answer(SelfClient.Answer a) {
    JsonNode body;
    try {
      body = a.body().length == 0 ? MissingNode.getInstance() : json.readTree(a.body());
    } catch (IOException e) {
      body = MissingNode.getInstance();
    }
    Long seq = null;
    String h = a.header(AUDIT_SEQUENCE);
    if (h != null) {
      seq = Long.valueOf(h);
    } else if (body.path("auditSequence").canConvertToLong()) {
      seq = body.path("auditSequence").asLong();
    }
    return new ApiAnswer(a.status(), body, seq);
  }
}
