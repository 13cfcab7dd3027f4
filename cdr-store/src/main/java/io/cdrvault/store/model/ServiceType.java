package io.cdrvault.store.model;

/** The service a record describes. */
public enum ServiceType {
  VOICE,
  SMS
}
