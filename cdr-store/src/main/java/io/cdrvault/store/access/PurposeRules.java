package io.cdrvault.store.access;

import io.cdrvault.store.legal.Instrument;
import io.cdrvault.store.model.CdrField;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * DESIGN.md §7 as data: per purpose, the operations it may use, the scope kinds it may read and
 * the fields it may see (minimum necessary).
 *
 * <p>Immutable and thread-safe.
 *
 * @param operations operation names ({@link Operations})
 * @param scopeKinds {@link AccessScope.Target#kind()} values
 * @param fields the fields a grant carries (LEGAL_PROCESS: decided by the instrument, see
 *     {@link #legalFields})
 */
public record PurposeRules(Set<String> operations, Set<String> scopeKinds, Set<CdrField> fields) {

  /** Billing fields: type, direction, times, durations, both numbers, disposition, segments, charge. */
  public static final Set<CdrField> BILLING_FIELDS = Set.copyOf(EnumSet.of(
      CdrField.RECORD_ID, CdrField.TYPE, CdrField.DIRECTION, CdrField.START, CdrField.ANSWER,
      CdrField.END, CdrField.DURATION, CdrField.BILLABLE, CdrField.CALLING, CdrField.CALLED,
      CdrField.DISPOSITION, CdrField.SMS_SEGMENTS, CdrField.CHARGE));

  /**
   * All non-content fields (a stored record holds no content: SMS text is never kept): every
   * {@link CdrField}.
   */
  public static final Set<CdrField> NON_CONTENT_FIELDS = Set.copyOf(EnumSet.allOf(CdrField.class));

  /** Cell-site location fields (only a WARRANT reaches them). */
  public static final Set<CdrField> LOCATION_FIELDS = Set.copyOf(EnumSet.of(CdrField.CELL_ID));

  /**
   * 18 U.S.C. 2703(c)(2) connection records: numbers, times, durations, service type and
   * instrument ids (IMSI / IMEI), plus the record id the package is keyed by.
   */
  public static final Set<CdrField> SUBPOENA_FIELDS = Set.copyOf(EnumSet.of(
      CdrField.RECORD_ID, CdrField.TYPE, CdrField.DIRECTION, CdrField.CALLING, CdrField.CALLED,
      CdrField.REDIRECTING, CdrField.START, CdrField.ANSWER, CdrField.END, CdrField.DURATION,
      CdrField.IMSI, CdrField.IMEI));

  /** MARKETING: service types and usage volumes; no call detail. */
  public static final Set<CdrField> MARKETING_FIELDS = Set.copyOf(EnumSet.of(
      CdrField.TYPE, CdrField.BILLABLE, CdrField.SMS_SEGMENTS));

  /** AGGREGATE: what groups and sums are computed from; records never leave individually. */
  public static final Set<CdrField> AGGREGATE_FIELDS = Set.copyOf(EnumSet.of(
      CdrField.TYPE, CdrField.DIRECTION, CdrField.START, CdrField.DURATION, CdrField.BILLABLE,
      CdrField.DISPOSITION, CdrField.SMS_SEGMENTS, CdrField.CALLED));

  static final Set<Purpose> SUPPORTED = Set.copyOf(EnumSet.allOf(Purpose.class));

  private static final Map<Purpose, PurposeRules> RULES;

  static {
    Map<Purpose, PurposeRules> m = new EnumMap<>(Purpose.class);
    m.put(Purpose.BILLING, new PurposeRules(
        Set.of(Operations.USAGE, Operations.RECORDS, Operations.BILLING_RUN),
        Set.of("customer", "all"), BILLING_FIELDS));
    m.put(Purpose.FRAUD, new PurposeRules(
        Set.of(Operations.USAGE, Operations.RECORDS),
        Set.of("customer", "number", "prefix"), NON_CONTENT_FIELDS));
    m.put(Purpose.LEGAL_PROCESS, new PurposeRules(
        Set.of(Operations.RECORDS, Operations.LEGAL_EXPORT),
        Set.of("customer", "number", "legal-request"), Set.of()));
    m.put(Purpose.CUSTOMER_ACCESS, new PurposeRules(
        Set.of(Operations.USAGE, Operations.RECORDS, Operations.ACCESS_LOG, Operations.CONSENT,
            Operations.ERASURE),
        Set.of("customer"), BILLING_FIELDS));
    m.put(Purpose.MARKETING, new PurposeRules(
        Set.of(Operations.MARKETING_USAGE), Set.of("customer", "all"), MARKETING_FIELDS));
    m.put(Purpose.AGGREGATE, new PurposeRules(
        Set.of(Operations.AGGREGATE), Set.of("all"), AGGREGATE_FIELDS));
    RULES = Map.copyOf(m);
  }

  public PurposeRules {
    operations = Set.copyOf(operations);
    scopeKinds = Set.copyOf(scopeKinds);
    fields = Set.copyOf(fields);
  }

  /** The rules of a purpose. */
  public static PurposeRules of(Purpose p) {
    return RULES.get(p);
  }

  /**
   * The fields a legal instrument allows: SUBPOENA connection records; COURT_ORDER all non-content
   * except cell-site location; WARRANT all non-content; PRESERVATION none (it preserves, it does
   * not disclose).
   */
  public static Set<CdrField> legalFields(Instrument instrument) {
    return switch (instrument) {
      case SUBPOENA -> SUBPOENA_FIELDS;
      case COURT_ORDER -> {
        EnumSet<CdrField> s = EnumSet.allOf(CdrField.class);
        s.removeAll(LOCATION_FIELDS);
        yield Set.copyOf(s);
      }
      case WARRANT -> NON_CONTENT_FIELDS;
      case PRESERVATION -> Set.of();
    };
  }
}
