package io.cdrvault.ingest.format;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Per-source settings a decoder needs: the source's name (used as origin when a format carries
 * none), the default region for national numbers (ISO 3166 alpha-2) and the zone of local
 * timestamps. Immutable and thread-safe; all components non-null.
 */
public record SourceContext(String sourceName, String defaultRegion, ZoneId zone) {
  public SourceContext {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    Objects.requireNonNull(zone, "zone");
    if (sourceName.isEmpty() || defaultRegion.length() != 2) {
      throw new IllegalArgumentException("sourceName must not be empty and defaultRegion must be 2 letters");
    }
  }
}
