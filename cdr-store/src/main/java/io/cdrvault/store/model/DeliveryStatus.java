package io.cdrvault.store.model;

/** Delivery state of an SMS as reported by the gateway. */
public enum DeliveryStatus {
  SUBMITTED,
  DELIVERED,
  FAILED,
  EXPIRED,
  REJECTED,
  UNKNOWN
}
