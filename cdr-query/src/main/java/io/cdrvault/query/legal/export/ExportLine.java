package io.cdrvault.query.legal.export;

import io.cdrvault.store.access.GrantedCdr;
import io.cdrvault.store.model.CustomerId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * One record of an export package as it is sorted: the sort key (start, record id, direction,
 * then customer) and the record's projected NDJSON line (without the newline). Lines with equal
 * keys are the same stored record (customer, start, record id) read twice — once per target it
 * matched — and appear once in the package.
 *
 * <p>Personal data: {@link #toString()} shows none. Immutable in use (the arrays are not copied:
 * the owner does not change them). Thread-safe.
 */
final class ExportLine {
  /**
   * Package order: start time, then record id (its fixed-width lowercase hex, i.e. unsigned
   * order), then direction — the order {@link ExportWriter} always wrote — then customer, so
   * that ties between customers do not depend on the order the store returned them in.
   */
  static final Comparator<ExportLine> ORDER = (a, b) -> {
    int c = Long.compare(a.startSeconds, b.startSeconds);
    if (c == 0) {
      c = Integer.compare(a.startNanos, b.startNanos);
    }
    if (c == 0) {
      c = Long.compareUnsigned(a.recordId, b.recordId);
    }
    if (c == 0) {
      c = Integer.compare(a.direction, b.direction);
    }
    if (c == 0) {
      c = Arrays.compare(a.customer, b.customer);
    }
    return c;
  };

  private static final int MAX_JSON_BYTES = 1 << 24;

  final long startSeconds;
  final int startNanos;
  final long recordId;
  final int direction;
  /** ASCII customer id ({@link CustomerId} admits only {@code [A-Za-z0-9._:-]}). */
  final byte[] customer;
  final byte[] json;

  private ExportLine(long startSeconds, int startNanos, long recordId, int direction,
      byte[] customer, byte[] json) {
    this.startSeconds = startSeconds;
    this.startNanos = startNanos;
    this.recordId = recordId;
    this.direction = direction;
    this.customer = customer;
    this.json = json;
  }

  /** The line of {@code record}, whose projection {@code json} the caller wrote. */
  static ExportLine of(GrantedCdr record, byte[] json) {
    Objects.requireNonNull(json, "json");
    return new ExportLine(record.start().getEpochSecond(), record.start().getNano(),
        record.id().value(), record.direction().ordinal(),
        record.customer().value().getBytes(StandardCharsets.US_ASCII), json);
  }

  /** True if {@code other} is the same stored record (the key is equal). */
  boolean sameRecord(ExportLine other) {
    return other != null && ORDER.compare(this, other) == 0;
  }

  /** Approximate heap footprint, for the in-memory run budget. */
  long heapBytes() {
    return 96L + customer.length + json.length;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(startSeconds);
    out.writeInt(startNanos);
    out.writeLong(recordId);
    out.writeByte(direction);
    out.writeByte(customer.length);
    out.write(customer);
    out.writeInt(json.length);
    out.write(json);
  }

  static ExportLine readFrom(DataInput in) throws IOException {
    long seconds = in.readLong();
    int nanos = in.readInt();
    long id = in.readLong();
    int direction = in.readUnsignedByte();
    byte[] customer = new byte[in.readUnsignedByte()];
    in.readFully(customer);
    int n = in.readInt();
    if (n < 0 || n > MAX_JSON_BYTES) {
      throw new IOException("a spooled export line has an impossible length");
    }
    byte[] json = new byte[n];
    in.readFully(json);
    return new ExportLine(seconds, nanos, id, direction, customer, json);
  }

  @Override
  public String toString() {
    return "ExportLine[" + json.length + " bytes]";
  }
}
