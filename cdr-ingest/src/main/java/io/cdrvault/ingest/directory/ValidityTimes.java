package io.cdrvault.ingest.directory;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Parses the start/end of a validity period. Stateless and thread-safe. */
final class ValidityTimes {
  private ValidityTimes() {}

  /**
   * An ISO-8601 instant ({@code 2026-03-01T00:00:00Z}, offsets allowed) or an ISO date
   * ({@code 2026-03-01} = start of that day in UTC).
   *
   * @throws DateTimeException when the text is neither; its message must not be shown (it quotes the text)
   */
  static Instant parse(String text) {
    if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(text);
  }

  /** {@link #parse} or {@code null} for a {@code null} / blank text (an open end). */
  static Instant parseOrNull(String text) {
    return text == null || text.isBlank() ? null : parse(text.strip());
  }
}
