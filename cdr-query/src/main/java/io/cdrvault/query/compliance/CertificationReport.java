package io.cdrvault.query.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.store.access.Operations;
import io.cdrvault.store.access.Purpose;
import io.cdrvault.store.audit.AuditEntry;
import io.cdrvault.store.audit.AuditEvent;
import io.cdrvault.store.audit.AuditLedger;
import io.cdrvault.store.compliance.Breach;
import io.cdrvault.store.compliance.BreachNotification;
import io.cdrvault.store.compliance.Complaint;
import io.cdrvault.store.compliance.ComplaintCategory;
import io.cdrvault.store.compliance.ComplianceRegistry;
import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.legal.LegalRegistry;
import io.cdrvault.store.legal.LegalRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The data the compliance officer needs to sign the annual CPNI certification (47 CFR 64.2009(e))
 * for one calendar year (UTC), from the audit ledger and the compliance registers:
 * <ul>
 *   <li>disclosures: allowed decisions of reads of CPNI ({@link #DISCLOSURE_OPERATIONS}) by purpose,
 *       and those for LEGAL_PROCESS by the instrument of their legal request;
 *   <li>denials: refused decisions by rule, with anonymous refusals counted as often as they were
 *       refused;
 *   <li>consent operations: allowed {@code consent} decisions (the ledger records views and
 *       changes of a customer's approval under one operation);
 *   <li>breaches discovered in the year, each with its dates; complaints received in the year by
 *       category.
 * </ul>
 * The ledger is read once, in pages, from its first entry. No customer, number or free text goes
 * into the report: counts, rule names, purposes, instruments, ids and dates.
 *
 * <p>Stateless and thread-safe.
 */
final class CertificationReport {
  /** The operations whose allowed decisions released CPNI (call detail or usage). */
  static final Set<String> DISCLOSURE_OPERATIONS = Set.of(Operations.USAGE, Operations.RECORDS,
      Operations.BILLING_RUN, Operations.MARKETING_USAGE, Operations.AGGREGATE,
      Operations.LEGAL_EXPORT);
  private static final int PAGE = 1024;

  private CertificationReport() {}

  static ObjectNode build(ObjectMapper json, int year, AuditLedger ledger, LegalRegistry legal,
      ComplianceRegistry registry, Instant now) {
    Objects.requireNonNull(ledger, "ledger");
    Instant from = Instant.parse(year + "-01-01T00:00:00Z");
    Instant to = from.atZone(ZoneOffset.UTC).plusYears(1).toInstant();
    Map<String, Long> byPurpose = zeros(Purpose.values());
    Map<String, Long> byInstrument = zeros(Instrument.values());
    Map<String, Long> denials = new TreeMap<>();
    Map<String, Instrument> instruments = new TreeMap<>();
    long consent = 0;
    long scanned = 0;
    for (long next = 1; ; ) {
      List<AuditEntry> page = ledger.read(next, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (AuditEntry e : page) {
        AuditEvent ev = e.event();
        if (ev.time().isBefore(from) || !ev.time().isBefore(to)) {
          continue;
        }
        scanned++;
        if (ev instanceof AuditEvent.Decision d) {
          if (!d.allowed()) {
            denials.merge(d.rule(), 1L, Long::sum);
          } else if (d.operation().equals(Operations.CONSENT)) {
            consent++;
          } else if (d.purpose() != null && DISCLOSURE_OPERATIONS.contains(d.operation())) {
            byPurpose.merge(d.purpose(), 1L, Long::sum);
            if (d.purpose().equals(Purpose.LEGAL_PROCESS.name())) {
              String instrument = instrument(d.caseRef(), legal, instruments);
              byInstrument.merge(instrument, 1L, Long::sum);
            }
          }
        } else if (ev instanceof AuditEvent.AnonymousRefusals a) {
          denials.merge(a.rule(), a.count(), Long::sum);
        }
      }
      next = page.get(page.size() - 1).sequence() + 1;
    }
    ObjectNode r = json.createObjectNode();
    r.put("year", year);
    r.putObject("period").put("from", from.toString()).put("to", to.toString());
    r.put("generatedAt", now.toString());
    ObjectNode disclosures = r.putObject("disclosures");
    disclosures.put("total", byPurpose.values().stream().mapToLong(Long::longValue).sum());
    put(disclosures.putObject("byPurpose"), byPurpose);
    put(disclosures.putObject("legalProcessByInstrument"), byInstrument);
    ObjectNode d = r.putObject("denials");
    d.put("total", denials.values().stream().mapToLong(Long::longValue).sum());
    put(d.putObject("byRule"), denials);
    r.put("consentOperations", consent);
    ArrayNode bs = json.createArrayNode();
    for (Breach b : registry.breaches()) {
      if (b.discoveredAt().atZone(ZoneOffset.UTC).getYear() == year) {
        ObjectNode o = bs.addObject();
        o.put("id", b.id());
        o.put("discoveredAt", b.discoveredAt().toString());
        o.put("determinedAt", b.determinedAt().toString());
        o.put("customersAffected", b.customersAffected());
        o.put("lawEnforcementNotifiedAt", b.first(BreachNotification.Kind.LAW_ENFORCEMENT)
            .map(n -> n.at().toString()).orElse(null));
        o.put("customersNotifiedAt", b.first(BreachNotification.Kind.CUSTOMERS)
            .map(n -> n.at().toString()).orElse(null));
      }
    }
    ObjectNode breaches = r.putObject("breaches");
    breaches.put("count", bs.size());
    breaches.set("items", bs);
    Map<String, Long> byCategory = zeros(ComplaintCategory.values());
    for (Complaint c : registry.complaints()) {
      if (c.receivedAt().atZone(ZoneOffset.UTC).getYear() == year) {
        byCategory.merge(c.category().name(), 1L, Long::sum);
      }
    }
    ObjectNode complaints = r.putObject("complaints");
    complaints.put("total", byCategory.values().stream().mapToLong(Long::longValue).sum());
    put(complaints.putObject("byCategory"), byCategory);
    r.put("ledgerEntriesInPeriod", scanned);
    return r;
  }

  /** The instrument of a legal request id, {@code UNKNOWN} when the reference names none. */
  private static String instrument(String caseRef, LegalRegistry legal,
      Map<String, Instrument> cache) {
    if (caseRef == null || !LegalRequest.ID.matcher(caseRef).matches()) {
      return "UNKNOWN";
    }
    Instrument i = cache.computeIfAbsent(caseRef,
        id -> legal.find(id).map(LegalRequest::instrument).orElse(null));
    return i == null ? "UNKNOWN" : i.name();
  }

  private static Map<String, Long> zeros(Enum<?>[] values) {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    for (Enum<?> v : values) {
      m.put(v.name(), 0L);
    }
    return m;
  }

  private static void put(ObjectNode o, Map<String, Long> m) {
    m.forEach(o::put);
  }
}
