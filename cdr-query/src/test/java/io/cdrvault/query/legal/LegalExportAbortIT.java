package io.cdrvault.query.legal;

import static io.cdrvault.query.legal.LegalFixture.LEGAL_A;
import static io.cdrvault.query.legal.LegalFixture.LEGAL_B;
import static io.cdrvault.query.legal.LegalFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cdrvault.store.access.Rules;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditEvent.Completion;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that goes away in the middle of a large (spooled) legal export: the node stops, deletes
 * the encrypted spool, and the completion entry in the audit ledger says aborted with the records
 * written before the break — not complete.
 */
class LegalExportAbortIT {
  static final int RECORDS = 20_000; // ≈ 15 MB of WARRANT NDJSON: more than one in-memory run

  @TempDir Path dir;
  LegalFixture api;

  @BeforeEach
  void start() {
    api = new LegalFixture(dir);
    List<CustomerCdr> batch = new ArrayList<>();
    Instant first = Instant.parse("2026-10-01T00:00:00Z");
    for (int i = 0; i < RECORDS; i++) {
      CustomerId customer = CustomerId.of(String.format(Locale.ROOT, "AB-%03d", i % 200));
      batch.add(LegalProcessIT.call("ab-" + i, customer, LegalProcessIT.C2_LINE, LegalProcessIT.TARGET,
          first.plusSeconds(97L * i).toString()));
      if (batch.size() == 5_000) {
        api.store.put(batch);
        batch.clear();
      }
    }
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aClientThatDisconnectsMidStream_getsAnAbortedCompletion_andTheSpoolIsDeleted()
      throws Exception {
    HttpResponse<String> registered = api.post("/v1/legal/requests", LEGAL_A, null,
        LegalProcessIT.body("WARRANT", "2026-12-31T00:00:00Z"));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String id = json(registered.body()).get("id").asText();
    assertThat(api.post("/v1/legal/requests/" + id + "/approval", LEGAL_B, id, "").statusCode())
        .isEqualTo(200);

    URI url = URI.create(api.url());
    byte[] head = new byte[4096];
    int got;
    try (Socket s = new Socket(url.getHost(), url.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/legal/requests/" + id + "/export HTTP/1.1\r\nHost: " + url.getHost()
          + "\r\nAuthorization: Bearer " + LEGAL_B + "\r\nX-CPNI-Purpose: LEGAL_PROCESS\r\n"
          + "X-CPNI-Case: " + id + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      got = in.readNBytes(head, 0, head.length);
      s.setSoLinger(true, 0); // reset, as a client that crashed or gave up
    }
    assertThat(new String(head, 0, got, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");

    Completion completion = await().atMost(Duration.ofSeconds(60)).until(() -> {
      List<AuditEntry> all = api.audit();
      AuditEvent last = all.get(all.size() - 1).event();
      return last instanceof Completion c && c.resultCount() != null ? c : null;
    }, e -> e != null);
    assertThat(completion.operation()).isEqualTo("legal-export");
    assertThat(completion.rule()).isEqualTo(Rules.ABORTED);
    assertThat(completion.resultCount()).isLessThan((long) RECORDS);
    try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(tmp.filter(p -> p.getFileName().toString().startsWith("cdrvault-export-")))
          .as("spool deleted").isEmpty();
    }

    // the node keeps serving: a second export, read to the end, is complete
    HttpResponse<byte[]> whole = api.export(id, LEGAL_B);
    assertThat(whole.statusCode()).isEqualTo(200);
    List<AuditEntry> all = api.audit();
    Completion last = all.get(all.size() - 1).event(Completion.class);
    assertThat(last.rule()).isEqualTo(Rules.COMPLETE);
    assertThat(last.resultCount()).isEqualTo((long) RECORDS);
  }
}
