package io.cdrvault.query.http;

import static io.cdrvault.query.http.ApiFixture.BILLING_TOKEN;
import static io.cdrvault.query.http.ApiFixture.CUSTOMER;
import static io.cdrvault.query.http.ApiFixture.FRAUD_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.query.auth.CertificateIdentity;
import io.cdrvault.query.auth.Principals;
import io.cdrvault.query.tls.TlsSettings;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent.AnonymousRefusals;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.crypto.x509.CertificateAuthority;
import io.cdrvault.store.crypto.x509.PemFiles;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates identify principals over real TLS: a certificate named by subject or SAN in
 * the principals file reads as that principal without a token; an unknown, expired, not yet valid,
 * revoked (by a CRL loaded after start) or foreign certificate is refused with 401 and counted in
 * the audit ledger like any unauthenticated refusal, with nothing of the certificate in it; token
 * callers keep working on the same listener.
 */
class MutualTlsIT {
  private static final Instant AT = ApiFixture.CLOCK.instant();
  private static final String USAGE = ApiFixture.usagePath(CUSTOMER, "2024-02-01T00:00:00Z",
      "2024-03-01T00:00:00Z");
  private static final String BATCH_SUBJECT = "CN=billing-batch,OU=Billing,O=Example Carrier";

  @TempDir
  Path dir;

  private CertificateAuthority serverCa;
  private CertificateAuthority clientCa;
  private Path crlFile;
  private ApiFixture api;

  @BeforeEach
  void start() {
    serverCa = TestPki.ca("Server CA");
    clientCa = TestPki.ca("Client CA");
    Path cert = dir.resolve("tls/server.pem");
    Path key = dir.resolve("tls/server.key");
    TestPki.server(serverCa, cert, key);
    Path caFile = dir.resolve("tls/clients-ca.pem");
    PemFiles.write(caFile, PemFiles.certificates(List.of(clientCa.certificate())), false);
    crlFile = dir.resolve("tls/clients.crl");
    writeCrl(List.of());
    api = ApiFixture.startWith(dir.resolve("store"), ApiSettings.of("127.0.0.1", 0)
        .withTls(TlsSettings.pem(cert, key).withReloadInterval(Duration.ofHours(1))
            .withClientCertificates(caFile, Optional.of(crlFile))),
        List.of(
            new Principals.Entry(new Principal("billing-batch", Set.of("billing-job"), Optional.empty()),
                null, Optional.of(CertificateIdentity.of("subject", BATCH_SUBJECT))),
            new Principals.Entry(new Principal("fraud-robot", Set.of("fraud-analyst"), Optional.empty()),
                null, Optional.of(CertificateIdentity.of("uri", "spiffe://carrier.example/fraud-robot")))));
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void certificateNamedBySubject_readsAsItsPrincipal_withoutAToken() throws Exception {
    CertificateAuthority.Issued batch = valid(BATCH_SUBJECT, List.of());
    HttpResponse<String> r = get(Optional.of(batch), null, "BILLING");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(api.audit()).singleElement().satisfies(e -> {
      assertThat(e.event().principal()).isEqualTo("billing-batch");
      assertThat(e.event().outcome()).isEqualTo(Outcome.ALLOWED);
    });
    // its roles still decide: the billing job may not read for FRAUD (403, audited under its name)
    assertThat(get(Optional.of(batch), null, "FRAUD").statusCode()).isEqualTo(403);
  }

  @Test
  void certificateNamedByUriSan_readsAsItsPrincipal() throws Exception {
    CertificateAuthority.Issued robot = valid("CN=robot-7",
        List.of("uri:spiffe://carrier.example/fraud-robot"));
    HttpResponse<String> r = get(Optional.of(robot), null, "FRAUD",
        Map.of("X-CPNI-Case", "FRAUD-2024-0001"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(api.audit()).last().satisfies(e ->
        assertThat(e.event().principal()).isEqualTo("fraud-robot"));
  }

  @Test
  void unknownValidCertificate_isRefused_unlessABearerTokenAuthenticates() throws Exception {
    CertificateAuthority.Issued stranger = valid("CN=stranger,O=Example Carrier", List.of());
    HttpResponse<String> refused = get(Optional.of(stranger), null, "BILLING");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("certificate-unknown");
    HttpResponse<String> withToken = get(Optional.of(stranger), BILLING_TOKEN, "BILLING");
    assertThat(withToken.statusCode()).isEqualTo(200);
    // a certificate of one principal and the token of another: refused
    CertificateAuthority.Issued batch = valid(BATCH_SUBJECT, List.of());
    assertThat(get(Optional.of(batch), FRAUD_TOKEN, "BILLING").body()).contains("certificate-mismatch");
    assertThat(get(Optional.of(batch), BILLING_TOKEN, "BILLING").body()).contains("certificate-mismatch");
    assertThat(countedRefusals()).containsEntry("certificate-unknown", 1L)
        .containsEntry("certificate-mismatch", 2L);
  }

  @Test
  void expiredAndNotYetValidCertificates_areRefused_evenWithAValidToken_andAudited() throws Exception {
    CertificateAuthority.Issued expired = TestPki.client(clientCa, BATCH_SUBJECT, List.of(),
        AT.minus(Duration.ofDays(30)), AT.minus(Duration.ofDays(1)));
    CertificateAuthority.Issued early = TestPki.client(clientCa, BATCH_SUBJECT, List.of(),
        AT.plus(Duration.ofDays(1)), AT.plus(Duration.ofDays(30)));
    HttpResponse<String> r = get(Optional.of(expired), null, "BILLING");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("certificate-expired").doesNotContain("billing-batch");
    assertThat(get(Optional.of(expired), BILLING_TOKEN, "BILLING").statusCode()).isEqualTo(401);
    assertThat(get(Optional.of(early), null, "BILLING").statusCode()).isEqualTo(401);
    assertThat(api.store.readsStarted()).isZero();
    assertThat(countedRefusals()).containsExactly(Map.entry("certificate-expired", 3L));
    assertThat(api.audit()).allSatisfy(e -> assertThat(e.toString())
        .doesNotContain("billing-batch", expired.serial().toString(16), "Example Carrier"));
  }

  @Test
  void certificateRevokedByACrlLoadedAfterStart_isRefused() throws Exception {
    CertificateAuthority.Issued batch = valid(BATCH_SUBJECT, List.of());
    assertThat(get(Optional.of(batch), null, "BILLING").statusCode()).isEqualTo(200);
    writeCrl(List.of(batch));
    assertThat(api.server.reloadTls()).isTrue();
    HttpResponse<String> r = get(Optional.of(batch), null, "BILLING");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("certificate-revoked");
    assertThat(countedRefusals()).containsEntry("certificate-revoked", 1L);
  }

  @Test
  void certificateOfAnotherCa_isRefused_andTokenCallersWithoutACertificateStillWork() throws Exception {
    CertificateAuthority rogue = TestPki.ca("Rogue CA");
    CertificateAuthority.Issued forged = TestPki.client(rogue, BATCH_SUBJECT, List.of(),
        AT.minus(Duration.ofDays(1)), AT.plus(Duration.ofDays(1)));
    // a standard client does not even offer it (the server names its client CAs) ...
    assertThat(get(Optional.of(forged), null, "BILLING").body()).contains("\"unauthenticated\"");
    // ... and one that sends it anyway is refused
    HttpResponse<String> r = TestPki.http(TestPki.context(serverCa, Optional.of(forged), true))
        .send(HttpRequest.newBuilder(URI.create(api.server.baseUrl() + USAGE))
            .header("X-CPNI-Purpose", "BILLING").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("certificate-untrusted");
    assertThat(get(Optional.empty(), BILLING_TOKEN, "BILLING").statusCode()).isEqualTo(200);
    assertThat(get(Optional.empty(), null, "BILLING").body()).contains("\"unauthenticated\"");
  }

  private CertificateAuthority.Issued valid(String subject, List<String> sans) {
    return TestPki.client(clientCa, subject, sans, AT.minus(Duration.ofDays(1)), AT.plus(Duration.ofDays(1)));
  }

  private void writeCrl(List<CertificateAuthority.Issued> revoked) {
    var crl = clientCa.revocationList(revoked.stream().map(CertificateAuthority.Issued::serial).toList(),
        AT.minus(Duration.ofHours(1)), AT.plus(Duration.ofDays(7)));
    try {
      PemFiles.write(crlFile, PemFiles.block("X509 CRL", crl.getEncoded()), false);
    } catch (java.security.cert.CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(Optional<CertificateAuthority.Issued> client, String token,
      String purpose) throws Exception {
    return get(client, token, purpose, Map.of());
  }

  private HttpResponse<String> get(Optional<CertificateAuthority.Issued> client, String token,
      String purpose, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.server.baseUrl() + USAGE))
        .timeout(Duration.ofSeconds(20)).header("X-CPNI-Purpose", purpose);
    headers.forEach(b::header);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return TestPki.http(TestPki.context(serverCa, client)).send(b.build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The anonymous refusals written to the ledger, as rule → count. */
  private Map<String, Long> countedRefusals() {
    api.server.flushDenials();
    return api.audit().stream().filter(e -> e.event() instanceof AnonymousRefusals)
        .collect(Collectors.groupingBy(e -> e.event().rule(),
            Collectors.summingLong(e -> e.event(AnonymousRefusals.class).count())));
  }

  @SuppressWarnings("unused")
  private static String describe(AuditEntry e) {
    return e.event().principal() + " " + e.event().rule();
  }
}
