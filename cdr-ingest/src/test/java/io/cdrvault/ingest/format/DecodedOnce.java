package io.cdrvault.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.model.Cdr;
import java.nio.charset.StandardCharsets;

/** Test helper: decodes one payload and asserts it is exactly one record (not rejected, not skipped). */
public final class DecodedOnce {
  private DecodedOnce() {}

  /** The single record {@code decoder} makes of {@code payload} (UTF-8) for {@code source}. */
  public static Cdr single(CdrDecoder decoder, String payload, SourceContext source) {
    DecodeResult r = decoder.decode(payload.getBytes(StandardCharsets.UTF_8), source);
    assertThat(r.isOk()).as("rejected: %s", r.detail()).isTrue();
    assertThat(r.skipped()).as("skipped: %s", r.detail()).isNull();
    assertThat(r.records()).hasSize(1);
    return r.records().get(0);
  }
}
