package io.cdrvault.store.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A normalised call-detail record as one switch reported it: the canonical form every decoder
 * produces and {@code canonical-json} carries. It is not yet attributed to a customer; see
 * {@link CustomerCdr} for the stored, attributed form.
 *
 * <p>Personal data: {@link #toString()} prints only the id, origin, type and times' presence.
 * Immutable and thread-safe. Nullable components: {@code account}, {@code accountDirection},
 * {@code redirecting}, {@code answer}, {@code end}, {@code disposition}, {@code causeCode},
 * {@code cause}, {@code deliveryStatus}, {@code trunk}, {@code codec}, {@code sourceIp},
 * {@code destinationIp}, {@code userAgent}, {@code imsi}, {@code imei}, {@code cellId},
 * {@code charge}. All others are non-null.
 *
 * @param id content-derived id, {@link RecordId#of(String, String)} of origin and originId
 * @param origin the switch / source that produced the record (e.g. {@code pbx1})
 * @param originId the switch's own id(s) for the record (uniqueid+sequence, uuid, call-id+tags)
 * @param type voice or SMS
 * @param account the switch's account code, when it wrote one; wins over number lookup
 * @param accountDirection whether the account placed or received the call (default ORIGINATING)
 * @param calling the calling party (A number, SMS sender)
 * @param called the called party (B number, SMS recipient)
 * @param redirecting the redirecting / diverting party, if any
 * @param start call setup start or SMS submit time, UTC
 * @param answer answer time, null if unanswered
 * @param end release time
 * @param durationSeconds whole seconds from start to end
 * @param billableSeconds whole seconds from answer to end (0 if unanswered)
 * @param disposition how a voice call ended (null for SMS)
 * @param causeCode Q.850 cause or SIP status code, if given
 * @param cause the switch's textual cause (e.g. NORMAL_CLEARING, "486 Busy Here")
 * @param smsSegments number of SMS segments (0 for voice)
 * @param deliveryStatus SMS delivery state (null for voice)
 */
public record Cdr(
    RecordId id,
    String origin,
    String originId,
    ServiceType type,
    String account,
    Direction accountDirection,
    PhoneNumber calling,
    PhoneNumber called,
    PhoneNumber redirecting,
    Instant start,
    Instant answer,
    Instant end,
    long durationSeconds,
    long billableSeconds,
    Disposition disposition,
    Integer causeCode,
    String cause,
    int smsSegments,
    DeliveryStatus deliveryStatus,
    String trunk,
    String codec,
    String sourceIp,
    String destinationIp,
    String userAgent,
    String imsi,
    String imei,
    String cellId,
    Charge charge) {

  /** Version of this model; bump on incompatible change (also in the canonical-json schema id). */
  public static final int SCHEMA_VERSION = 1;

  public Cdr {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(originId, "originId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(calling, "calling");
    Objects.requireNonNull(called, "called");
    Objects.requireNonNull(start, "start");
    if (origin.isEmpty() || originId.isEmpty()) {
      throw new IllegalArgumentException("origin and originId must not be empty");
    }
    if (durationSeconds < 0 || billableSeconds < 0) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (billableSeconds > durationSeconds) {
      throw new IllegalArgumentException("billable seconds exceed duration");
    }
    if (smsSegments < 0) {
      throw new IllegalArgumentException("smsSegments must not be negative");
    }
    if (end != null && end.isBefore(start)) {
      throw new IllegalArgumentException("end is before start");
    }
    if (answer != null && answer.isBefore(start)) {
      throw new IllegalArgumentException("answer is before start");
    }
    if (type == ServiceType.VOICE && disposition == null) {
      throw new IllegalArgumentException("a voice record needs a disposition");
    }
    if (account != null && account.isEmpty()) {
      account = null;
    }
    if (account == null) {
      accountDirection = null;
    } else if (accountDirection == null) {
      accountDirection = Direction.ORIGINATING;
    }
  }

  /** True for a voice call that was answered. */
  public boolean answered() {
    return type == ServiceType.VOICE && disposition == Disposition.ANSWERED;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this record. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.origin = origin;
    b.originId = originId;
    b.type = type;
    b.account = account;
    b.accountDirection = accountDirection;
    b.calling = calling;
    b.called = called;
    b.redirecting = redirecting;
    b.start = start;
    b.answer = answer;
    b.end = end;
    b.durationSeconds = durationSeconds;
    b.billableSeconds = billableSeconds;
    b.disposition = disposition;
    b.causeCode = causeCode;
    b.cause = cause;
    b.smsSegments = smsSegments;
    b.deliveryStatus = deliveryStatus;
    b.trunk = trunk;
    b.codec = codec;
    b.sourceIp = sourceIp;
    b.destinationIp = destinationIp;
    b.userAgent = userAgent;
    b.imsi = imsi;
    b.imei = imei;
    b.cellId = cellId;
    b.charge = charge;
    return b;
  }

  @Override
  public String toString() {
    return "Cdr[" + id.hex() + " " + type + " origin=" + origin + "]";
  }

  /** Mutable, single-threaded builder. If no id is set, it is derived from origin and originId. */
  public static final class Builder {
    private RecordId id;
    private String origin;
    private String originId;
    private ServiceType type;
    private String account;
    private Direction accountDirection;
    private PhoneNumber calling = PhoneNumber.EMPTY;
    private PhoneNumber called = PhoneNumber.EMPTY;
    private PhoneNumber redirecting;
    private Instant start;
    private Instant answer;
    private Instant end;
    private long durationSeconds;
    private long billableSeconds;
    private Disposition disposition;
    private Integer causeCode;
    private String cause;
    private int smsSegments;
    private DeliveryStatus deliveryStatus;
    private String trunk;
    private String codec;
    private String sourceIp;
    private String destinationIp;
    private String userAgent;
    private String imsi;
    private String imei;
    private String cellId;
    private Charge charge;

    private Builder() {}

    public Builder id(RecordId v) { this.id = v; return this; }
    public Builder origin(String v) { this.origin = v; return this; }
    public Builder originId(String v) { this.originId = v; return this; }
    public Builder type(ServiceType v) { this.type = v; return this; }
    public Builder account(String v) { this.account = v; return this; }
    public Builder accountDirection(Direction v) { this.accountDirection = v; return this; }
    public Builder calling(PhoneNumber v) { this.calling = v; return this; }
    public Builder called(PhoneNumber v) { this.called = v; return this; }
    public Builder redirecting(PhoneNumber v) { this.redirecting = v; return this; }
    public Builder start(Instant v) { this.start = v; return this; }
    public Builder answer(Instant v) { this.answer = v; return this; }
    public Builder end(Instant v) { this.end = v; return this; }
    public Builder durationSeconds(long v) { this.durationSeconds = v; return this; }
    public Builder billableSeconds(long v) { this.billableSeconds = v; return this; }
    public Builder disposition(Disposition v) { this.disposition = v; return this; }
    public Builder causeCode(Integer v) { this.causeCode = v; return this; }
    public Builder cause(String v) { this.cause = v; return this; }
    public Builder smsSegments(int v) { this.smsSegments = v; return this; }
    public Builder deliveryStatus(DeliveryStatus v) { this.deliveryStatus = v; return this; }
    public Builder trunk(String v) { this.trunk = v; return this; }
    public Builder codec(String v) { this.codec = v; return this; }
    public Builder sourceIp(String v) { this.sourceIp = v; return this; }
    public Builder destinationIp(String v) { this.destinationIp = v; return this; }
    public Builder userAgent(String v) { this.userAgent = v; return this; }
    public Builder imsi(String v) { this.imsi = v; return this; }
    public Builder imei(String v) { this.imei = v; return this; }
    public Builder cellId(String v) { this.cellId = v; return this; }
    public Builder charge(Charge v) { this.charge = v; return this; }

    /** Validates and builds; throws IllegalArgumentException / NullPointerException naming the field. */
    public Cdr build() {
      RecordId rid = id;
      if (rid == null) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(originId, "originId");
        rid = RecordId.of(origin, originId);
      }
      return new Cdr(rid, origin, originId, type, account, accountDirection, calling, called,
          redirecting, start, answer, end, durationSeconds, billableSeconds, disposition, causeCode,
          cause, smsSegments, deliveryStatus, trunk, codec, sourceIp, destinationIp, userAgent, imsi,
          imei, cellId, charge);
    }
  }
}
