package io.cdrvault.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdrvault.store.audit.AuditEvent.Decision;
import io.cdrvault.store.audit.AuditEvent.KeyAction;
import io.cdrvault.store.audit.AuditEvent.Outcome;
import io.cdrvault.store.audit.AuditEvent.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored entry is read back only as a kind that writes exactly its members: one that no kind
 * writes is refused (verification then reports it) rather than read as a kind whose bytes, and so
 * hash, would differ.
 */
class LedgerFormTest {
  private static final String HASHES =
      ",\"prevHash\":\"" + "0".repeat(64) + "\",\"hash\":\"" + "0".repeat(64) + "\"}";

  private static AuditEntry parse(String body) {
    return AuditJson.parse((body + HASHES).getBytes(StandardCharsets.UTF_8));
  }

  private static String entry(String fields, String outcome, String rule, String resultCount,
      String purpose, String operation) {
    return "{\"seq\":1,\"time\":\"2025-03-01T00:00:00Z\",\"principal\":\"ops\",\"purpose\":"
        + purpose + ",\"operation\":\"" + operation + "\",\"subject\":null,\"from\":null,"
        + "\"to\":null,\"fields\":" + fields + ",\"outcome\":\"" + outcome + "\",\"rule\":\""
        + rule + "\",\"caseRef\":null,\"resultCount\":" + resultCount;
  }

  @Test
  void keyAction_readsTheKekVersionFromItsField() {
    AuditEntry e = parse(entry("[\"kek-v12\"]", "ALLOWED", "operator-command", "3", "null",
        "keys.rewrap"));

    assertThat(e.event()).isEqualTo(new KeyAction(Instant.parse("2025-03-01T00:00:00Z"), "ops",
        "keys.rewrap", Outcome.ALLOWED, "operator-command", 12, 3));
  }

  @Test
  void formsNoKindWrites_areRefused() {
    // a decision with a result count
    assertThatThrownBy(() -> parse(entry("[\"start\"]", "ALLOWED", "purpose-allowed", "5",
        "\"BILLING\"", "records"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matches no kind");
    // a KEK version written with a leading zero (reading it as 1 would write "kek-v1")
    assertThatThrownBy(() -> parse(entry("[\"kek-v01\"]", "ALLOWED", "operator-command", "3",
        "null", "keys.rewrap"))).isInstanceOf(IllegalArgumentException.class);
    // a key action naming something that is not a KEK version
    assertThatThrownBy(() -> parse(entry("[\"start\"]", "ALLOWED", "operator-command", "3",
        "null", "keys.rewrap"))).isInstanceOf(IllegalArgumentException.class);
    // a completion that links to no decision, and a decision that links to one
    assertThatThrownBy(() -> parse(entry("[]", "COMPLETED", "complete", "3", "\"BILLING\"",
        "records"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse(entry("[]", "DENIED", "role-lacks-purpose", "null",
        "\"BILLING\"", "records") + ",\"decisionSeq\":4"))
        .isInstanceOf(IllegalArgumentException.class);
    // an outcome that is none of the three
    assertThatThrownBy(() -> parse(entry("[]", "MAYBE", "x", "null", "null", "records")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyKind_writesAFormThatReadsBackAsItself() {
    Instant t = Instant.parse("2025-03-01T00:00:00Z");
    List<AuditEvent> events = List.of(
        new Decision(t, "care", "CUSTOMER_ACCESS", "records", Scope.customer("ab".repeat(16)),
            List.of("start"), Outcome.ALLOWED, "purpose-allowed", null),
        new Decision(t, AuditEvent.ANONYMOUS, null, "records", Scope.NONE, List.of(),
            Outcome.DENIED, "unauthenticated", null),
        new AuditEvent.Completion(t, "care", "CUSTOMER_ACCESS", "records",
            Scope.customer("ab".repeat(16)), "in-progress", null, null, 1, List.of("cd")),
        new AuditEvent.AnonymousRefusals(t, "records", "rate-limited", 2, t, t.plusSeconds(60)),
        new KeyAction(t, "ops", "keys.retire", Outcome.DENIED, "kek-in-use", null, 4),
        new AuditEvent.BackupAction(t, "ops", "backup.restore", "operator-command", 7),
        new AuditEvent.LifecycleAction(t, "legal-a", "hold.create",
            new Scope("hold", null, t, t.plusSeconds(86_400)), "hold-created", "LH-1", 2L));
    for (AuditEvent ev : events) {
      assertThat(LedgerForm.of(ev).event()).isEqualTo(ev);
      AuditEntry written = new AuditEntry(1, ev, "0".repeat(64), "0".repeat(64));
      assertThat(AuditJson.parse(AuditJson.entry(written))).isEqualTo(written);
    }
  }
}
