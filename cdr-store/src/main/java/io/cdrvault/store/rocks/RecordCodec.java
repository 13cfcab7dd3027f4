package io.cdrvault.store.rocks;

import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.Charge;
import io.cdrvault.store.model.CustomerCdr;
import io.cdrvault.store.model.CustomerId;
import io.cdrvault.store.model.DeliveryStatus;
import io.cdrvault.store.model.Direction;
import io.cdrvault.store.model.Disposition;
import io.cdrvault.store.model.NumberKind;
import io.cdrvault.store.model.PhoneNumber;
import io.cdrvault.store.model.RecordId;
import io.cdrvault.store.model.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The compact binary plaintext of a stored record (before sealing): a format byte, then every
 * field of {@link CustomerCdr} in a fixed order. Strings are a varint of (UTF-8 length + 1) with 0
 * for null; longs are zig-zag varints; enums are (ordinal + 1) with 0 for null, so the enum
 * constants' order is part of format {@value #FORMAT} (a test pins it).
 *
 * <p>Stateless and thread-safe; each thread reuses its own encoding buffer.
 */
public final class RecordCodec {
  /** Format byte of the current encoding. */
  public static final byte FORMAT = 1;

  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  private RecordCodec() {}

  /**
   * Encodes into this thread's buffer; the result is valid until this thread's next encode.
   */
  public static Encoded encode(CustomerCdr r) {
    Writer w = WRITERS.get();
    w.len = 0;
    w.byte1(FORMAT);
    w.string(r.customer().value());
    w.enumValue(r.direction());
    Cdr c = r.cdr();
    w.longFixed(c.id().value());
    w.string(c.origin());
    w.string(c.originId());
    w.enumValue(c.type());
    w.string(c.account());
    w.enumValue(c.accountDirection());
    w.phone(c.calling());
    w.phone(c.called());
    w.phone(c.redirecting());
    w.instant(c.start());
    w.instant(c.answer());
    w.instant(c.end());
    w.varlong(c.durationSeconds());
    w.varlong(c.billableSeconds());
    w.enumValue(c.disposition());
    if (c.causeCode() == null) {
      w.byte1(0);
    } else {
      w.byte1(1);
      w.varlong(c.causeCode());
    }
    w.string(c.cause());
    w.varlong(c.smsSegments());
    w.enumValue(c.deliveryStatus());
    w.string(c.trunk());
    w.string(c.codec());
    w.string(c.sourceIp());
    w.string(c.destinationIp());
    w.string(c.userAgent());
    w.string(c.imsi());
    w.string(c.imei());
    w.string(c.cellId());
    if (c.charge() == null) {
      w.byte1(0);
    } else {
      w.byte1(1);
      w.varlong(c.charge().amountMicros());
      w.string(c.charge().currency());
    }
    return new Encoded(w.buf, w.len);
  }

  /** Encodes into a fresh array of exactly the encoded length. */
  public static byte[] encodeToArray(CustomerCdr r) {
    Encoded e = encode(r);
    return Arrays.copyOf(e.buffer(), e.length());
  }

  /**
   * Decodes a record.
   *
   * @throws CdrVaultException if the bytes are not a valid encoding (message names the kind only)
   */
  public static CustomerCdr decode(byte[] b) {
    Reader r = new Reader(b);
    try {
      int format = r.byte1();
      if (format != FORMAT) {
        throw new CdrVaultException("stored record has unknown codec format " + format);
      }
      CustomerId customer = new CustomerId(r.string());
      Direction direction = r.enumValue(Direction.values());
      Cdr.Builder cb = Cdr.builder()
          .id(new RecordId(r.longFixed()))
          .origin(r.string())
          .originId(r.string())
          .type(r.enumValue(ServiceType.values()))
          .account(r.string())
          .accountDirection(r.enumValue(Direction.values()))
          .calling(r.phone())
          .called(r.phone())
          .redirecting(r.phone())
          .start(r.instant())
          .answer(r.instant())
          .end(r.instant())
          .durationSeconds(r.varlong())
          .billableSeconds(r.varlong())
          .disposition(r.enumValue(Disposition.values()));
      cb.causeCode(r.byte1() == 0 ? null : (int) r.varlong());
      cb.cause(r.string())
          .smsSegments((int) r.varlong())
          .deliveryStatus(r.enumValue(DeliveryStatus.values()))
          .trunk(r.string())
          .codec(r.string())
          .sourceIp(r.string())
          .destinationIp(r.string())
          .userAgent(r.string())
          .imsi(r.string())
          .imei(r.string())
          .cellId(r.string());
      if (r.byte1() != 0) {
        long micros = r.varlong();
        cb.charge(new Charge(micros, r.string()));
      }
      if (r.pos != b.length) {
        throw new CdrVaultException("stored record has trailing bytes");
      }
      return new CustomerCdr(customer, direction, cb.build());
    } catch (ArrayIndexOutOfBoundsException | NullPointerException | IllegalArgumentException
        | java.time.DateTimeException | ArithmeticException e) {
      throw new CdrVaultException("stored record is not a valid encoding: " + e.getClass().getSimpleName());
    }
  }

  /** A view of an encoding in a reused buffer: bytes {@code [0, length)} of {@code buffer}. */
  public record Encoded(byte[] buffer, int length) {}

  private static final class Writer {
    byte[] buf = new byte[512];
    int len;

    void ensure(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    void byte1(int v) {
      ensure(1);
      buf[len++] = (byte) v;
    }

    void longFixed(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[len++] = (byte) (v >>> (i * 8));
      }
    }

    void varlongRaw(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    void varlong(long v) {
      varlongRaw((v << 1) ^ (v >> 63));
    }

    void string(String s) {
      if (s == null) {
        byte1(0);
        return;
      }
      // getBytes is one intrinsic copy for an all-ASCII (Latin-1 coded) string
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      varlongRaw(u.length + 1L);
      ensure(u.length);
      System.arraycopy(u, 0, buf, len, u.length);
      len += u.length;
    }

    void enumValue(Enum<?> e) {
      byte1(e == null ? 0 : e.ordinal() + 1);
    }

    void phone(PhoneNumber p) {
      if (p == null) {
        byte1(0);
        return;
      }
      byte1(p.kind().ordinal() + 1);
      string(p.raw());
      string(p.e164());
    }

    void instant(Instant t) {
      if (t == null) {
        byte1(0);
        return;
      }
      if (t.getNano() == 0) {
        byte1(1);
        varlong(t.getEpochSecond());
      } else {
        byte1(2);
        varlong(t.getEpochSecond());
        varlong(t.getNano());
      }
    }
  }

  private static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int byte1() {
      return b[pos++] & 0xff;
    }

    long longFixed() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos++] & 0xff);
      }
      return v;
    }

    long varlongRaw() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    long varlong() {
      long z = varlongRaw();
      return (z >>> 1) ^ -(z & 1);
    }

    String string() {
      long n = varlongRaw();
      if (n == 0) {
        return null;
      }
      int len = Math.toIntExact(n - 1);
      if (len > b.length - pos) {
        throw new IllegalArgumentException("string overruns record");
      }
      String s = new String(b, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    <E extends Enum<E>> E enumValue(E[] values) {
      int v = byte1();
      return v == 0 ? null : values[v - 1];
    }

    PhoneNumber phone() {
      int k = byte1();
      if (k == 0) {
        return null;
      }
      NumberKind kind = NumberKind.values()[k - 1];
      String raw = string();
      String e164 = string();
      return new PhoneNumber(raw, e164, kind);
    }

    Instant instant() {
      int k = byte1();
      if (k == 0) {
        return null;
      }
      long sec = varlong();
      long nanos = k == 2 ? varlong() : 0;
      return Instant.ofEpochSecond(sec, nanos);
    }
  }
}
