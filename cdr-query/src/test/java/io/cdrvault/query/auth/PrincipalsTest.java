package io.cdrvault.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.access.Policy;
import io.cdrvault.store.access.Principal;
import io.cdrvault.store.config.ConfigException;
import io.cdrvault.store.model.CustomerId;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrincipalsTest {

  @Test
  void certificate_identifiesAPrincipalWithoutAToken_andIsCheckedWithTheOtherEntries() {
    Principals p = Principals.parse("""
        principals:
          - name: billing-batch
            roles: [billing-job]
            certificate:
              subject: "cn=billing-batch, o=Example Carrier"
          - name: fraud-robot
            roles: [fraud-analyst]
            tokenSha256: %s
            certificate:
              dns: Robot.Fraud.Example
        """.formatted(Principals.sha256Hex("t1")));
    assertThat(p.entries()).hasSize(2);
    assertThat(p.entries().get(0).tokenSha256()).isNull();
    assertThat(p.entries().get(0).certificate()).contains(
        CertificateIdentity.of("subject", "CN=billing-batch,O=Example Carrier"));
    assertThat(p.entries().get(1).certificate()).contains(
        CertificateIdentity.of("dns", "robot.fraud.example"));
    assertThat(TokenAuthenticator.create(p).authenticate("Bearer t1")).map(Principal::name)
        .contains("fraud-robot");
    assertThat(p.toString() + p.entries()).doesNotContain("Carrier", "robot.fraud");

    assertThatThrownBy(() -> Principals.parse("""
        principals:
          - name: a
            roles: [x]
            certificate: {subject: "CN=a", dns: a.example}
          - name: b
            roles: [x]
          - name: c
            roles: [x]
            certificate: {ip: 10.0.0.1}
        """))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(m -> assertThat(m).startsWith("principals[0].certificate must be a mapping"))
            .anySatisfy(m -> assertThat(m).startsWith("principals[1].tokenSha256 must be"))
            .anySatisfy(m -> assertThat(m).startsWith("principals[2].certificate.ip is not")));
  }

  @Test
  void parse_readsNamesRolesHashesAndCustomer_andAuthenticatesTheToken() {
    String yaml = """
        principals:
          - name: billing-job
            roles: [billing-job]
            tokenSha256: %s
          - name: portal-1
            roles: [customer-care]
            customer: C-77
            tokenSha256: %s
        """.formatted(Principals.sha256Hex("t1"), Principals.sha256Hex("t2").toUpperCase());

    Principals p = Principals.parse(yaml);

    assertThat(p.entries()).hasSize(2);
    assertThat(p.byName("portal-1")).map(Principal::customer).hasValue(Optional.of(CustomerId.of("C-77")));
    assertThat(p.roles()).containsExactly("billing-job", "customer-care");
    TokenAuthenticator auth = TokenAuthenticator.create(p);
    assertThat(auth.authenticate("Bearer t2")).map(Principal::name).hasValue("portal-1");
  }

  @Test
  void parse_reportsEveryProblemByPosition_withoutValues() {
    String yaml = """
        principals:
          - name: a
            roles: []
            tokenSha256: not-hex
          - name: a
            roles: [r]
            customer: "bad id with spaces"
            tokenSha256: %1$s
          - name: b
            roles: [r]
            tokenSha256: %1$s
            password: hunter2
        """.formatted(Principals.sha256Hex("x"));

    assertThatThrownBy(() -> Principals.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "principals[0].roles must be a non-empty list",
            "principals[0].tokenSha256 must be 64 hex digits (printf %s \"$TOKEN\" | sha256sum)",
            "principals[1].name repeats an earlier principal's name",
            "principals[1].customer is not a valid customer id",
            "principals[2].tokenSha256 repeats an earlier principal's token hash",
            "principals[2] has unknown key 'password'"))
        .message().doesNotContain("bad id with spaces").doesNotContain("hunter2");
  }

  @Test
  void shippedExampleFile_loads_andUsesOnlyRolesThePolicyDefines() {
    Principals p = Principals.load(Path.of("..", "config", "principals.yaml"));
    Policy policy = PolicyFile.load(Path.of("..", "config", "policy.yaml"));

    assertThat(p.entries()).isNotEmpty();
    assertThat(policy.purposesByRole().keySet()).containsAll(p.roles());
  }
}
