package io.cdrvault.query.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.model.Direction;
import java.util.Map;

/**
 * The JSON form of {@link Usage}, shared by {@code GET /v1/customers/{id}/usage} and the billing
 * run's customer lines (docs/billing.md):
 * <pre>
 * {"customerId","from","to",
 *  "voice":{"ORIGINATING":{"calls","answeredCalls","billableSeconds"},"TERMINATING":{...}},
 *  "sms":{"ORIGINATING":{"messages","segments"},"TERMINATING":{...}},
 *  "destinations":{"domestic":{totals},"international":{"44":{totals},...},"other":{totals}},
 *  "records"}
 * </pre>
 * where totals are {@code {"calls","answeredCalls","billableSeconds","messages","segments"}} and
 * international keys are in numeric order.
 *
 * <p>Stateless and thread-safe.
 */
public final class UsageJson {
  private UsageJson() {}

  /** Writes the usage fields (everything but {@code auditSequence}) into {@code body}. */
  public static ObjectNode write(ObjectNode body, Usage u) {
    body.put("customerId", u.customer().value());
    body.put("from", u.from().toString());
    body.put("to", u.to().toString());
    ObjectNode voice = body.putObject("voice");
    ObjectNode sms = body.putObject("sms");
    for (Direction d : Direction.values()) {
      Usage.Voice v = u.voice().get(d);
      voice.putObject(d.name()).put("calls", v.calls()).put("answeredCalls", v.answeredCalls())
          .put("billableSeconds", v.billableSeconds());
      Usage.Sms s = u.sms().get(d);
      sms.putObject(d.name()).put("messages", s.messages()).put("segments", s.segments());
    }
    ObjectNode dest = body.putObject("destinations");
    totals(dest.putObject("domestic"), u.destinations().domestic());
    ObjectNode intl = dest.putObject("international");
    for (Map.Entry<String, Usage.Totals> e : u.destinations().international().entrySet()) {
      totals(intl.putObject(e.getKey()), e.getValue());
    }
    totals(dest.putObject("other"), u.destinations().other());
    body.put("records", u.records());
    return body;
  }

  private static void totals(ObjectNode n, Usage.Totals t) {
    n.put("calls", t.calls()).put("answeredCalls", t.answeredCalls())
        .put("billableSeconds", t.billableSeconds()).put("messages", t.messages())
        .put("segments", t.segments());
  }
}
