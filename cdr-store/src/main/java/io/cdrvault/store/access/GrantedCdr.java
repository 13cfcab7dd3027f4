package io.cdrvault.store.access;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.CdrField;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import io.cdrvault.store.model.json.CanonicalJson;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A record as a grant may see it: what the store's read methods return. Each field accessor
 * answers only if the grant's purpose (and, for legal process, its instrument) admits that field
 * ({@link AccessGrant#fields()}) and throws {@link FieldNotGrantedException} otherwise, and
 * {@link #writeJson} writes exactly the admitted fields, so minimum necessary no longer depends on
 * each endpoint remembering to project.
 *
 * <p>{@link #customer()} is always available: it is the key every read is grouped and accounted
 * by (a customer's own read, the billing run per customer, the k-anonymity count of aggregates,
 * disclosure accounting); whether the customer id is <em>disclosed</em> in a record's JSON is the
 * {@link CdrField#CUSTOMER} field's business.
 *
 * <p>Immutable and thread-safe; prints no personal data. Created only in {@code store.access}
 * ({@link AccessGrant#project}).
 */
public final class GrantedCdr {
  private final CustomerCdr record;
  private final EnumSet<CdrField> fields;
  private final Purpose purpose;

  GrantedCdr(CustomerCdr record, EnumSet<CdrField> fields, Purpose purpose) {
    this.record = record;
    this.fields = fields;
    this.purpose = purpose;
  }

  /** The fields this record answers for (a copy). */
  public Set<CdrField> fields() {
    return EnumSet.copyOf(fields);
  }

  /** Whether the grant admits {@code field}. */
  public boolean has(CdrField field) {
    return fields.contains(field);
  }

  /** The customer the record was stored for (always available; see the class comment). */
  public CustomerId customer() {
    return record.customer();
  }

  public RecordId id() {
    return cdr(CdrField.RECORD_ID).id();
  }

  /** The direction relative to {@link #customer()}. */
  public Direction direction() {
    check(CdrField.DIRECTION);
    return record.direction();
  }

  public ServiceType type() {
    return cdr(CdrField.TYPE).type();
  }

  public PhoneNumber calling() {
    return cdr(CdrField.CALLING).calling();
  }

  public PhoneNumber called() {
    return cdr(CdrField.CALLED).called();
  }

  public Instant start() {
    return cdr(CdrField.START).start();
  }

  public long durationSeconds() {
    return cdr(CdrField.DURATION).durationSeconds();
  }

  public long billableSeconds() {
    return cdr(CdrField.BILLABLE).billableSeconds();
  }

  public Disposition disposition() {
    return cdr(CdrField.DISPOSITION).disposition();
  }

  /** A voice call that was answered (needs {@link CdrField#TYPE} and {@link CdrField#DISPOSITION}). */
  public boolean answered() {
    check(CdrField.TYPE);
    return cdr(CdrField.DISPOSITION).answered();
  }

  public int smsSegments() {
    return cdr(CdrField.SMS_SEGMENTS).smsSegments();
  }

  public Charge charge() {
    return cdr(CdrField.CHARGE).charge();
  }

  /** Writes the record as one JSON object of exactly the admitted fields (canonical names). */
  public void writeJson(JsonGenerator gen) throws IOException {
    CanonicalJson.writeProjected(gen, record, fields);
  }

  /** The full record, for the grant's own checks in this package. */
  CustomerCdr record() {
    return record;
  }

  private Cdr cdr(CdrField field) {
    check(field);
    return record.cdr();
  }

  private void check(CdrField field) {
    if (!fields.contains(field)) {
      throw new FieldNotGrantedException(field, purpose);
    }
  }

  @Override
  public String toString() {
    return "GrantedCdr[" + purpose + ", " + fields.size() + " fields]";
  }
}
