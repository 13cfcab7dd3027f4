package io.cdrvault.store.access;

import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.CustomerCdr;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Test fixture: records as a grant would see them, for unit tests of code that consumes what the
 * store returns (the store itself projects through {@link AccessGrant#project}).
 */
public final class GrantedRecords {
  private GrantedRecords() {}

  /** {@code r} as a grant of {@code purpose} admitting {@code fields} sees it. */
  public static GrantedCdr as(Purpose purpose, Set<CdrField> fields, CustomerCdr r) {
    return new GrantedCdr(r, fields.isEmpty() ? EnumSet.noneOf(CdrField.class)
        : EnumSet.copyOf(fields), purpose);
  }

  /** The records as a grant of {@code purpose} admitting {@code fields} sees them. */
  public static List<GrantedCdr> as(Purpose purpose, Set<CdrField> fields,
      List<CustomerCdr> records) {
    return records.stream().map(r -> as(purpose, fields, r)).toList();
  }

  /**
   * The whole record behind a projection, for tests of storage itself (what was written reads back
   * unchanged); what a grant may see is {@code GrantProjectionIT}'s business.
   */
  public static CustomerCdr unprojected(GrantedCdr r) {
    return r.record();
  }

  /** {@code r} under a grant admitting every field (FRAUD). */
  public static GrantedCdr whole(CustomerCdr r) {
    return as(Purpose.FRAUD, EnumSet.allOf(CdrField.class), r);
  }
}
