package io.cdrvault.store.model;

/**
 * The rule for free text that people type and that is printed back to people (a hold's reference,
 * a legal request's case number or issuing authority): printable characters only. Refused are
 * control characters (C0, DEL, C1: terminal escapes, newlines that forge output lines), format
 * characters (bidirectional overrides and isolates, zero-width characters: text that displays
 * other than it reads), line and paragraph separators, and unpaired surrogates. Spaces and every
 * letter, digit, mark, punctuation and symbol are fine.
 *
 * <p>{@link #escape} prints text stored before this rule existed without letting it act on a
 * terminal. Stateless and thread-safe.
 */
public final class PrintableText {
  private PrintableText() {}

  /** True if every character of {@code s} is printable (an empty string is). */
  public static boolean isPrintable(String s) {
    return firstUnprintable(s) < 0;
  }

  /** The index (in chars) of the first unprintable character of {@code s}, or -1. */
  public static int firstUnprintable(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (!printable(cp)) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  /**
   * Checks {@code s}: non-null, not blank, at most {@code maxLength} chars, printable.
   *
   * @throws IllegalArgumentException naming {@code name} and the position, never the value
   */
  public static String require(String s, String name, int maxLength) {
    if (s == null || s.isBlank() || s.length() > maxLength) {
      throw new IllegalArgumentException(name + " must be 1.." + maxLength + " characters, not blank");
    }
    int at = firstUnprintable(s);
    if (at >= 0) {
      throw new IllegalArgumentException(name + " has a control or other unprintable character at "
          + "index " + at + " (printable text only)");
    }
    return s;
  }

  /**
   * {@code s} with each unprintable character written as {@code \\uXXXX} (and a backslash as
   * {@code \\\\}), so it prints as one line that cannot act on a terminal.
   */
  public static String escape(String s) {
    if (isPrintable(s) && s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        b.append("\\\\");
      } else if (Character.isSurrogate(c) && isPairedAt(s, i)) {
        int cp = s.codePointAt(i);
        if (printable(cp)) {
          b.append(c).append(s.charAt(i + 1));
        } else {
          b.append(String.format("\\u%04x\\u%04x", (int) c, (int) s.charAt(i + 1)));
        }
        i++;
      } else if (!printable(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isPairedAt(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1));
  }

  private static boolean printable(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> false;
      default -> true;
    };
  }
}
