package io.cdrvault.store.model;

/** How a voice call ended. */
public enum Disposition {
  ANSWERED,
  NO_ANSWER,
  BUSY,
  FAILED,
  CONGESTION,
  CANCELLED
}
