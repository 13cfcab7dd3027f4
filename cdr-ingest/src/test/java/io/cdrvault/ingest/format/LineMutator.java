package io.cdrvault.ingest.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Mutates valid payloads for decoder fuzz tests: byte flips, truncation, duplicated or removed
 * separators, random insertions, huge or negative numbers in place of digit runs, runs of
 * separators, embedded line breaks, and combinations. Deterministic for a seeded {@link Random}.
 * Not thread-safe (uses the caller's Random).
 */
public final class LineMutator {
  private static final String[] HUGE = {"999999999", "2147483647", "2147483648", "9223372036854775808",
      "99999999999999999999999", "-1", "0", "-2147483648", "00000000000000000001"};

  private final Random random;
  private final byte[] separators;

  /** @param separators the format's structural bytes (e.g. {@code ,"} for CSV) */
  public LineMutator(Random random, String separators) {
    this.random = random;
    this.separators = separators.getBytes(StandardCharsets.US_ASCII);
  }

  /** One to three random mutations of {@code valid} (never the same array). */
  public byte[] mutate(byte[] valid) {
    byte[] b = once(valid);
    int extra = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
    for (int i = 0; i < extra; i++) {
      b = once(b);
    }
    return b;
  }

  private byte[] once(byte[] b) {
    int n = b.length;
    switch (random.nextInt(10)) {
      case 0: { // flip one byte
        if (n == 0) {
          return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] c = b.clone();
        c[random.nextInt(n)] = (byte) random.nextInt(256);
        return c;
      }
      case 1: // truncate
        return Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n));
      case 2: { // duplicate a separator
        int at = separatorAt(b);
        return at < 0 ? b.clone() : insert(b, at, new byte[] {b[at]});
      }
      case 3: { // remove a separator
        int at = separatorAt(b);
        return at < 0 ? b.clone() : remove(b, at, 1);
      }
      case 4: { // random bytes inserted
        byte[] ins = new byte[1 + random.nextInt(8)];
        for (int i = 0; i < ins.length; i++) {
          ins[i] = random.nextBoolean() ? separators[random.nextInt(separators.length)] : (byte) random.nextInt(256);
        }
        return insert(b, random.nextInt(n + 1), ins);
      }
      case 5: { // a digit run replaced by a huge / negative number
        int at = digitAt(b);
        if (at < 0) {
          return b.clone();
        }
        int end = at;
        while (end < n && b[end] >= '0' && b[end] <= '9') {
          end++;
        }
        byte[] huge = HUGE[random.nextInt(HUGE.length)].getBytes(StandardCharsets.US_ASCII);
        return insert(remove(b, at, end - at), at, huge);
      }
      case 6: { // a run of one separator
        byte[] run = new byte[1 + random.nextInt(300)];
        Arrays.fill(run, separators[random.nextInt(separators.length)]);
        return insert(b, random.nextInt(n + 1), run);
      }
      case 7: { // line break, NUL or high byte inside
        byte[] odd = {'\n', '\r', 0, (byte) 0xff, (byte) 0xc3};
        return insert(b, random.nextInt(n + 1), new byte[] {odd[random.nextInt(odd.length)]});
      }
      case 8: { // swap two bytes
        if (n < 2) {
          return b.clone();
        }
        byte[] c = b.clone();
        int i = random.nextInt(n);
        int j = random.nextInt(n);
        byte t = c[i];
        c[i] = c[j];
        c[j] = t;
        return c;
      }
      default: { // a slice duplicated
        if (n == 0) {
          return b.clone();
        }
        int from = random.nextInt(n);
        int len = 1 + random.nextInt(Math.min(40, n - from));
        return insert(b, random.nextInt(n + 1), Arrays.copyOfRange(b, from, from + len));
      }
    }
  }

  private int separatorAt(byte[] b) {
    if (b.length == 0) {
      return -1;
    }
    int start = random.nextInt(b.length);
    for (int k = 0; k < b.length; k++) {
      int i = (start + k) % b.length;
      for (byte s : separators) {
        if (b[i] == s) {
          return i;
        }
      }
    }
    return -1;
  }

  private int digitAt(byte[] b) {
    if (b.length == 0) {
      return -1;
    }
    int start = random.nextInt(b.length);
    for (int k = 0; k < b.length; k++) {
      int i = (start + k) % b.length;
      if (b[i] >= '0' && b[i] <= '9' && (i == 0 || b[i - 1] < '0' || b[i - 1] > '9')) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] insert(byte[] b, int at, byte[] ins) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + ins.length);
    out.write(b, 0, at);
    out.write(ins, 0, ins.length);
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }

  private static byte[] remove(byte[] b, int at, int len) {
    byte[] c = new byte[b.length - len];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(b, at + len, c, at, b.length - at - len);
    return c;
  }

  /** True if {@code detail} holds a run of at least {@code digits} decimal digits (a number could hide there). */
  public static boolean hasDigitRun(String detail, int digits) {
    int run = 0;
    for (int i = 0; i < detail.length(); i++) {
      char c = detail.charAt(i);
      run = c >= '0' && c <= '9' ? run + 1 : 0;
      if (run >= digits) {
        return true;
      }
    }
    return false;
  }
}
