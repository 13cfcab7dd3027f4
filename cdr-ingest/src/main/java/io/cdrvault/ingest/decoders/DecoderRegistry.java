package io.cdrvault.ingest.decoders;

import io.cdrvault.ingest.format.CanonicalJsonDecoder;
import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.asterisk.AsteriskCsvDecoder;
import io.cdrvault.ingest.format.freeswitch.FreeSwitchCsvDecoder;
import io.cdrvault.ingest.format.freeswitch.FreeSwitchJsonDecoder;
import io.cdrvault.ingest.format.kannel.KannelLogDecoder;
import io.cdrvault.ingest.format.sip.KamailioAccDecoder;
import io.cdrvault.ingest.format.sip.OpenSipsJsonDecoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Format name → decoder, plus the format assumed per topic when a record has no
 * {@value #FORMAT_HEADER} header. Immutable once built; thread-safe.
 */
public final class DecoderRegistry {
  /** Kafka header naming a record's format. */
  public static final String FORMAT_HEADER = "cdr.format";
  /** Kafka header naming the record's source (switch). */
  public static final String SOURCE_HEADER = "cdr.source";

  private final Map<String, CdrDecoder> decoders;
  private final Map<String, String> topicDefaults;
  private final String defaultFormat;

  private DecoderRegistry(Map<String, CdrDecoder> decoders, Map<String, String> topicDefaults,
      String defaultFormat) {
    this.decoders = Map.copyOf(decoders);
    this.topicDefaults = Map.copyOf(topicDefaults);
    this.defaultFormat = defaultFormat;
  }

  /** A registry with the decoders of this build and {@code canonical-json} as the default format. */
  public static DecoderRegistry standard() {
    return builder().register(CanonicalJsonDecoder.create())
        .register(AsteriskCsvDecoder.create())
        .register(KannelLogDecoder.create())
        .register(OpenSipsJsonDecoder.create())
        .register(KamailioAccDecoder.create())
        .register(FreeSwitchJsonDecoder.create())
        .register(FreeSwitchCsvDecoder.create())
        .defaultFormat(CanonicalJsonDecoder.FORMAT).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The decoder registered for {@code format}. */
  public Optional<CdrDecoder> forName(String format) {
    return Optional.ofNullable(format == null ? null : decoders.get(format));
  }

  /**
   * The format a record is in: its header value if given, else the topic's default, else the
   * registry's default. May name a format that has no decoder.
   */
  public String formatFor(String headerFormat, String topic) {
    if (headerFormat != null && !headerFormat.isEmpty()) {
      return headerFormat;
    }
    return topicDefaults.getOrDefault(topic, defaultFormat);
  }

  /** The registered format names. */
  public Set<String> formats() {
    return decoders.keySet();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final Map<String, CdrDecoder> decoders = new LinkedHashMap<>();
    private final Map<String, String> topicDefaults = new LinkedHashMap<>();
    private String defaultFormat = CanonicalJsonDecoder.FORMAT;

    private Builder() {}

    public Builder register(CdrDecoder decoder) {
      Objects.requireNonNull(decoder, "decoder");
      if (decoders.putIfAbsent(decoder.format(), decoder) != null) {
        throw new IllegalArgumentException("format registered twice: " + decoder.format());
      }
      return this;
    }

    /** The format of records on {@code topic} that carry no format header. */
    public Builder topicDefault(String topic, String format) {
      topicDefaults.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(format, "format"));
      return this;
    }

    /** The format of records without header on topics without a default. */
    public Builder defaultFormat(String format) {
      this.defaultFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    public DecoderRegistry build() {
      return new DecoderRegistry(decoders, topicDefaults, defaultFormat);
    }
  }
}
