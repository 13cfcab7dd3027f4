package io.cdrvault.ingest.format.sip;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of valid payloads for the fuzz tests: byte flips, truncation, duplicated or
 * removed separators, random insertions, copied slices and huge runs. Not thread-safe (one per test).
 */
final class Mutator {
  private final Random rnd;
  private final byte[] separators;

  Mutator(long seed, String separators) {
    this.rnd = new Random(seed);
    this.separators = separators.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  Random random() {
    return rnd;
  }

  /** One to three mutations of {@code valid}; never returns the input unchanged by identity. */
  byte[] mutate(byte[] valid) {
    byte[] b = valid;
    int rounds = 1 + (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0);
    for (int i = 0; i < rounds; i++) {
      b = once(b);
    }
    return b;
  }

  private byte[] once(byte[] b) {
    int op = rnd.nextInt(100);
    if (op < 25) {
      return flip(b);
    } else if (op < 40) {
      return Arrays.copyOf(b, rnd.nextInt(b.length + 1));
    } else if (op < 55) {
      return duplicateSeparator(b);
    } else if (op < 68) {
      return removeSeparator(b);
    } else if (op < 85) {
      return insertRandom(b);
    } else if (op < 97) {
      return copySlice(b);
    }
    return huge(b);
  }

  private byte[] flip(byte[] b) {
    if (b.length == 0) {
      return b;
    }
    byte[] c = b.clone();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
    }
    return c;
  }

  private int randomIndexOf(byte[] b, byte sep) {
    int count = 0;
    for (byte x : b) {
      if (x == sep) {
        count++;
      }
    }
    if (count == 0) {
      return -1;
    }
    int k = rnd.nextInt(count);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == sep && k-- == 0) {
        return i;
      }
    }
    return -1;
  }

  private byte[] duplicateSeparator(byte[] b) {
    int at = randomIndexOf(b, separators[rnd.nextInt(separators.length)]);
    return at < 0 ? insertRandom(b) : insert(b, at, new byte[] {b[at]});
  }

  private byte[] removeSeparator(byte[] b) {
    int at = randomIndexOf(b, separators[rnd.nextInt(separators.length)]);
    if (at < 0) {
      return flip(b);
    }
    byte[] c = new byte[b.length - 1];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
    return c;
  }

  private byte[] insertRandom(byte[] b) {
    byte[] ins = new byte[1 + rnd.nextInt(16)];
    for (int i = 0; i < ins.length; i++) {
      int kind = rnd.nextInt(3);
      ins[i] = kind == 0 ? separators[rnd.nextInt(separators.length)]
          : kind == 1 ? (byte) (32 + rnd.nextInt(95)) : (byte) rnd.nextInt(256);
    }
    return insert(b, rnd.nextInt(b.length + 1), ins);
  }

  private byte[] copySlice(byte[] b) {
    if (b.length == 0) {
      return b;
    }
    int from = rnd.nextInt(b.length);
    int len = 1 + rnd.nextInt(Math.min(40, b.length - from));
    return insert(b, rnd.nextInt(b.length + 1), Arrays.copyOfRange(b, from, from + len));
  }

  private byte[] huge(byte[] b) {
    byte[] run = new byte[10_000 + rnd.nextInt(100_000)];
    byte[] alphabet = {'9', 'a', ' ', separators[rnd.nextInt(separators.length)]};
    Arrays.fill(run, alphabet[rnd.nextInt(alphabet.length)]);
    return insert(b, rnd.nextInt(b.length + 1), run);
  }

  private static byte[] insert(byte[] b, int at, byte[] ins) {
    byte[] c = new byte[b.length + ins.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(ins, 0, c, at, ins.length);
    System.arraycopy(b, at, c, at + ins.length, b.length - at);
    return c;
  }
}
