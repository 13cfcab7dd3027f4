package io.cdrvault.ingest.format;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-source settings a decoder needs: the source's name (used as origin when a format carries
 * none), the default region for national numbers (ISO 3166 alpha-2), the zone of local timestamps,
 * and format-specific options (for example {@code columns} for a switch whose operators changed
 * the column layout, or {@code usegmtime}). Each decoder documents the options it reads and
 * rejects values it cannot use with a clear error.
 *
 * <p>Immutable and thread-safe; all components non-null.
 */
public record SourceContext(String sourceName, String defaultRegion, ZoneId zone, Map<String, String> options) {
  public SourceContext {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    Objects.requireNonNull(zone, "zone");
    options = Map.copyOf(Objects.requireNonNull(options, "options"));
    if (sourceName.isEmpty() || defaultRegion.length() != 2) {
      throw new IllegalArgumentException("sourceName must not be empty and defaultRegion must be 2 letters");
    }
  }

  /** A source without format options. */
  public SourceContext(String sourceName, String defaultRegion, ZoneId zone) {
    this(sourceName, defaultRegion, zone, Map.of());
  }

  /** The value of a format option, if set. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  /** The same settings under another source name (a source seen in a header but not configured). */
  public SourceContext named(String name) {
    return new SourceContext(name, defaultRegion, zone, options);
  }
}
