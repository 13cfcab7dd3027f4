package io.cdrvault.ingest.format.freeswitch;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of a valid payload for the fuzz tests: byte flips, truncation, duplicated and
 * removed separators, random insertions and huge insertions. Deterministic for a given Random.
 */
final class Mutator {
  private final Random random;
  private final byte[] separators;

  Mutator(Random random, String separators) {
    this.random = random;
    this.separators = separators.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** One to three mutations of {@code valid}; {@code kinds[0]} receives the first kind applied. */
  byte[] mutate(byte[] valid, String[] kinds) {
    byte[] b = valid;
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(100);
      String name;
      if (kind < 30) {
        name = "flip";
        b = flip(b);
      } else if (kind < 40) {
        name = "truncate";
        b = Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
      } else if (kind < 55) {
        name = "duplicate-separator";
        b = duplicateSeparator(b);
      } else if (kind < 70) {
        name = "remove-separator";
        b = removeSeparator(b);
      } else if (kind < 90) {
        name = "insert";
        byte[] ins = new byte[1 + random.nextInt(8)];
        for (int j = 0; j < ins.length; j++) {
          ins[j] = random.nextBoolean() ? separators[random.nextInt(separators.length)] : (byte) random.nextInt(256);
        }
        b = insert(b, random.nextInt(b.length + 1), ins);
      } else if (kind < 99) {
        name = "digits";
        byte[] ins = new byte[1 + random.nextInt(40)];
        for (int j = 0; j < ins.length; j++) {
          ins[j] = (byte) ('0' + random.nextInt(10));
        }
        b = insert(b, random.nextInt(b.length + 1), ins);
      } else {
        name = "huge";
        byte[] ins = new byte[20_000 + random.nextInt(100_000)];
        byte fill = random.nextBoolean() ? separators[random.nextInt(separators.length)] : (byte) ('0' + random.nextInt(10));
        Arrays.fill(ins, fill);
        b = insert(b, random.nextInt(b.length + 1), ins);
      }
      if (i == 0) {
        kinds[0] = name;
      }
    }
    return b;
  }

  private byte[] flip(byte[] b) {
    if (b.length == 0) {
      return b;
    }
    byte[] c = b.clone();
    int at = random.nextInt(c.length);
    c[at] = random.nextBoolean() ? (byte) (c[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
    return c;
  }

  private byte[] duplicateSeparator(byte[] b) {
    int at = findSeparator(b);
    return at < 0 ? b : insert(b, at, new byte[] {b[at]});
  }

  private byte[] removeSeparator(byte[] b) {
    int at = findSeparator(b);
    if (at < 0) {
      return b;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(b, 0, at);
    out.write(b, at + 1, b.length - at - 1);
    return out.toByteArray();
  }

  /** A random position holding one of the separators, or -1. */
  private int findSeparator(byte[] b) {
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

  private static byte[] insert(byte[] b, int at, byte[] ins) {
    byte[] c = new byte[b.length + ins.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(ins, 0, c, at, ins.length);
    System.arraycopy(b, at, c, at + ins.length, b.length - at);
    return c;
  }
}
