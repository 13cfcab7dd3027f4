package io.cdrvault.ingest.format;

import java.util.Objects;

/**
 * Thrown inside a decoder to abandon one payload with a reason and a positioned detail (e.g.
 * {@code "field 'answer' (column 11): not a timestamp"}); the decoder catches it at its entry point
 * and returns {@link DecodeResult#reject}. It never escapes a decoder. The detail names fields and
 * positions, never values. Carries no stack trace (it is flow control on the hot path).
 */
public final class DecodeFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  public DecodeFailure(RejectReason reason, String detail) {
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RejectReason reason() {
    return reason;
  }

  /** The rejection this failure stands for. */
  public DecodeResult toResult() {
    return DecodeResult.reject(reason, getMessage());
  }
}
