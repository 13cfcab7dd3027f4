package io.cdrvault.store.compliance;

import io.cdrvault.store.model.PrintableText;
import java.util.Objects;

/**
 * The free text of a breach: what happened, how, and which CPNI was involved. It may name
 * customers or numbers, so it is only ever kept sealed and shown to the compliance officer; it is
 * never logged or audited, and {@link #toString()} prints only its lengths.
 *
 * <p>Immutable and thread-safe. Each part is 1..{@value #MAX_LENGTH} characters of printable text
 * in lines (line breaks are kept, other control characters are refused).
 *
 * @param description what happened
 * @param circumstances how it happened (method of compromise, date range)
 * @param cpniInvolved the kinds of CPNI involved
 */
public record BreachText(String description, String circumstances, String cpniInvolved) {
  /** Longest part. */
  public static final int MAX_LENGTH = 8000;

  public BreachText {
    description = check(description, "description");
    circumstances = check(circumstances, "circumstances");
    cpniInvolved = check(cpniInvolved, "cpniInvolved");
  }

  /**
   * {@code s} with line breaks normalised to {@code \n}, checked: 1..{@value #MAX_LENGTH}
   * characters, not blank, every line printable.
   *
   * @throws IllegalArgumentException naming {@code name} and a position, never the value
   */
  public static String check(String s, String name) {
    Objects.requireNonNull(s, name);
    String n = s.replace("\r\n", "\n").strip();
    if (n.isEmpty() || n.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(name + " must be 1.." + MAX_LENGTH + " characters, not blank");
    }
    int offset = 0;
    for (String line : n.split("\n", -1)) {
      int at = PrintableText.firstUnprintable(line);
      if (at >= 0) {
        throw new IllegalArgumentException(name + " has a control or other unprintable character "
            + "at index " + (offset + at) + " (printable text in lines only)");
      }
      offset += line.length() + 1;
    }
    return n;
  }

  @Override
  public String toString() {
    return "BreachText[" + description.length() + "+" + circumstances.length() + "+"
        + cpniInvolved.length() + " chars]";
  }
}
